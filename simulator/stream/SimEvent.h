#pragma once

#include "models/events/AppEvents.h"
#include "models/events/HealthBatch.h"

#include <string>
#include <string_view>
#include <variant>

namespace nexus::sim {

using SimPayload = std::variant<HealthBatch, WorkoutEvent, UserEvent, SocialEvent, AiInteraction>;

/// One message the simulator sends: what, and when in simulated time. The payload's sentAtUs is
/// left 0; the sender stamps it (the wall clock for latency, or dueUs for a reproducible file).
struct SimEvent
{
    TimestampUs dueUs = 0; ///< simulated time of sending
    SimPayload payload;
    int malformVariant = -1; ///< ≥ 0: send corrupted bytes (anomaly::AnomalyInjector::corruptPayload)

    const std::string& userId() const;
    /// The input topic the payload belongs on (models/events/Topics.h).
    std::string_view topic() const;
};

} // namespace nexus::sim
