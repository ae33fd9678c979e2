#pragma once

#include <cstdint>

namespace nexus {

/// Knobs of the wearable simulator. Defaults give the demo: 1,000 users in real time.
struct SimulatorOptions
{
    int users = 1000;
    std::uint64_t seed = 42;
    double speed = 1.0;            ///< event seconds per wall second (time compression)
    int uploadIntervalSeconds = 5; ///< a device syncs the samples it gathered every this many event seconds
};

} // namespace nexus
