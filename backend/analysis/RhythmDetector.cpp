#include "backend/analysis/RhythmDetector.h"

#include <algorithm>
#include <cmath>

namespace nexus::analysis {

RrWindowStats rrWindowStats(const std::uint16_t* rrMs, int n)
{
    RrWindowStats st;
    if (n < 3)
        return st;
    double sum = 0.0;
    for (int i = 0; i < n; ++i)
        sum += rrMs[i];
    const double mean = sum / n;
    double sq = 0.0, sqDiff = 0.0, lag2 = 0.0;
    int turning = 0;
    for (int i = 0; i < n; ++i) {
        sq += (rrMs[i] - mean) * (rrMs[i] - mean);
        if (i >= 2)
            lag2 += (rrMs[i] - mean) * (rrMs[i - 2] - mean);
        if (i > 0)
            sqDiff += double(rrMs[i] - rrMs[i - 1]) * double(rrMs[i] - rrMs[i - 1]);
        if (i > 0 && i + 1 < n) {
            const int a = int(rrMs[i]) - int(rrMs[i - 1]), b = int(rrMs[i + 1]) - int(rrMs[i]);
            if ((a > 0 && b < 0) || (a < 0 && b > 0))
                ++turning;
        }
    }
    const double sdnn = std::sqrt(sq / (n - 1));
    const double rmssd = std::sqrt(sqDiff / (n - 1));
    st.meanRrMs = mean;
    st.rmssdMs = rmssd;
    st.normRmssd = mean > 0.0 ? rmssd / mean : 0.0;
    st.rmssdToSdnn = sdnn > 0.0 ? rmssd / sdnn : 0.0;
    st.turningPoints = double(turning) / (n - 2);
    st.lag2Autocorr = sq > 0.0 ? lag2 / sq : 0.0;
    return st;
}

void RhythmDetector::beat(TimestampUs endUs, std::uint16_t rrMs, const EmitContext& ctx,
                          const DetectorSettings& settings)
{
    const RhythmSettings& r = settings.rhythm;
    const TimestampUs beatStartUs = endUs - TimestampUs(rrMs) * kUsPerMs;
    if (m_s.filled > 0 && std::abs(beatStartUs - m_s.lastBeatUs) > r.maxBeatGapUs) {
        // A new RR window: windows never straddle the gap, and an episode does not survive it.
        m_s.filled = 0;
        m_s.sinceEval = 0;
        m_s.irregularRun = 0;
        m_s.regularRun = 0;
        m_s.nightPrevRrMs = 0;
        if (m_episode.isOpen())
            m_episode.close(ctx, detector::kIrregularRhythm, endUs, describe(settings));
        m_episode.reset();
    }
    m_s.ring[m_s.head] = rrMs;
    m_s.head = std::uint16_t((m_s.head + 1) % kMaxWindowBeats);
    m_s.filled = std::uint16_t(std::min<int>(m_s.filled + 1, kMaxWindowBeats));
    ++m_s.sinceEval;
    m_s.lastBeatUs = endUs;

    if (m_s.nightBeats == 0)
        m_s.nightFirstUs = beatStartUs;
    m_s.nightLastUs = endUs;
    ++m_s.nightBeats;
    m_s.nightRrSumMs += rrMs;
    if (m_s.nightPrevRrMs != 0) {
        m_s.nightSqDiffSum += double(rrMs - m_s.nightPrevRrMs) * double(rrMs - m_s.nightPrevRrMs);
        ++m_s.nightDiffs;
    }
    m_s.nightPrevRrMs = rrMs;

    const int window = std::clamp(r.windowBeats, 8, kMaxWindowBeats);
    if (m_s.filled >= window && m_s.sinceEval >= std::max(1, r.strideBeats))
        evaluate(endUs, ctx, settings);
}

void RhythmDetector::evaluate(TimestampUs endUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    const RhythmSettings& r = settings.rhythm;
    const int window = std::clamp(r.windowBeats, 8, kMaxWindowBeats);
    m_s.sinceEval = 0;
    std::array<std::uint16_t, kMaxWindowBeats> beats{};
    TimestampUs spanUs = 0;
    for (int i = 0; i < window; ++i) {
        beats[std::size_t(i)] = m_s.ring[std::size_t((m_s.head + kMaxWindowBeats - window + i) % kMaxWindowBeats)];
        spanUs += TimestampUs(beats[std::size_t(i)]) * kUsPerMs;
    }
    const RrWindowStats st = rrWindowStats(beats.data(), window);
    const bool isIrregular = irregular(st, r);
    if (isIrregular) {
        m_s.nightIrregular = true;
        m_s.regularRun = 0;
        if (m_s.irregularRun < 0xff)
            ++m_s.irregularRun;
        if (m_episode.idle()) {
            m_episode.begin(endUs - spanUs, endUs, st.normRmssd, st.normRmssd);
            m_s.flaggedRrSumMs = 0.0;
            m_s.flaggedWindows = 0;
        } else {
            m_episode.hit(endUs, st.normRmssd);
        }
        m_s.flaggedRrSumMs += st.meanRrMs;
        ++m_s.flaggedWindows;
        if (m_episode.isOpen())
            m_episode.maybeUpdate(ctx, detector::kIrregularRhythm, endUs, describe(settings),
                                  settings.episode.updateEveryUs);
        else if (m_s.irregularRun >= r.openAfterWindows)
            m_episode.open(ctx, detector::kIrregularRhythm, endUs, describe(settings));
        return;
    }
    m_s.irregularRun = 0;
    if (m_s.regularRun < 0xff)
        ++m_s.regularRun;
    if (m_episode.isOpen() && m_s.regularRun >= r.closeAfterWindows)
        m_episode.close(ctx, detector::kIrregularRhythm, endUs, describe(settings));
    else if (!m_episode.isOpen())
        m_episode.reset();
}

void RhythmDetector::tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    if (m_episode.idle() || nowUs - m_s.lastBeatUs < settings.rhythm.closeAfterSilenceUs)
        return;
    if (m_episode.isOpen())
        m_episode.close(ctx, detector::kIrregularRhythm, nowUs, describe(settings));
    m_episode.reset();
}

bool RhythmDetector::irregular(const RrWindowStats& st, const RhythmSettings& r) const
{
    return st.normRmssd >= r.minNormRmssd && st.rmssdMs >= r.userFactor * m_s.typicalRmssdMs &&
           st.rmssdToSdnn >= r.minRmssdToSdnn && st.turningPoints >= r.minTurningPoints &&
           st.turningPoints <= r.maxTurningPoints;
}

bool RhythmDetector::takeNight(TimestampUs nowUs, bool asleep, const DetectorSettings& settings, NightSummary& out)
{
    if (m_s.nightBeats == 0 || asleep || nowUs - m_s.nightLastUs < settings.nightly.nightEndAfterUs)
        return false;
    out.firstBeatUs = m_s.nightFirstUs;
    out.lastBeatUs = m_s.nightLastUs;
    out.beats = int(m_s.nightBeats);
    out.meanRrMs = m_s.nightRrSumMs / m_s.nightBeats;
    out.rmssdMs = m_s.nightDiffs ? std::sqrt(m_s.nightSqDiffSum / m_s.nightDiffs) : 0.0;
    out.irregular = m_s.nightIrregular;
    m_s.nightBeats = 0;
    m_s.nightDiffs = 0;
    m_s.nightRrSumMs = 0.0;
    m_s.nightSqDiffSum = 0.0;
    m_s.nightIrregular = false;
    m_s.nightPrevRrMs = 0;
    if (out.beats < settings.nightly.minBeats || out.rmssdMs <= 0.0)
        return false;
    // Learn the user's own beat-to-beat variability from regular nights only.
    if (!out.irregular) {
        m_s.typicalRmssdMs =
            m_s.typicalRmssdMs == 0.0f
                ? float(out.rmssdMs)
                : float(m_s.typicalRmssdMs + settings.rhythm.typicalAlpha * (out.rmssdMs - m_s.typicalRmssdMs));
    }
    return true;
}

EpisodeText RhythmDetector::describe(const DetectorSettings& settings) const
{
    const double meanRr = m_s.flaggedWindows ? m_s.flaggedRrSumMs / m_s.flaggedWindows : 0.0;
    const double hr = meanRr > 0.0 ? 60000.0 / meanRr : 0.0;
    EpisodeText text;
    text.unit = "ratio";
    text.message = "Irregular rhythm for " + formatDuration(m_episode.lastHitUs() - m_episode.startUs()) +
                   ": normalised rMSSD up to " + formatNumber(m_episode.peak(), 2) + ", mean HR " +
                   formatNumber(std::round(hr), 0) + " bpm";
    text.severity = hr >= settings.rhythm.criticalMeanHrBpm ? AlertSeverity::Critical : AlertSeverity::Warning;
    return text;
}

void RhythmDetector::save(BlobWriter& w) const
{
    w.put(m_s);
    m_episode.save(w);
}

bool RhythmDetector::load(BlobReader& r)
{
    return r.get(m_s) && m_episode.load(r);
}

} // namespace nexus::analysis
