#pragma once

#include "backend/store/AlertRows.h"
#include "backend/store/SampleWriter.h"
#include "backend/store/TwinRows.h"
#include "models/events/HealthBatch.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nexus::store {

/// The processors' way into the store: batches queued from the processor thread are written by
/// this writer's own thread (its own connection) in one transaction per ~100 ms, together with
/// the Kafka positions they reach (SampleWriter). A full queue makes enqueue() wait — the bus
/// then holds the backlog (visible as consumer lag) instead of anything being dropped. A failed
/// transaction is retried with the same batches after a pause, and the error is reported.
class StoreWriter
{
public:
    StoreWriter(std::string connectionString, std::string consumerGroup, std::string topic);
    ~StoreWriter();

    /// Connects and starts the thread. False with `error` when the database cannot be reached.
    bool start(std::string& error);
    /// Writes what is queued, then stops. Safe to repeat.
    void stop();

    /// Any thread: queues a copy of `batch`, read from `partition` at `offset`. Waits while more
    /// than kMaxQueuedSamples are queued.
    void enqueue(const HealthBatch& batch, std::int32_t partition, std::int64_t offset);
    /// Any thread: the user's latest published twin (only the newest per user is kept until written).
    void enqueueTwinUpdate(const std::string& userId, TimestampUs eventTimeUs, const std::string& json);
    /// Any thread: days of a user's twin that closed.
    void enqueueClosedDays(const std::string& userId, const std::vector<TwinDay>& days);
    /// Any thread: an alert message (open, update or closed) and its JSON.
    void enqueueAlert(const AlertEvent& alert, const std::string& json);

    struct Stats
    {
        std::uint64_t rowsStored = 0;
        std::uint64_t twinDaysStored = 0;
        std::uint64_t alertMessagesStored = 0;
        std::uint64_t duplicateRows = 0;   ///< re-delivered rows the store already had
        std::uint64_t transactions = 0;
        std::uint64_t failedTransactions = 0;
        std::uint64_t queuedSamples = 0;
        std::string lastError;             ///< empty when the last transaction succeeded
    };
    Stats stats() const;

    static constexpr std::size_t kMaxQueuedSamples = 500'000;

private:
    void run();

    std::string m_connectionString;
    std::string m_group;
    std::string m_topic;
    std::unique_ptr<pqxx::connection> m_connection; // used by the writer thread only once started
    std::thread m_thread;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;      // the writer: work or stop
    std::condition_variable m_space;     // producers: room in the queue
    /// What one transaction writes.
    struct Pending
    {
        std::vector<HealthBatch> batches;
        std::vector<KafkaPosition> positions;
        std::vector<LatestTwin> latest;
        std::vector<ClosedTwinDay> days;
        std::vector<StoredAlertMessage> alerts;
        bool empty() const { return batches.empty() && latest.empty() && days.empty() && alerts.empty(); }
    };
    void takeQueued(Pending& pending); // under m_mutex

    std::vector<HealthBatch> m_queue;    // guarded by m_mutex
    std::map<std::string, LatestTwin> m_latest;  // guarded by m_mutex
    std::vector<ClosedTwinDay> m_days;   // guarded by m_mutex
    std::vector<StoredAlertMessage> m_alerts; // guarded by m_mutex
    std::map<std::int32_t, std::int64_t> m_positions; // next offset per partition; guarded by m_mutex
    std::size_t m_queuedSamples = 0;     // guarded by m_mutex
    bool m_stop = false;                 // guarded by m_mutex
    Stats m_stats;                       // guarded by m_mutex
};

} // namespace nexus::store
