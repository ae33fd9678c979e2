#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"
#include "backend/analysis/ReadingContext.h"

/// Sustained heart-rate detectors on the minute-level readings: tachycardia at rest and
/// bradycardia while awake. Both use feedRun's persistence and hysteresis (RunRule).
namespace nexus::analysis {

class TachycardiaDetector
{
public:
    /// The onset threshold for this user now (see TachycardiaSettings).
    static double thresholdBpm(const ReadingContext& context, const DetectorSettings& settings);

    /// Judges one reading. Returns true when it was abnormal (a hit), so that it stays out of baselines.
    bool feed(const HealthSample& s, const ReadingInfo& info, double thresholdBpm, const EmitContext& ctx,
              const DetectorSettings& settings);
    /// Time passes without a reading (DetectorSettings' timeouts only).
    void tick(TimestampUs tsUs, const EmitContext& ctx, const DetectorSettings& settings);
    bool idle() const { return m_episode.idle(); }

    void save(BlobWriter& w) const { m_episode.save(w); }
    bool load(BlobReader& r) { return m_episode.load(r); }

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    Episode m_episode{true};
};

class BradycardiaDetector
{
public:
    static double thresholdBpm(const ReadingContext& context, const DetectorSettings& settings);

    bool feed(const HealthSample& s, const ReadingInfo& info, double thresholdBpm, const EmitContext& ctx,
              const DetectorSettings& settings);
    void tick(TimestampUs tsUs, const EmitContext& ctx, const DetectorSettings& settings);
    bool idle() const { return m_episode.idle(); }

    void save(BlobWriter& w) const { m_episode.save(w); }
    bool load(BlobReader& r) { return m_episode.load(r); }

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    Episode m_episode{false};
};

} // namespace nexus::analysis
