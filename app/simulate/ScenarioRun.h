#pragma once

#include "simulator/stream/ScenarioStream.h"

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

namespace nexus {

/// Where a scenario's messages go: Kafka, or a file. `dueUs` is the simulated send time. Returns
/// false when a message was refused.
using MessageSender =
    std::function<bool(TimestampUs dueUs, std::string_view topic, std::string_view key, std::string_view payload)>;

struct ScenarioRunOptions
{
    /// Event seconds per wall second; 0 sends as fast as the sender takes them.
    double speed = 60.0;
    /// sent_at_us: the wall clock at sending (for latency), or the simulated send time (a
    /// reproducible file: the same scenario gives the same bytes).
    bool stampWallClock = true;
    MessageSender send;
    /// Polled between messages; true ends the run early.
    std::function<bool()> stopRequested;
    /// Called about once a wall second, and once at the end.
    std::function<void(const struct ScenarioRunProgress&)> progress;
};

/// What a run has sent so far, per input topic in models/events/Topics.h order.
struct ScenarioRunProgress
{
    std::array<std::uint64_t, 5> sentByTopic{};
    std::uint64_t samples = 0;
    std::uint64_t malformed = 0;
    std::uint64_t failures = 0;
    TimestampUs simulatedUs = 0;   ///< due time of the last message sent
    TimestampUs firstDueUs = 0;
    TimestampUs endUs = 0;
    double wallSeconds = 0.0;
    double behindSeconds = 0.0;    ///< how far the sender trails the paced schedule (0 = on time)
    bool finished = false;
    bool stopped = false;

    std::uint64_t messages() const;
};

/// Sends the stream through `options.send`, paced to `options.speed`. Blocks until the stream
/// ends or stopRequested() says so; returns the totals.
ScenarioRunProgress runScenario(sim::ScenarioStream& stream, const ScenarioRunOptions& options);

/// The index of an input topic in ScenarioRunProgress::sentByTopic, -1 for other topics.
int inputTopicIndex(std::string_view topic);

} // namespace nexus
