#pragma once

#include "backend/bus/BusSettings.h"
#include "models/events/Alert.h"

#include <pqxx/connection>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace nexus {

/// Follows the `alerts` topic for the console on its own thread: reads every retained alert
/// message (its own consumer group, from the earliest offset), decodes them and queues them for
/// the GUI to take on its tick; records acknowledgements in the store (alerts.acked_by/acked_at)
/// on the same thread, so the GUI never waits on Kafka or PostgreSQL.
class AlertFeed
{
public:
    struct Acknowledgement
    {
        std::string alertId;
        std::string who;
        TimestampUs atUs = 0;
        TimestampUs requestedAtUs = 0;
        TimestampUs nextTryUs = 0; ///< an episode not stored yet is asked for again from then on
        bool ok = false;  ///< recorded (in the store, or only in this console when there is none)
        std::string note; ///< why not, or "kept in this console only (no store)"
    };

    /// `storeConnection` empty: acknowledgements are kept in the feed only (no store).
    AlertFeed(BusSettings settings, std::string storeConnection);
    ~AlertFeed();

    bool start(std::string& error);
    void stop();

    /// Any thread: asks for `alertId` to be acknowledged by `who`; the result arrives via take().
    void acknowledge(const std::string& alertId, const std::string& who);

    /// Any thread: the messages and acknowledgement results since the last call.
    void take(std::vector<AlertEvent>& alerts, std::vector<Acknowledgement>& acks);

    /// Messages that did not decode (counted, skipped).
    std::uint64_t undecodable() const { return m_undecodable.load(std::memory_order_relaxed); }
    std::string lastError() const;

private:
    void storeAcknowledgements(std::vector<Acknowledgement>& requests);

    BusSettings m_settings;
    std::string m_storeConnection;
    std::unique_ptr<pqxx::connection> m_db; // the feed thread's; opened on the first acknowledgement
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_undecodable{0};

    mutable std::mutex m_mutex; // guards the four below
    std::vector<AlertEvent> m_alerts;
    std::vector<Acknowledgement> m_requests;
    std::vector<Acknowledgement> m_results;
    std::string m_lastError;
};

} // namespace nexus
