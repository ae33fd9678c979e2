#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/StateBlob.h"
#include "models/events/HealthBatch.h"

namespace nexus::analysis {

/// What the analyzer knows about one reading beyond its fields, worked out from the user's
/// recent readings. Devices report neither sleep nor "at rest": these are inferred (see
/// ContextSettings and docs/detectors.md).
struct ReadingInfo
{
    DurationUs sincePreviousUs = -1; ///< -1 for the user's first reading
    std::uint16_t previousHrBpm = 0;
    bool previousWorkout = false;
    bool postWorkout = false; ///< not in a workout, but within postWorkoutUs of one
    bool atRest = false;      ///< steps == 0, not in a workout or its recovery
    bool asleep = false;      ///< SpO2 measured recently and no steps since
    bool plausible = true;    ///< HR inside [minPlausibleBpm, maxPlausibleBpm]
    /// Set by the sensor detectors: the reading sits in a spike episode or a run of identical
    /// values, so health detectors must not count it as abnormal.
    bool suspect = false;
};

/// Per-user context: the previous reading, the last workout, the sleep hint and the awake resting
/// HR baseline. Trivially copyable (snapshots copy it whole).
class ReadingContext
{
public:
    /// Event time of the newest accepted reading; 0 before the first.
    TimestampUs lastSampleUs() const { return m_s.lastSampleUs; }
    std::uint16_t lastHrBpm() const { return m_s.lastHrBpm; }
    /// Whether the sleep hint still holds at `tsUs` (no newer reading considered).
    bool asleepAt(TimestampUs tsUs) const { return tsUs < m_s.asleepUntilUs; }

    /// Works out `s`'s ReadingInfo and moves the context past it. Call once per accepted reading,
    /// in event-time order.
    ReadingInfo observe(const HealthSample& s, const ContextSettings& settings);

    /// Feeds a normal at-rest awake reading into the awake resting-HR baseline.
    void learnAwakeRest(double hrBpm, const ContextSettings& settings);
    bool baselineReady(const ContextSettings& settings) const
    {
        return m_s.baselineReadings >= std::uint32_t(settings.baselineWarmupReadings);
    }
    /// The awake resting-HR baseline in bpm (meaningful once baselineReady()).
    double awakeRestBpm() const { return m_s.awakeRestBpm; }

    void save(BlobWriter& w) const { w.put(m_s); }
    bool load(BlobReader& r) { return r.get(m_s); }

private:
    struct State
    {
        TimestampUs lastSampleUs = 0;
        TimestampUs lastWorkoutUs = 0; ///< newest workout sample; 0 = none
        TimestampUs asleepUntilUs = 0; ///< sleep hint holds until then
        double awakeRestBpm = 0.0;
        std::uint32_t baselineReadings = 0;
        std::uint16_t lastHrBpm = 0;
        bool lastWorkout = false;
    };
    State m_s;
};

} // namespace nexus::analysis
