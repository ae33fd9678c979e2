#include "backend/store/StoreWriter.h"

#include <QLoggingCategory>

#include <pqxx/pqxx>

#include <chrono>

namespace nexus::store {

Q_LOGGING_CATEGORY(lcStore, "nexus.store")

namespace {
constexpr auto kGroupWindow = std::chrono::milliseconds(100);
constexpr auto kRetryPause = std::chrono::seconds(1);
} // namespace

StoreWriter::StoreWriter(std::string connectionString, std::string consumerGroup, std::string topic)
    : m_connectionString(std::move(connectionString))
    , m_group(std::move(consumerGroup))
    , m_topic(std::move(topic))
{
}

StoreWriter::~StoreWriter() { stop(); }

bool StoreWriter::start(std::string& error)
{
    try {
        m_connection = std::make_unique<pqxx::connection>(m_connectionString);
    } catch (const std::exception& e) {
        error = std::string("cannot connect to PostgreSQL: ") + e.what();
        return false;
    }
    m_thread = std::thread([this] { run(); });
    return true;
}

void StoreWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_space.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void StoreWriter::enqueue(const HealthBatch& batch, std::int32_t partition, std::int64_t offset)
{
    HealthBatch copy = batch; // outside the lock the writer thread also takes
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_queuedSamples < kMaxQueuedSamples || m_stop; });
    if (m_stop)
        return;
    m_queuedSamples += copy.samples.size();
    m_queue.push_back(std::move(copy));
    std::int64_t& next = m_positions[partition];
    next = std::max(next, offset + 1);
    m_wake.notify_one();
}

void StoreWriter::enqueueTwinUpdate(const std::string& userId, TimestampUs eventTimeUs, const std::string& json)
{
    std::lock_guard lock(m_mutex);
    LatestTwin& latest = m_latest[userId];
    if (eventTimeUs >= latest.eventTimeUs)
        latest = {userId, eventTimeUs, json};
}

void StoreWriter::enqueueClosedDays(const std::string& userId, const std::vector<TwinDay>& days)
{
    std::lock_guard lock(m_mutex);
    for (const TwinDay& d : days)
        m_days.push_back({userId, d});
}

void StoreWriter::enqueueAlert(const AlertEvent& alert, const std::string& json)
{
    std::lock_guard lock(m_mutex);
    m_alerts.push_back({alert, json});
}

void StoreWriter::takeQueued(Pending& pending)
{
    pending.batches.swap(m_queue);
    pending.positions.clear();
    for (const auto& [partition, next] : m_positions)
        pending.positions.push_back({m_topic, partition, next});
    for (auto& [user, latest] : m_latest)
        pending.latest.push_back(std::move(latest));
    m_latest.clear();
    pending.days.swap(m_days);
    pending.alerts.swap(m_alerts);
}

StoreWriter::Stats StoreWriter::stats() const
{
    std::lock_guard lock(m_mutex);
    Stats s = m_stats;
    s.queuedSamples = m_queuedSamples;
    return s;
}

void StoreWriter::run()
{
    auto writer = std::make_unique<SampleWriter>(*m_connection, m_group);
    Pending pending;
    bool stopping = false;
    while (!stopping) {
        {
            std::unique_lock lock(m_mutex);
            // Gather for a short window so one transaction carries many uploads.
            m_wake.wait_for(lock, kGroupWindow, [&] { return m_stop; });
            stopping = m_stop;
            if (pending.empty()) // (not empty: a failed transaction being retried as it was)
                takeQueued(pending);
        }
        if (pending.empty())
            continue;
        std::size_t samples = 0;
        for (const HealthBatch& b : pending.batches)
            samples += b.samples.size();
        try {
            const SampleWriter::Result r = writer->write(pending.batches, pending.positions, [&](pqxx::work& tx) {
                upsertLatestTwins(tx, pending.latest);
                upsertTwinDays(tx, pending.days);
                upsertAlerts(tx, pending.alerts);
            });
            std::lock_guard lock(m_mutex);
            m_stats.rowsStored += r.rows;
            m_stats.duplicateRows += r.duplicates;
            m_stats.twinDaysStored += pending.days.size();
            m_stats.alertMessagesStored += pending.alerts.size();
            ++m_stats.transactions;
            m_stats.lastError.clear();
            m_queuedSamples -= samples;
            pending = Pending{};
        } catch (const std::exception& e) {
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.failedTransactions;
                m_stats.lastError = e.what();
            }
            qCWarning(lcStore, "storing %zu samples failed, retrying: %s", samples, e.what());
            if (stopping) {
                qCWarning(lcStore, "stopping: %zu samples not stored (the bus still has them)", samples);
                break;
            }
            std::this_thread::sleep_for(kRetryPause);
            if (!m_connection->is_open()) {
                try {
                    m_connection = std::make_unique<pqxx::connection>(m_connectionString);
                    writer = std::make_unique<SampleWriter>(*m_connection, m_group);
                } catch (const std::exception&) {
                    // Still down: the next attempt reports it.
                }
            }
        }
        m_space.notify_all();
    }
}

} // namespace nexus::store
