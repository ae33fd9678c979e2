#pragma once

#include "models/core/Time.h"
#include "models/metrics/LatencyHistogram.h"
#include "models/twin/TwinSummary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nexus {

/// Messages a topic holds according to the broker (sum over partitions of the high watermark:
/// every message ever appended, including ones the embedded cluster has since dropped).
struct TopicTraffic
{
    std::string name;
    int partitions = 0;
    std::int64_t messages = 0;
};

/// What a part of the stack is doing, for the Stack health panel. Starting: created, not yet
/// serving (a processor joining its group); Degraded: up, but with a current problem (a broker
/// unreachable, a store write failing, a processor loop that stopped reporting).
enum class ComponentState { Starting, Running, Degraded, Stopped, Failed };
enum class ComponentKind { Kafka, Processor, Store, Api };

/// One part of the stack as its owner sees it (models/metrics/StackComponents.h holds the rules
/// that turn what the runtime observes into these).
struct ComponentStatus
{
    std::string name;                        ///< unique within a snapshot: "Kafka", "health processor", …
    ComponentKind kind = ComponentKind::Kafka;
    ComponentState state = ComponentState::Stopped;
    bool embedded = false;                   ///< started by this process rather than connected to
    TimestampUs sinceUs = 0;                 ///< wall clock when it came up (uptime counts from here); 0: never
    std::string address;                     ///< bootstrap servers, consumer group, URL, listening address
    std::string lastError;                   ///< the current problem; empty when there is none
    std::string detail;                      ///< "health-metrics partitions 0–11 · lag 42", …
};

/// Everything the runtime knows about the stack at one instant: cumulative counters (readers
/// derive rates from two snapshots), the cumulative latency histogram (readers subtract two for an
/// interval), and the busiest twins. Copied out of the runtime's workers without blocking them.
struct StackSnapshot
{
    TimestampUs wallUs = 0;
    bool running = false;
    bool embedded = true;
    std::string bootstrap;

    // simulator → health-metrics
    std::uint64_t batchesProduced = 0;
    std::uint64_t samplesProduced = 0;
    std::uint64_t produceErrors = 0;
    DurationUs simulatorBehindUs = 0; ///< event time the simulator trails its requested rate by

    // processor ← health-metrics, → twin-updates
    std::uint64_t batchesConsumed = 0;
    std::uint64_t samplesConsumed = 0;
    std::uint64_t duplicateSamples = 0; ///< samples skipped as already applied (producer retries, replays)
    std::uint64_t lateSamples = 0;      ///< counted although newer ones had arrived (within the lateness)
    std::uint64_t tooLateSamples = 0;   ///< older than the allowed lateness: not counted
    std::uint64_t tooLateMessages = 0;  ///< uploads of only such samples, sent to dead-letters
    std::uint64_t malformedMessages = 0;
    std::uint64_t lostMessages = 0; ///< dropped by the bus before the processor read them
    std::uint64_t twinUpdatesPublished = 0;
    std::uint64_t alertsOpened = 0;   ///< health-analyzer episodes opened (→ alerts)
    std::uint64_t alertMessages = 0;  ///< open, update and closed messages published on alerts
    std::uint64_t deadLetters = 0;    ///< messages sent to dead-letters
    std::int64_t consumerLag = -1; ///< messages behind the high watermarks; -1 until known
    std::uint64_t usersTracked = 0;
    LatencyHistogram endToEnd;     ///< device send → applied to the twin, microseconds

    // store (PostgreSQL) ← processor
    std::string storeUrl;               ///< empty: the store is off
    std::uint64_t rowsStored = 0;
    std::uint64_t storeQueuedSamples = 0; ///< waiting for the next transaction
    std::string storeProblem;           ///< the last failed transaction's error; empty when fine

    // broker view, refreshed about twice a second
    TimestampUs topicsSampledAtUs = 0;
    std::vector<TopicTraffic> topics;

    std::vector<TwinSummary> mostActive; ///< top users by steps, busiest first

    /// Kafka, the processors, the store (Runtime::fillSnapshot) and the API server (its owner).
    std::vector<ComponentStatus> components;
};

} // namespace nexus
