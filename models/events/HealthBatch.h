#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nexus {

/// One 1 Hz reading from a wearable. JSON form: resources/schemas/health-batch.v1.schema.json.
struct HealthSample
{
    TimestampUs tsUs = 0;  ///< event time of the reading
    std::uint16_t hrBpm = 0; ///< heart rate, beats per minute (20..250)
    std::uint16_t steps = 0; ///< steps counted during the second ending at tsUs

    bool operator==(const HealthSample& o) const { return tsUs == o.tsUs && hrBpm == o.hrBpm && steps == o.steps; }
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

    bool operator==(const HealthBatch& o) const
    {
        return userId == o.userId && deviceId == o.deviceId && sentAtUs == o.sentAtUs && samples == o.samples;
    }
};

} // namespace nexus
