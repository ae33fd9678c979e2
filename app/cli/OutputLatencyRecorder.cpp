#include "app/cli/OutputLatencyRecorder.h"

#include "models/events/Topics.h"

#include <librdkafka/rdkafka.h>

#include <cstdlib>
#include <string_view>
#include <unistd.h>

namespace nexus::cli {

bool OutputLatencyRecorder::start(const BusSettings& bus, std::string& error)
{
    const std::string group = "nexus-bench-" + std::to_string(::getpid()) + "-" + std::to_string(wallClockUs());
    // latest: in connected mode, do not read a topic's whole history (older updates would be
    // filtered out by sinceUs anyway).
    m_consumer = KafkaConsumer::create(bus, group, error, {{"auto.offset.reset", "latest"}});
    if (!m_consumer ||
        !m_consumer->subscribe({std::string(topics::kTwinUpdates), std::string(topics::kAlerts)}, error))
        return false;
    m_thread = std::thread([this] { run(); });
    return true;
}

/// The one field needed, found without a full parse: cheap enough for tens of thousands of
/// updates a second on a consumer that shares two cores with the system it measures.
TimestampUs OutputLatencyRecorder::sourceSentAtUs(const char* data, std::size_t size)
{
    static constexpr std::string_view kKey = "\"source_sent_at_us\":";
    const auto at = std::string_view(data, size).find(kKey);
    // strtoll stops at the ',' after the number, inside the payload.
    return at == std::string_view::npos ? 0 : std::strtoll(data + at + kKey.size(), nullptr, 10);
}

void OutputLatencyRecorder::run()
{
    std::vector<KafkaMessagePtr> batch;
    while (!m_stop) {
        m_consumer->consumeBatch(batch, 10000, 50);
        const TimestampUs now = wallClockUs();
        const TimestampUs since = m_sinceUs.load();
        m_lag = m_consumer->lag();
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const KafkaMessagePtr& m : batch) {
            if (m->err || !m->payload)
                continue;
            const bool alert = topics::kAlerts == rd_kafka_topic_name(m->rkt);
            (alert ? m_alerts : m_updates).fetch_add(1, std::memory_order_relaxed);
            const TimestampUs sent = sourceSentAtUs(static_cast<const char*>(m->payload), m->len);
            if (sent > 0 && since > 0 && sent >= since)
                (alert ? m_alertLatency : m_updateLatency).record(now - sent);
        }
    }
    m_consumer.reset(); // leaves the group now, while the cluster is still up
}

} // namespace nexus::cli
