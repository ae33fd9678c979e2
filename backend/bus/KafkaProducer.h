#pragma once

#include "backend/bus/KafkaConf.h"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace nexus {

/// A librdkafka producer (idempotent, 5 ms linger for latency). Owned and used by one
/// thread; the counters may be read from any thread.
class KafkaProducer
{
public:
    /// Null with `error` set when the configuration is invalid.
    static std::unique_ptr<KafkaProducer> create(const BusSettings& settings, std::string& error,
                                                 const KafkaProperties& tuning = {});
    /// The producer settings used unless `tuning` overrides them.
    static KafkaProperties defaultTuning();
    ~KafkaProducer();

    /// Enqueues one message (key and payload are copied). While librdkafka's local queue is full
    /// it serves delivery reports and retries, up to `blockMs`. Returns false when the message
    /// could not be enqueued; `lastError()` says why.
    bool produce(std::string_view topic, std::string_view key, std::string_view payload, int blockMs = 5000);

    /// Serves delivery reports. Call regularly from the owning thread.
    void poll(int timeoutMs = 0);
    /// Waits until everything enqueued was delivered or failed. False on timeout.
    bool flush(int timeoutMs);

    std::uint64_t enqueued() const { return m_enqueued.load(std::memory_order_relaxed); }
    std::uint64_t delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    std::uint64_t failed() const { return m_failed.load(std::memory_order_relaxed); }
    const std::string& lastError() const { return m_lastError; }
    rd_kafka_t* handle() const { return m_rk.get(); }

private:
    KafkaProducer() = default;
    static void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    rd_kafka_topic_t* topicHandle(std::string_view topic);

    KafkaHandlePtr m_rk;
    std::unordered_map<std::string, rd_kafka_topic_t*> m_topics; // owned; destroyed before m_rk
    std::atomic<std::uint64_t> m_enqueued{0};
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_failed{0};
    std::string m_lastError; // owning thread only
};

} // namespace nexus
