#pragma once

#include "models/core/Time.h"

#include <cstdint>

namespace nexus {

/// A calendar day as the number of days since 1970-01-01 (UTC). The twin works in whole days:
/// loads, nights and scores are per day, and day arithmetic is integer arithmetic.
using DayNumber = std::int32_t;

constexpr std::int64_t kUsPerDay = 86400LL * kUsPerSecond;

/// The UTC day an event time falls on (floor division, so times before 1970 work too).
constexpr DayNumber dayOf(TimestampUs tsUs)
{
    const std::int64_t q = tsUs / kUsPerDay;
    return static_cast<DayNumber>((tsUs % kUsPerDay < 0) ? q - 1 : q);
}

constexpr TimestampUs startOfDayUs(DayNumber day) { return static_cast<TimestampUs>(day) * kUsPerDay; }

} // namespace nexus
