#pragma once

#include "backend/bus/KafkaConsumer.h"
#include "models/core/Time.h"
#include "models/metrics/LatencyHistogram.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace nexus::cli {

/// Reads twin-updates and alerts in its own consumer group on its own thread and records, for each
/// message, receive time − source_sent_at_us: intended send of the upload that triggered it →
/// twin update or alert received, one histogram per topic.
class OutputLatencyRecorder
{
public:
    ~OutputLatencyRecorder() { stop(); }

    /// Joins its own consumer group on twin-updates and alerts and starts reading. False with `error`.
    bool start(const BusSettings& bus, std::string& error);
    void stop()
    {
        if (!m_stop.exchange(true) && m_thread.joinable())
            m_thread.join();
    }
    /// Only updates triggered by uploads intended at or after this time count (ours, not older ones).
    void setSinceUs(TimestampUs us) { m_sinceUs = us; }
    bool assigned() const { return m_lag.load() >= 0; }
    std::uint64_t updates() const { return m_updates.load(); }
    std::uint64_t alerts() const { return m_alerts.load(); }
    /// Intended send → twin update received.
    LatencyHistogram updateLatency() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_updateLatency;
    }
    /// Intended send → alert message received.
    LatencyHistogram alertLatency() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_alertLatency;
    }

private:
    /// The one field needed, found without a full parse: cheap enough for tens of thousands of
    /// updates a second on a consumer that shares two cores with the system it measures.
    static TimestampUs sourceSentAtUs(const char* data, std::size_t size);
    void run();

    std::unique_ptr<KafkaConsumer> m_consumer; // used on m_thread only after start()
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<TimestampUs> m_sinceUs{0};
    std::atomic<std::int64_t> m_lag{-1};
    std::atomic<std::uint64_t> m_updates{0};
    std::atomic<std::uint64_t> m_alerts{0};
    mutable std::mutex m_mutex;
    LatencyHistogram m_updateLatency; // guarded by m_mutex
    LatencyHistogram m_alertLatency;  // guarded by m_mutex
};

} // namespace nexus::cli
