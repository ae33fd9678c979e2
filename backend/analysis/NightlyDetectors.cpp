#include "backend/analysis/NightlyDetectors.h"

#include <algorithm>
#include <cmath>

namespace nexus::analysis {

double NightlyBaseline::sd(double floor) const
{
    return std::max(floor, std::sqrt(std::max(0.0, m_var)));
}

void NightlyBaseline::add(double x, const NightlySettings& s)
{
    if (!ready(s)) {
        ++m_count;
        const double d = x - m_mean;
        m_mean += d / m_count;
        m_m2 += d * (x - m_mean);
        m_var = m_count > 1 ? m_m2 / (m_count - 1) : 0.0;
        return;
    }
    const double half = s.winsorZ * std::sqrt(std::max(0.0, m_var));
    const double clamped = half > 0.0 ? std::clamp(x, m_mean - half, m_mean + half) : x;
    const double d = clamped - m_mean;
    const double inc = s.alpha * d;
    m_mean += inc;
    m_var = (1.0 - s.alpha) * (m_var + d * inc);
    ++m_count;
}

void NightlyDetectors::night(const NightSummary& n, TimestampUs nowUs, const EmitContext& ctx,
                             const DetectorSettings& settings)
{
    if (n.irregular || n.meanRrMs <= 0.0 || n.rmssdMs <= 0.0)
        return;
    const NightlySettings& s = settings.nightly;
    const double rhr = 60000.0 / n.meanRrMs;
    const double lnRmssd = std::log(n.rmssdMs);
    const double rhrFloor = std::max(s.rhrSdFloorBpm, s.rhrSdFloorFraction * m_rhr.baseline.mean());
    judge(m_rhr, detector::kRestingHrElevated, rhr, rhr, rhrFloor, +1, s.rhrOpenZ, s.rhrCloseZ, n, nowUs, ctx,
          settings);
    judge(m_hrv, detector::kHrvDrop, lnRmssd, n.rmssdMs, s.hrvSdFloorLn, -1, s.hrvOpenZ, s.hrvCloseZ, n, nowUs, ctx,
          settings);
    m_rhr.baseline.add(rhr, s);
    m_hrv.baseline.add(lnRmssd, s);
}

void NightlyDetectors::judge(Track& t, std::string_view detector, double x, double shown, double sdFloor, int sign,
                             double openZ, double closeZ, const NightSummary& n, TimestampUs nowUs,
                             const EmitContext& ctx, const DetectorSettings& settings)
{
    const NightlySettings& s = settings.nightly;
    if (!t.baseline.ready(s))
        return;
    const double z = (x - t.baseline.mean()) / t.baseline.sd(sdFloor);
    t.lastZ = z;
    // sign flips the HRV rule (low is abnormal) onto the resting-HR one (high is abnormal).
    if (sign * z > sign * openZ) {
        ++t.abnormalNights;
        if (t.episode.idle())
            t.episode.begin(n.firstBeatUs, n.lastBeatUs, shown, shown);
        else
            t.episode.hit(n.lastBeatUs, shown);
        if (t.episode.isOpen())
            t.episode.maybeUpdate(ctx, detector, nowUs, describe(t, detector, settings), 0);
        else if (t.abnormalNights >= s.nightsToOpen)
            t.episode.open(ctx, detector, nowUs, describe(t, detector, settings));
        return;
    }
    t.abnormalNights = 0;
    if (!t.episode.isOpen())
        t.episode.reset();
    else if (sign * z < sign * closeZ)
        t.episode.close(ctx, detector, nowUs, describe(t, detector, settings));
}

EpisodeText NightlyDetectors::describe(const Track& t, std::string_view detector,
                                       const DetectorSettings& settings) const
{
    const NightlySettings& s = settings.nightly;
    EpisodeText text;
    const std::string nights = std::to_string(t.episode.hits()) + (t.episode.hits() == 1 ? " night" : " nights");
    if (detector == detector::kRestingHrElevated) {
        const double floor = std::max(s.rhrSdFloorBpm, s.rhrSdFloorFraction * t.baseline.mean());
        text.unit = "bpm";
        text.message = "Resting HR up to " + formatNumber(t.episode.peak(), 1) + " bpm vs baseline " +
                       formatNumber(t.baseline.mean(), 1) + " ± " + formatNumber(t.baseline.sd(floor), 1) + " bpm (z " +
                       formatNumber(t.lastZ, 1) + ") for " + nights;
        text.severity = t.lastZ >= s.rhrWarningZ ? AlertSeverity::Warning : AlertSeverity::Info;
    } else {
        text.unit = "ms";
        text.message = "Nightly rMSSD down to " + formatNumber(t.episode.peak(), 1) + " ms vs baseline " +
                       formatNumber(std::exp(t.baseline.mean()), 1) + " ms (ln z " + formatNumber(t.lastZ, 1) +
                       ") for " + nights;
        text.severity = t.lastZ <= s.hrvWarningZ ? AlertSeverity::Warning : AlertSeverity::Info;
    }
    return text;
}

void NightlyDetectors::save(BlobWriter& w) const
{
    for (const Track* t : {&m_rhr, &m_hrv}) {
        w.put(t->baseline);
        w.put(t->lastZ);
        w.put(t->abnormalNights);
        t->episode.save(w);
    }
}

bool NightlyDetectors::load(BlobReader& r)
{
    for (Track* t : {&m_rhr, &m_hrv})
        if (!r.get(t->baseline) || !r.get(t->lastZ) || !r.get(t->abnormalNights) || !t->episode.load(r))
            return false;
    return true;
}

} // namespace nexus::analysis
