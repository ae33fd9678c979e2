#pragma once

#include "models/metrics/StackSnapshot.h"

#include <cstdint>
#include <string>
#include <vector>

/// The rules that turn what the runtime observes of each part of the stack (a client created, a
/// processor loop reporting with an assignment, the store writer's last transaction, a listening
/// port) into a ComponentStatus for the Stack health panel. Pure functions, so the rules are
/// tested on known facts; the runtime and the console's controller gather the facts.
namespace nexus::stackhealth {

inline constexpr char kKafka[] = "Kafka";
inline constexpr char kHealthProcessor[] = "health processor";
inline constexpr char kActivityProcessor[] = "activity processor";
inline constexpr char kStore[] = "PostgreSQL";
inline constexpr char kApi[] = "API server";
inline constexpr char kBackendApi[] = "backend API";

/// A processor loop that has not published its state for longer than this is blocked (it
/// publishes every 250 ms while it runs; a full store queue or a hung broker call stops it).
constexpr DurationUs kProcessorStallUs = 2 * kUsPerSecond;
/// A broker view older than this is stale (the monitor samples every 0.5 s).
constexpr DurationUs kBrokerViewStaleUs = 5 * kUsPerSecond;

/// What the runtime observes of Kafka.
struct KafkaFacts
{
    bool embedded = true;
    int brokers = 0;             ///< the embedded cluster's size (0: not known, connected mode)
    std::string bootstrap;
    TimestampUs upSinceUs = 0;   ///< the embedded cluster started / the brokers answered; 0: not
    TimestampUs sampledAtUs = 0; ///< the broker monitor's latest sample; 0: none yet
    std::size_t topics = 0;      ///< topics in that sample
    std::string problem;         ///< the monitor's current problem; empty when fine
};
ComponentStatus kafka(const KafkaFacts& facts, TimestampUs nowUs);

/// ProcessorFacts::reportedAtUs of a processor that publishes no heartbeat (no stall check).
constexpr TimestampUs kNoHeartbeat = -1;

/// What the runtime observes of one stream processor.
struct ProcessorFacts
{
    std::string name = kHealthProcessor;
    std::string group;                    ///< its consumer group
    std::string topic;                    ///< the input topic its partitions belong to
    TimestampUs upSinceUs = 0;            ///< its thread started; 0: not started
    TimestampUs reportedAtUs = 0;         ///< its loop last published its state; 0: not yet; kNoHeartbeat
    std::vector<std::int32_t> partitions; ///< assigned to this member, as its loop last saw
    std::int64_t lag = -1;                ///< −1: not known
    std::uint64_t lost = 0;
    std::uint64_t malformed = 0;
};
ComponentStatus processor(const ProcessorFacts& facts, TimestampUs nowUs);

/// What the runtime observes of the store.
struct StoreFacts
{
    bool enabled = true;
    bool embedded = true;
    std::string url;
    TimestampUs upSinceUs = 0; ///< connected, migrated, writer started; 0: not
    std::string lastError;     ///< the writer's last failed transaction; empty after a good one
    std::uint64_t rowsStored = 0;
    std::uint64_t queuedSamples = 0;
};
ComponentStatus store(const StoreFacts& facts);

/// What the console observes of its API server.
struct ApiFacts
{
    std::string address;       ///< "http://127.0.0.1:41234" while listening; empty: not listening
    TimestampUs upSinceUs = 0; ///< when it started listening
    std::string error;         ///< why it could not listen
};
ComponentStatus api(const ApiFacts& facts);

/// What the console observes of the backend's WebSocket API it was told to watch ([api] url).
struct RemoteApiFacts
{
    std::string url;
    bool reachable = false;     ///< the latest check connected
    TimestampUs upSinceUs = 0;  ///< the first of the current run of good checks; 0 while unreachable
    TimestampUs checkedAtUs = 0; ///< when the latest check ended; 0: none yet
    double connectMs = -1;      ///< how long the latest good check took to connect
    std::string error;          ///< why the latest check failed
};
ComponentStatus remoteApi(const RemoteApiFacts& facts);

/// After a failed start: the component named `failed` (the one being started) failed with
/// `error`; components that never came up are left Stopped.
void markStartFailure(std::vector<ComponentStatus>& components, const std::string& failed, const std::string& error);

/// The components a starting stack will have (Kafka, the named processors, the store when
/// enabled, the API server), all Starting: shown until the runtime answers.
std::vector<ComponentStatus> starting(bool embeddedKafka, const std::string& bootstrap,
                                      const std::vector<std::string>& processors, bool storeEnabled,
                                      const std::string& storeUrl, TimestampUs nowUs);

/// "0–11", "0–2, 5, 7–8": partition numbers as sorted ranges; "none" when empty.
std::string partitionRanges(std::vector<std::int32_t> partitions);

/// True when there are components and none is starting, degraded or failed (stopped ones, like a
/// store switched off, count as fine).
bool healthy(const std::vector<ComponentStatus>& components);

/// "starting", "running", "degraded", "stopped", "failed".
const char* stateName(ComponentState state);

} // namespace nexus::stackhealth
