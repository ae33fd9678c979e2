#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"
#include "backend/analysis/RhythmDetector.h"

namespace nexus::analysis {

/// A user's normal range of one nightly value: plain mean and variance over the first
/// warmupNights nights, then an EWMA of both; nights enter clamped to mean ± winsorZ SD so that an
/// illness shifts the baseline slowly rather than teaching it that the illness is normal.
class NightlyBaseline
{
public:
    bool ready(const NightlySettings& s) const { return m_count >= std::uint32_t(s.warmupNights); }
    double mean() const { return m_mean; }
    double sd(double floor) const;
    void add(double x, const NightlySettings& s);

private:
    double m_mean = 0.0;
    double m_var = 0.0; ///< sample variance during warm-up, EW variance after
    double m_m2 = 0.0;  ///< Welford's sum of squares (warm-up)
    std::uint32_t m_count = 0;
};

/// The two nightly baseline detectors: resting HR elevated (z > 2.5) and HRV drop (ln rMSSD
/// z < −2), each on nightsToOpen consecutive nights. Nights with an irregular rhythm are skipped.
class NightlyDetectors
{
public:
    /// Judges one night (decided at event time `nowUs`) and then learns from it.
    void night(const NightSummary& night, TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

    /// The baselines, for tests and reports.
    const NightlyBaseline& restingHrBaseline() const { return m_rhr.baseline; }
    const NightlyBaseline& lnRmssdBaseline() const { return m_hrv.baseline; }

private:
    struct Track
    {
        NightlyBaseline baseline;
        double lastZ = 0.0;
        std::uint16_t abnormalNights = 0;
        Episode episode;
    };
    void judge(Track& t, std::string_view detector, double x, double shown, double sdFloor, int sign, double openZ,
               double closeZ, const NightSummary& night, TimestampUs nowUs, const EmitContext& ctx,
               const DetectorSettings& settings);
    EpisodeText describe(const Track& t, std::string_view detector, const DetectorSettings& settings) const;

    Track m_rhr{{}, 0.0, 0, Episode{true}};
    Track m_hrv{{}, 0.0, 0, Episode{false}};
};

} // namespace nexus::analysis
