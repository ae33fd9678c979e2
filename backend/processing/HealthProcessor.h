#pragma once

#include "backend/bus/BusSettings.h"
#include "backend/processing/DeadLetters.h"
#include "backend/processing/ProcessorThread.h"
#include "models/events/Alert.h"
#include "models/events/HealthBatch.h"
#include "models/metrics/LatencyHistogram.h"
#include "models/twin/TwinSummary.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct rd_kafka_message_s; // librdkafka's message (rd_kafka_message_t)

namespace nexus {


struct ProcessorOptions
{
    std::string groupId = "nexus-processors";
    DurationUs twinUpdateInterval = 10 * kUsPerSecond; ///< event time between a user's twin updates
    std::size_t mostActiveCount = 50;
    /// The runtime created the input topic itself (embedded cluster), so a partition the group
    /// has no committed offset for starts at offset 0: anything before the first message read
    /// was dropped by the bus and counts as lost. Otherwise such a partition starts wherever the
    /// consumer's first message is.
    bool topicsStartEmpty = false;
    /// Called on the processor thread with every decoded batch and where it was read (the store's
    /// writer queues it there). May block to apply backpressure.
    std::function<void(const HealthBatch& batch, std::int32_t partition, std::int64_t offset)> onBatch;
    /// Called on the processor thread with each twin update it publishes (its JSON) and with the
    /// days of a user's twin a batch closed; the store keeps them.
    std::function<void(const TwinSummary& twin, const std::string& json)> onTwinUpdate;
    std::function<void(const std::string& userId, const std::vector<TwinDay>& days)> onDaysClosed;
    /// Called on the processor thread with each alert message it publishes on `alerts` (the store
    /// keeps the episodes).
    std::function<void(const AlertEvent& alert, const std::string& json)> onAlert;
    /// The store's connection string: twins are saved per partition (every snapshotInterval, on
    /// revocation and on stop) and restored on assignment (PartitionSnapshots). Empty: no snapshots.
    std::string storeConnection;
    std::int64_t snapshotIntervalUs = 30 * kUsPerSecond;
    /// How far behind a user's newest reading a late upload still counts (TwinTable); older
    /// uploads go to `dead-letters` with reason "late".
    DurationUs allowedLatenessUs = 2 * 3600 * kUsPerSecond;
    /// Whether offsets in the store belong to this bus (see PartitionSnapshots); false for the
    /// embedded cluster, which is new on every run.
    bool resumeFromStore = true;
};

/// What a processor has done so far; copied out for snapshots.
struct ProcessorStats
{
    std::uint64_t batches = 0;
    std::uint64_t samples = 0;
    std::uint64_t duplicateSamples = 0;
    std::uint64_t lateSamples = 0;    ///< counted although newer ones had arrived (within the lateness)
    std::uint64_t tooLateSamples = 0; ///< older than the lateness allows: not counted
    std::uint64_t tooLateMessages = 0; ///< uploads of nothing else, sent to `dead-letters`
    std::uint64_t malformed = 0;
    /// Messages the processor never saw: offsets between where the group stood (its committed
    /// offset, or 0 for topics the runtime created) and what it read, because the bus dropped them
    /// (the embedded cluster keeps ~5 MiB per partition) before they were read.
    std::uint64_t lostMessages = 0;
    std::map<std::string, std::uint64_t> malformedByReason;
    std::uint64_t twinUpdates = 0;
    std::uint64_t alertsOpened = 0;  ///< episodes the health analyzer opened
    std::uint64_t alertMessages = 0; ///< messages published on `alerts` (open, update, closed)
    std::uint64_t deadLetters = 0;   ///< messages sent to `dead-letters`
    std::uint64_t usersTracked = 0;
    std::int64_t lag = -1;
    std::vector<std::int32_t> partitions; ///< health-metrics partitions assigned to this member (with lag)
    TimestampUs reportedAtUs = 0;         ///< when the loop last published lag and partitions; 0: not yet
    LatencyHistogram endToEnd; ///< device send (sent_at_us) → batch applied to the twin
    std::vector<TwinSummary> mostActive;
};

/// The health stream processor: a member of a consumer group on `health-metrics`. On its own
/// thread it decodes each batch, applies it to the user's twin (TwinTable) and publishes twin
/// updates, keyed by user, to `twin-updates`; runs the health analyzer's detectors on it and
/// publishes their alerts to `alerts`. A malformed message is counted by reason, logged (the first
/// ten of each reason, then every thousandth) and sent with the reason and its original bytes to
/// `dead-letters`; it never stops the loop.
class HealthProcessor
{
public:
    HealthProcessor(BusSettings settings, ProcessorOptions options = {});
    ~HealthProcessor();

    /// Creates the clients, subscribes and starts the thread. False with `error` on failure.
    bool start(std::string& error);
    /// Stops the thread, leaves the group (committing offsets) and flushes twin updates.
    void stop();

    /// Any thread. Counters are current and the latency histogram is updated per consumed batch;
    /// lag and the most-active list are refreshed every 250 ms by the processor thread.
    ProcessorStats stats() const;

private:
    void run();
    void publishShared(const class TwinTable& table);
    void countGap(std::vector<std::int64_t>& nextOffset, const rd_kafka_message_s& m);
    /// Where each newly assigned partition starts, for countGap (−1: from the first message).
    std::vector<std::int64_t> startOffsets() const;
    std::map<std::int32_t, std::int64_t> m_resumeAt; // set by the snapshot hook; processor thread only
    /// Per partition: messages below this offset are in the restored twins and detectors already
    /// (a resume before a snapshot's offset replays them for the store only). Processor thread only.
    std::map<std::int32_t, std::int64_t> m_appliedUntil;
    void sendToDeadLetters(const rd_kafka_message_s& m, const std::string& reason, const std::string& detail,
                           std::string& buffer);
    void publishAlerts(const std::vector<AlertEvent>& alerts, std::string& buffer);
    /// A batch whose every reading is older than the lateness allows: counted, logged, and sent
    /// to `dead-letters` with reason "late".
    void reportTooLate(const rd_kafka_message_s& m, const HealthBatch& batch, const class TwinTable& table,
                       std::string& buffer);

    BusSettings m_settings;
    ProcessorOptions m_options;
    ProcessorThread m_worker; // its clients: processor thread only, once started

    std::atomic<std::uint64_t> m_batches{0};
    std::atomic<std::uint64_t> m_samples{0};
    std::atomic<std::uint64_t> m_duplicates{0};
    std::atomic<std::uint64_t> m_lateSamples{0};
    std::atomic<std::uint64_t> m_tooLateSamples{0};
    std::atomic<std::uint64_t> m_tooLateMessages{0};
    RejectionCounter m_malformed; // by reason, logged
    std::atomic<std::uint64_t> m_lost{0};
    std::atomic<std::uint64_t> m_twinUpdates{0};
    std::atomic<std::uint64_t> m_alertsOpened{0};
    std::atomic<std::uint64_t> m_alertMessages{0};
    std::atomic<std::uint64_t> m_deadLetters{0};

    mutable std::mutex m_mutex; // guards m_shared
    ProcessorStats m_shared;    // lag, users, latency histogram, most active
};

} // namespace nexus
