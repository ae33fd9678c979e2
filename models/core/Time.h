#pragma once

#include <chrono>
#include <cstdint>

namespace nexus {

/// Microseconds since the Unix epoch, UTC. The one time type of the code base: event time,
/// send time and wall-clock readings all use it, and units are written into names (`...Us`).
using TimestampUs = std::int64_t;
/// A duration in microseconds.
using DurationUs = std::int64_t;

constexpr DurationUs kUsPerMs = 1000;
constexpr DurationUs kUsPerSecond = 1000 * 1000;

/// Wall clock now. Only for measuring latency and pacing live sources: processors compute from
/// event time and never call this.
inline TimestampUs wallClockUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

/// Monotonic clock for measuring intervals on one machine (never serialized).
inline std::int64_t steadyClockUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace nexus
