#include "backend/analysis/SignalQualityDetectors.h"

#include <cmath>
#include <cstdlib>

namespace nexus::analysis {

namespace {

double minutes(DurationUs us)
{
    return std::round(double(us) / double(kUsPerMinute) * 10.0) / 10.0;
}

} // namespace

// --- dropout ---

void DropoutDetector::feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx,
                           const DetectorSettings& settings)
{
    // An episode opened by tick() ends at the next reading even when a watermark ran ahead of it.
    if (info.sincePreviousUs <= settings.dropout.minGapUs && !m_episode.isOpen())
        return;
    if (!m_episode.isOpen()) { // not already opened by tick(): the gap is news now
        m_episode.begin(s.tsUs - info.sincePreviousUs, 0.0, info.previousHrBpm);
        m_episode.open(ctx, detector::kSensorDropout, s.tsUs, describe(m_episode, settings));
    }
    m_episode.hit(s.tsUs, minutes(info.sincePreviousUs), s.hrBpm);
    m_episode.close(ctx, detector::kSensorDropout, s.tsUs, describe(m_episode, settings));
}

void DropoutDetector::tick(TimestampUs nowUs, TimestampUs lastSampleUs, std::uint16_t lastHrBpm, const EmitContext& ctx,
                           const DetectorSettings& settings)
{
    if (lastSampleUs == 0 || m_episode.isOpen() || nowUs - lastSampleUs <= settings.dropout.minGapUs)
        return;
    m_episode.begin(lastSampleUs, minutes(nowUs - lastSampleUs), lastHrBpm);
    m_episode.open(ctx, detector::kSensorDropout, nowUs, describe(m_episode, settings));
}

EpisodeText DropoutDetector::describe(const Episode& e, const DetectorSettings& settings) const
{
    EpisodeText text;
    text.unit = "min";
    const bool ended = e.lastHitUs() != e.startUs();
    text.message = ended ? "No readings for " + formatNumber(e.peak(), 1) + " min"
                         : "No readings for " + formatNumber(e.peak(), 1) + " min so far";
    text.severity = e.peak() * double(kUsPerMinute) >= double(settings.dropout.warningGapUs) ? AlertSeverity::Warning
                                                                                             : AlertSeverity::Info;
    return text;
}

// --- flat-line ---

void FlatlineDetector::feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx,
                            const DetectorSettings& settings)
{
    const FlatlineSettings& f = settings.flatline;
    const bool continues =
        m_runCount > 0 && s.hrBpm == m_runHrBpm && info.sincePreviousUs >= 0 && info.sincePreviousUs <= f.maxGapUs;
    if (!continues) {
        if (m_episode.isOpen())
            m_episode.close(ctx, detector::kSensorFlatline, s.tsUs, describe(m_episode, settings));
        m_episode.reset();
        m_runCount = 1;
        m_runHrBpm = s.hrBpm;
        return;
    }
    ++m_runCount;
    if (m_episode.idle()) // evidence starts with the run's first reading
        m_episode.begin(s.tsUs - info.sincePreviousUs, s.hrBpm);
    m_episode.hit(s.tsUs, s.hrBpm);
    if (m_episode.isOpen()) {
        m_episode.maybeUpdate(ctx, detector::kSensorFlatline, s.tsUs, describe(m_episode, settings),
                              settings.episode.updateEveryUs);
    } else if (m_runCount >= std::uint32_t(f.minReadings) && s.tsUs - m_episode.startUs() >= f.minSpanUs) {
        m_episode.open(ctx, detector::kSensorFlatline, s.tsUs, describe(m_episode, settings));
    }
}

void FlatlineDetector::tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    if (m_episode.isOpen() && nowUs - m_episode.lastHitUs() > settings.flatline.maxGapUs) {
        m_episode.close(ctx, detector::kSensorFlatline, nowUs, describe(m_episode, settings));
        m_runCount = 0;
    }
}

EpisodeText FlatlineDetector::describe(const Episode& e, const DetectorSettings& settings) const
{
    EpisodeText text;
    text.unit = "bpm";
    const DurationUs span = e.lastHitUs() - e.startUs();
    text.message = "HR stuck at " + formatNumber(e.peak(), 0) + " bpm for " + formatDuration(span) + " (" +
                   std::to_string(e.hits()) + " readings)";
    text.severity = span >= settings.flatline.warningSpanUs ? AlertSeverity::Warning : AlertSeverity::Info;
    return text;
}

void FlatlineDetector::save(BlobWriter& w) const
{
    w.put(m_runCount);
    w.put(m_runHrBpm);
    m_episode.save(w);
}

bool FlatlineDetector::load(BlobReader& r)
{
    return r.get(m_runCount) && r.get(m_runHrBpm) && m_episode.load(r);
}

// --- implausible readings ---

void ImplausibleDetector::feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx,
                               const DetectorSettings& settings)
{
    const ImplausibleSettings& p = settings.implausible;
    const double jumpBpm = info.sincePreviousUs >= 0 ? std::abs(int(s.hrBpm) - int(info.previousHrBpm)) : 0.0;
    const bool jump = info.sincePreviousUs >= 0 && info.sincePreviousUs <= p.jumpMaxGapUs && !s.workout &&
                      !info.previousWorkout && jumpBpm >= p.jumpBpm;
    bool bad = !info.plausible;
    if (jump) {
        const bool spike = m_lastJumpUs != 0 && s.tsUs - m_lastJumpUs <= p.jumpWindowUs;
        if (spike && m_episode.idle()) // the first jump of the pair is evidence too
            m_episode.begin(m_lastJumpUs, m_lastJumpBpm, m_lastJumpHrBpm);
        bad = bad || spike || m_episode.isOpen();
        m_lastJumpUs = s.tsUs;
        m_lastJumpBpm = float(jumpBpm);
        m_lastJumpHrBpm = s.hrBpm;
    }
    if (bad) {
        if (m_episode.idle())
            m_episode.begin(s.tsUs, jumpBpm, s.hrBpm);
        else
            m_episode.hit(s.tsUs, jumpBpm, s.hrBpm);
        if (m_episode.isOpen())
            m_episode.maybeUpdate(ctx, detector::kSensorImplausible, s.tsUs, describe(m_episode, settings),
                                  settings.episode.updateEveryUs);
        else
            m_episode.open(ctx, detector::kSensorImplausible, s.tsUs, describe(m_episode, settings));
        return;
    }
    tick(s.tsUs, ctx, settings);
}

void ImplausibleDetector::tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    if (m_episode.isOpen() && nowUs - m_episode.lastHitUs() >= settings.implausible.closeAfterQuietUs)
        m_episode.close(ctx, detector::kSensorImplausible, nowUs, describe(m_episode, settings));
}

EpisodeText ImplausibleDetector::describe(const Episode& e, const DetectorSettings& settings) const
{
    EpisodeText text;
    text.unit = "bpm";
    text.message = std::to_string(e.hits()) + " implausible HR readings in " +
                   formatDuration(e.lastHitUs() - e.startUs()) + " (jumps up to " + formatNumber(e.peak(), 0) + " bpm)";
    text.severity = e.hits() >= settings.implausible.warningBadReadings ? AlertSeverity::Warning : AlertSeverity::Info;
    return text;
}

void ImplausibleDetector::save(BlobWriter& w) const
{
    w.put(m_lastJumpUs);
    w.put(m_lastJumpBpm);
    w.put(m_lastJumpHrBpm);
    m_episode.save(w);
}

bool ImplausibleDetector::load(BlobReader& r)
{
    return r.get(m_lastJumpUs) && r.get(m_lastJumpBpm) && r.get(m_lastJumpHrBpm) && m_episode.load(r);
}

} // namespace nexus::analysis
