#include "backend/analysis/HeartRateDetectors.h"

#include "backend/analysis/ThresholdRun.h"

#include <algorithm>

namespace nexus::analysis {

double TachycardiaDetector::thresholdBpm(const ReadingContext& context, const DetectorSettings& settings)
{
    const TachycardiaSettings& t = settings.tachycardia;
    if (!context.baselineReady(settings.context))
        return t.capBpm;
    return std::clamp(context.awakeRestBpm() + t.marginBpm, t.floorBpm, t.capBpm);
}

bool TachycardiaDetector::feed(const HealthSample& s, const ReadingInfo& info, double thresholdBpm,
                               const EmitContext& ctx, const DetectorSettings& settings)
{
    const double hr = s.hrBpm;
    Verdict verdict = Verdict::Neutral;
    if (info.plausible && !info.suspect && info.atRest && hr >= thresholdBpm)
        verdict = Verdict::Hit;
    else if (info.plausible && hr < thresholdBpm - settings.tachycardia.closeBelowBpm)
        verdict = Verdict::Clear;
    feedRun(m_episode, settings.tachycardia.rule, verdict, s.tsUs, hr, ctx, detector::kTachycardiaAtRest,
            settings.episode.updateEveryUs, [&](const Episode& e, TimestampUs) { return describe(e, settings); });
    return verdict == Verdict::Hit;
}

void TachycardiaDetector::tick(TimestampUs tsUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    tickRun(m_episode, settings.tachycardia.rule, tsUs, ctx, detector::kTachycardiaAtRest,
            [&](const Episode& e, TimestampUs) { return describe(e, settings); });
}

EpisodeText TachycardiaDetector::describe(const Episode& e, const DetectorSettings& settings) const
{
    const TachycardiaSettings& t = settings.tachycardia;
    const DurationUs span = e.lastHitUs() - e.startUs();
    EpisodeText text;
    text.unit = "bpm";
    text.message = "HR " + formatNumber(e.peak(), 0) + " bpm at rest for " + formatDuration(span);
    text.severity =
        e.peak() >= t.criticalBpm || span >= t.criticalDurationUs ? AlertSeverity::Critical : AlertSeverity::Warning;
    return text;
}

double BradycardiaDetector::thresholdBpm(const ReadingContext& context, const DetectorSettings& settings)
{
    const BradycardiaSettings& b = settings.bradycardia;
    if (!context.baselineReady(settings.context))
        return b.capBpm;
    return std::min(b.capBpm, context.awakeRestBpm() - b.marginBpm);
}

bool BradycardiaDetector::feed(const HealthSample& s, const ReadingInfo& info, double thresholdBpm,
                               const EmitContext& ctx, const DetectorSettings& settings)
{
    // An SpO2 reading means the user was asleep: a candidate was sleep onset, not bradycardia.
    if (s.spo2Pct != 0 && m_episode.phase() == Episode::Phase::Candidate)
        m_episode.reset();
    const double hr = s.hrBpm;
    Verdict verdict = Verdict::Neutral;
    if (info.plausible && !info.suspect && info.atRest && !info.asleep && hr < thresholdBpm)
        verdict = Verdict::Hit;
    else if (info.plausible && hr >= thresholdBpm + settings.bradycardia.closeAboveBpm)
        verdict = Verdict::Clear;
    feedRun(m_episode, settings.bradycardia.rule, verdict, s.tsUs, hr, ctx, detector::kBradycardia,
            settings.episode.updateEveryUs, [&](const Episode& e, TimestampUs) { return describe(e, settings); });
    return verdict == Verdict::Hit;
}

void BradycardiaDetector::tick(TimestampUs tsUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    tickRun(m_episode, settings.bradycardia.rule, tsUs, ctx, detector::kBradycardia,
            [&](const Episode& e, TimestampUs) { return describe(e, settings); });
}

EpisodeText BradycardiaDetector::describe(const Episode& e, const DetectorSettings& settings) const
{
    EpisodeText text;
    text.unit = "bpm";
    text.message =
        "HR " + formatNumber(e.peak(), 0) + " bpm awake at rest for " + formatDuration(e.lastHitUs() - e.startUs());
    text.severity = e.peak() < settings.bradycardia.criticalBpm ? AlertSeverity::Critical : AlertSeverity::Warning;
    return text;
}

} // namespace nexus::analysis
