#pragma once

#include "models/events/HealthBatch.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nexus::activity {

/// What the tracker did with one input event (a workout or user event).
enum class InputOutcome : std::uint8_t
{
    Applied,   ///< counted or taken into account
    Duplicate, ///< already counted (a re-delivered message): nothing changed
    Late,      ///< its day closed already (beyond the allowed lateness): not counted
    Ignored    ///< carries nothing the tracker uses, or is not usable (see the detail)
};

/// "applied", "duplicate", "late", "ignored": stable codes for counters and the dead-letter topic.
inline const char* outcomeName(InputOutcome outcome)
{
    switch (outcome) {
    case InputOutcome::Applied:
        return "applied";
    case InputOutcome::Duplicate:
        return "duplicate";
    case InputOutcome::Late:
        return "late";
    case InputOutcome::Ignored:
        return "ignored";
    }
    return "?";
}

/// What the tracker did with one health batch, sample by sample.
struct BatchResult
{
    std::size_t counted = 0;    ///< samples counted into their day
    std::size_t duplicates = 0; ///< samples whose second was already counted (re-delivered): dropped
    /// Samples older than the user's event time minus the allowed lateness: not counted. The
    /// processor sends them to the dead-letter topic (reason "late"). A re-delivered sample that
    /// old also lands here: once its day closed the tracker no longer knows it was counted.
    std::vector<HealthSample> late;
    TimestampUs acceptFromUs = 0; ///< the oldest event time still accepted after this batch (for the detail)
};

/// What the tracker did with one workout or user event.
struct EventResult
{
    InputOutcome outcome = InputOutcome::Applied;
    std::string detail; ///< why, for humans (empty when applied)
};

} // namespace nexus::activity
