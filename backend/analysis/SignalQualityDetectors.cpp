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
    const bool gap = info.sincePreviousUs > settings.dropout.minGapUs;
    // A lost upload leaves a gap where its readings were; a reading without one means it held none.
    const bool lost = gap && m_lostUploads > 0;
    m_lostUploads = lost ? std::uint8_t(m_lostUploads - 1) : 0;
    // An episode opened by tick() ends at the next reading even when a watermark ran ahead of it.
    if (m_episode.isOpen())
        closeSilence(s, info, ctx, settings);
    else if (gap && !lost)
        addPending({s.tsUs - info.sincePreviousUs, s.tsUs, info.previousHrBpm, s.hrBpm}, s.tsUs, ctx, settings);
    confirmDue(s.tsUs, ctx, settings);
}

void DropoutDetector::noteLateReading(const HealthSample& s, TimestampUs newestUs, const EmitContext& ctx,
                                      const DetectorSettings& settings)
{
    const DurationUs minGapUs = settings.dropout.minGapUs;
    for (int i = 0; i < int(m_pendingCount); ++i) {
        const Gap g = m_pending[std::size_t(i)];
        if (s.tsUs <= g.startUs || s.tsUs >= g.endUs)
            continue;
        removePending(i);
        if (s.tsUs - g.startUs > minGapUs)
            addPending({g.startUs, s.tsUs, g.startHrBpm, s.hrBpm}, newestUs, ctx, settings);
        if (g.endUs - s.tsUs > minGapUs)
            addPending({s.tsUs, g.endUs, s.hrBpm, g.endHrBpm}, newestUs, ctx, settings);
        return; // gaps are disjoint
    }
}

void DropoutDetector::noteLostUpload()
{
    if (m_lostUploads < 0xff)
        ++m_lostUploads;
}

void DropoutDetector::tick(TimestampUs nowUs, TimestampUs lastSampleUs, std::uint16_t lastHrBpm, const EmitContext& ctx,
                           const DetectorSettings& settings)
{
    confirmDue(nowUs, ctx, settings);
    // Silence waits for late data too: a late upload would have arrived within confirmAfterUs.
    const DurationUs silentUs = nowUs - lastSampleUs;
    if (lastSampleUs == 0 || m_episode.isOpen() ||
        silentUs <= settings.dropout.minGapUs + settings.dropout.confirmAfterUs)
        return;
    m_episode.begin(lastSampleUs, minutes(silentUs), lastHrBpm);
    m_episode.open(ctx, detector::kSensorDropout, nowUs, describe(m_episode, settings));
}

void DropoutDetector::confirmAll(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    while (m_pendingCount > 0) {
        report(m_pending[0], nowUs, ctx, settings);
        removePending(0);
    }
}

void DropoutDetector::addPending(const Gap& gap, TimestampUs nowUs, const EmitContext& ctx,
                                 const DetectorSettings& settings)
{
    if (m_pendingCount == kMaxPending) { // full: the oldest gap is reported without waiting
        if (gap.startUs < m_pending[0].startUs) {
            report(gap, nowUs, ctx, settings);
            return;
        }
        report(m_pending[0], nowUs, ctx, settings);
        removePending(0);
    }
    std::size_t i = std::size_t(m_pendingCount++);
    for (; i > 0 && m_pending[i - 1].startUs > gap.startUs; --i)
        m_pending[i] = m_pending[i - 1];
    m_pending[i] = gap;
}

void DropoutDetector::removePending(int index)
{
    for (std::size_t i = std::size_t(index); i + 1 < std::size_t(m_pendingCount); ++i)
        m_pending[i] = m_pending[i + 1];
    m_pending[--m_pendingCount] = Gap{};
}

void DropoutDetector::confirmDue(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    // Disjoint gaps in time order: ends are in order too, so the due ones are at the front.
    while (m_pendingCount > 0 && nowUs - m_pending[0].endUs >= settings.dropout.confirmAfterUs) {
        report(m_pending[0], nowUs, ctx, settings);
        removePending(0);
    }
}

void DropoutDetector::report(const Gap& gap, TimestampUs nowUs, const EmitContext& ctx,
                             const DetectorSettings& settings)
{
    Episode e{true};
    e.begin(gap.startUs, 0.0, gap.startHrBpm);
    e.hit(gap.endUs, minutes(gap.endUs - gap.startUs), gap.endHrBpm);
    const EpisodeText text = describe(e, settings);
    e.open(ctx, detector::kSensorDropout, nowUs, text);
    e.close(ctx, detector::kSensorDropout, nowUs, text);
}

void DropoutDetector::closeSilence(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx,
                                   const DetectorSettings& settings)
{
    m_episode.hit(s.tsUs, minutes(info.sincePreviousUs), s.hrBpm);
    m_episode.close(ctx, detector::kSensorDropout, s.tsUs, describe(m_episode, settings));
}

void DropoutDetector::save(BlobWriter& w) const
{
    w.put(m_pending);
    w.put(m_pendingCount);
    w.put(m_lostUploads);
    m_episode.save(w);
}

bool DropoutDetector::load(BlobReader& r)
{
    if (!r.get(m_pending) || !r.get(m_pendingCount) || !r.get(m_lostUploads) || m_pendingCount > kMaxPending) {
        r.fail();
        return false;
    }
    return m_episode.load(r);
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
