#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"
#include "backend/analysis/ReadingContext.h"

/// Signal-quality detectors: problems with the readings, reported as sensor alerts (never as
/// health findings).
namespace nexus::analysis {

/// No readings for longer than DropoutSettings::minGapUs. Reported when the next reading arrives
/// (open and closed at once), or opened early by tick() when the user stays silent.
class DropoutDetector
{
public:
    void feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx, const DetectorSettings& settings);
    /// `lastSampleUs`/`lastHrBpm`: the user's newest reading; opens the dropout while it lasts.
    void tick(TimestampUs nowUs, TimestampUs lastSampleUs, std::uint16_t lastHrBpm, const EmitContext& ctx,
              const DetectorSettings& settings);

    void save(BlobWriter& w) const { m_episode.save(w); }
    bool load(BlobReader& r) { return m_episode.load(r); }

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    Episode m_episode{true};
};

/// The same HR value on FlatlineSettings::minReadings consecutive readings.
class FlatlineDetector
{
public:
    void feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx, const DetectorSettings& settings);
    void tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    /// True while a run is long enough to be an open flat-line: its readings are not physiology.
    bool isOpen() const { return m_episode.isOpen(); }
    /// Identical consecutive readings so far, the newest included.
    int runLength() const { return int(m_runCount); }

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    std::uint32_t m_runCount = 0; ///< consecutive readings with HR == m_runHrBpm
    std::uint16_t m_runHrBpm = 0;
    Episode m_episode{true};
};

/// HR out of the plausible range, or spikes: ≥ 2 jumps of ≥ 50 bpm within 5 min outside workouts.
class ImplausibleDetector
{
public:
    void feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx, const DetectorSettings& settings);
    void tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    bool isOpen() const { return m_episode.isOpen(); }

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    TimestampUs m_lastJumpUs = 0; ///< newest jump reading (0 = none)
    float m_lastJumpBpm = 0.0f;
    std::uint16_t m_lastJumpHrBpm = 0;
    Episode m_episode{true};
};

} // namespace nexus::analysis
