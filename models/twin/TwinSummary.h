#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <string>

namespace nexus {

/// The minimal twin of the walking skeleton: rolling heart-rate statistics and step totals of one
/// user, computed from event time only. JSON form on `twin-updates`:
/// resources/schemas/twin-update.v1.schema.json.
struct TwinSummary
{
    static constexpr int kSchemaVersion = 1;

    std::string userId;
    std::uint16_t lastHrBpm = 0;
    double meanHrBpm = 0.0;       ///< arithmetic mean over all samples seen
    std::uint64_t sampleCount = 0;
    std::uint64_t stepsTotal = 0;
    TimestampUs lastEventUs = 0;  ///< event time of the newest sample applied

    bool operator==(const TwinSummary& o) const
    {
        return userId == o.userId && lastHrBpm == o.lastHrBpm && meanHrBpm == o.meanHrBpm &&
               sampleCount == o.sampleCount && stepsTotal == o.stepsTotal && lastEventUs == o.lastEventUs;
    }
};

} // namespace nexus
