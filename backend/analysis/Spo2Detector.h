#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"
#include "models/events/HealthBatch.h"

namespace nexus::analysis {

/// SpO2 below 90 % on consecutive measured readings (Spo2Settings). Readings without SpO2 only
/// advance time.
class Spo2Detector
{
public:
    void feed(const HealthSample& s, const EmitContext& ctx, const DetectorSettings& settings);
    void tick(TimestampUs tsUs, const EmitContext& ctx, const DetectorSettings& settings);
    bool idle() const { return m_episode.idle(); }

    void save(BlobWriter& w) const { m_episode.save(w); }
    bool load(BlobReader& r) { return m_episode.load(r); }

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    Episode m_episode{false};
};

} // namespace nexus::analysis
