#include "backend/analysis/Spo2Detector.h"

#include "backend/analysis/ThresholdRun.h"

namespace nexus::analysis {

void Spo2Detector::feed(const HealthSample& s, const EmitContext& ctx, const DetectorSettings& settings)
{
    if (s.spo2Pct == 0) {
        tick(s.tsUs, ctx, settings);
        return;
    }
    const Spo2Settings& o = settings.spo2;
    const Verdict verdict = s.spo2Pct < o.onsetBelowPct ? Verdict::Hit
                            : s.spo2Pct >= o.clearAtPct ? Verdict::Clear
                                                        : Verdict::Neutral;
    feedRun(m_episode, o.rule, verdict, s.tsUs, s.spo2Pct, ctx, detector::kSpo2Low, settings.episode.updateEveryUs,
            [&](const Episode& e, TimestampUs) { return describe(e, settings); });
}

void Spo2Detector::tick(TimestampUs tsUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    tickRun(m_episode, settings.spo2.rule, tsUs, ctx, detector::kSpo2Low,
            [&](const Episode& e, TimestampUs) { return describe(e, settings); });
}

EpisodeText Spo2Detector::describe(const Episode& e, const DetectorSettings& settings) const
{
    EpisodeText text;
    text.unit = "%";
    text.message = "SpO2 down to " + formatNumber(e.peak(), 0) + " % for " +
                   formatDuration(e.lastHitUs() - e.startUs()) + " (" + std::to_string(e.hits()) + " readings below " +
                   std::to_string(settings.spo2.onsetBelowPct) + " %)";
    text.severity = e.peak() < settings.spo2.criticalBelowPct ? AlertSeverity::Critical : AlertSeverity::Warning;
    return text;
}

} // namespace nexus::analysis
