#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nexus {

/// One reading from a wearable: 1 Hz during workouts, sparser at rest and asleep. JSON form:
/// resources/schemas/health-batch.v1.schema.json. SpO2 and skin temperature are optional readings
/// a device adds when it measured them (0 = not measured).
struct HealthSample
{
    /// The common 1 Hz reading; the optional readings are set by name.
    HealthSample(TimestampUs ts = 0, std::uint16_t hr = 0, std::uint16_t stepCount = 0)
        : tsUs(ts), hrBpm(hr), steps(stepCount)
    {
    }

    TimestampUs tsUs = 0;  ///< event time of the reading
    std::uint16_t hrBpm = 0; ///< heart rate, beats per minute (20..250)
    std::uint16_t steps = 0; ///< steps counted since the device's previous sample
    std::uint8_t spo2Pct = 0;        ///< blood oxygen saturation, 50..100 %; 0 = not measured
    bool workout = false;            ///< the device was recording a workout (the user started one)
    std::int16_t skinTempCentiC = 0; ///< distal skin temperature in 1/100 °C (20.00..45.00); 0 = not measured

    bool operator==(const HealthSample& o) const
    {
        return tsUs == o.tsUs && hrBpm == o.hrBpm && steps == o.steps && spo2Pct == o.spo2Pct && workout == o.workout &&
               skinTempCentiC == o.skinTempCentiC;
    }
};

/// What a device uploads in one sync: the samples since its last upload. One Kafka message on
/// `health-metrics`, keyed by userId, so the message rate stays well below the sample rate.
struct HealthBatch
{
    static constexpr int kSchemaVersion = 1;

    std::string userId;
    std::string deviceId;
    TimestampUs sentAtUs = 0; ///< wall clock when the device sent it; used only to measure latency
    std::vector<HealthSample> samples; ///< in event-time order
    /// Optional beat-to-beat (RR) intervals of one contiguous window, as devices record them at
    /// night for HRV: beat k ends at rrStartUs + rrMs[0] + … + rrMs[k] (ms → µs).
    TimestampUs rrStartUs = 0;
    std::vector<std::uint16_t> rrMs; ///< 200..2500 ms each

    bool operator==(const HealthBatch& o) const
    {
        return userId == o.userId && deviceId == o.deviceId && sentAtUs == o.sentAtUs && samples == o.samples &&
               rrStartUs == o.rrStartUs && rrMs == o.rrMs;
    }
};

} // namespace nexus
