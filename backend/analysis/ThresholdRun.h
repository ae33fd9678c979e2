#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"

/// The persistence and hysteresis rule shared by the sustained-threshold detectors (tachycardia,
/// bradycardia, SpO2), applied to one Episode reading by reading. See RunRule for the knobs.
namespace nexus::analysis {

enum class Verdict : std::uint8_t
{
    Hit,    ///< abnormal
    Clear,  ///< on the normal side of the close threshold
    Neutral ///< neither (between the thresholds, or not assessable: activity, workout, sleep)
};

/// Feeds one reading's verdict to `episode`. `describe(const Episode&, TimestampUs tsUs)` returns
/// the EpisodeText for a message; it is called only when a message is emitted.
template <typename Describe>
void feedRun(Episode& episode, const RunRule& rule, Verdict verdict, TimestampUs tsUs, double value,
             const EmitContext& ctx, std::string_view detector, DurationUs updateEveryUs, const Describe& describe)
{
    switch (episode.phase()) {
    case Episode::Phase::Idle:
        if (verdict == Verdict::Hit)
            episode.begin(tsUs, value);
        break;
    case Episode::Phase::Candidate:
        if (verdict == Verdict::Hit && !episode.confirmed() && tsUs - episode.lastHitUs() > rule.maxHitGapUs) {
            episode.begin(tsUs, value); // the old candidate went stale (e.g. across a data gap)
        } else if (verdict == Verdict::Hit) {
            episode.hit(tsUs, value);
        } else if (!episode.confirmed()) {
            episode.miss();
            const double allowed = rule.maxMisses + rule.missesPerHit * episode.hits();
            if (episode.misses() > allowed || tsUs - episode.lastHitUs() > rule.maxHitGapUs) {
                episode.reset();
                return;
            }
        } else if (verdict == Verdict::Clear) {
            episode.clear(tsUs);
        }
        break;
    case Episode::Phase::Open:
        if (verdict == Verdict::Hit) {
            episode.hit(tsUs, value);
            episode.maybeUpdate(ctx, detector, tsUs, describe(episode, tsUs), updateEveryUs);
            return;
        }
        if (verdict == Verdict::Clear)
            episode.clear(tsUs);
        break;
    }

    if (episode.phase() == Episode::Phase::Candidate) {
        if (!episode.confirmed() && episode.hits() >= rule.minHits &&
            episode.lastHitUs() - episode.startUs() >= rule.minSpanUs)
            episode.setConfirmed();
        if (!episode.confirmed() || tsUs - episode.startUs() < rule.confirmDelayUs)
            return;
        episode.open(ctx, detector, tsUs, describe(episode, tsUs));
    }
    if (episode.phase() != Episode::Phase::Open)
        return;
    const bool clearedLongEnough = episode.clearReadings() >= rule.closeAfterClearReadings &&
                                   tsUs - episode.clearSinceUs() >= rule.closeAfterClearUs;
    if (clearedLongEnough || tsUs - episode.lastHitUs() >= rule.closeAfterNoHitUs)
        episode.close(ctx, detector, tsUs, describe(episode, tsUs));
}

/// Advances time without a reading the detector can judge: drops a stale candidate, closes an
/// episode without hits for closeAfterNoHitUs.
template <typename Describe>
void tickRun(Episode& episode, const RunRule& rule, TimestampUs tsUs, const EmitContext& ctx, std::string_view detector,
             const Describe& describe)
{
    if (episode.phase() == Episode::Phase::Candidate && !episode.confirmed() &&
        tsUs - episode.lastHitUs() > rule.maxHitGapUs) {
        episode.reset();
        return;
    }
    if (episode.phase() == Episode::Phase::Candidate && episode.confirmed() &&
        tsUs - episode.startUs() >= rule.confirmDelayUs)
        episode.open(ctx, detector, tsUs, describe(episode, tsUs));
    if (episode.isOpen() && tsUs - episode.lastHitUs() >= rule.closeAfterNoHitUs)
        episode.close(ctx, detector, tsUs, describe(episode, tsUs));
}

} // namespace nexus::analysis
