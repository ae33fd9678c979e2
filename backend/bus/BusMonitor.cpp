#include "backend/bus/BusMonitor.h"

#include "models/events/Topics.h"

#include <chrono>

namespace nexus {

namespace {
constexpr int kRequestTimeoutMs = 2000;
}

BusMonitor::BusMonitor(BusSettings settings, DurationUs interval)
    : m_settings(std::move(settings)), m_intervalUs(interval)
{
}

BusMonitor::~BusMonitor() { stop(); }

bool BusMonitor::start(std::string& error)
{
    KafkaConfPtr conf = makeKafkaConf(m_settings, {}, error);
    if (!conf)
        return false;
    m_rk = makeKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!m_rk)
        return false;
    m_stop = false;
    m_thread = std::thread([this] { run(); });
    return true;
}

void BusMonitor::stop()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::vector<TopicTraffic> BusMonitor::topics(TimestampUs* sampledAtUs) const
{
    std::lock_guard lock(m_mutex);
    if (sampledAtUs)
        *sampledAtUs = m_sampledAtUs;
    return m_topics;
}

std::string BusMonitor::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void BusMonitor::run()
{
    while (!m_stop) {
        sample();
        std::unique_lock lock(m_wakeMutex);
        m_wake.wait_for(lock, std::chrono::microseconds(m_intervalUs), [this] { return m_stop.load(); });
    }
}

void BusMonitor::sample()
{
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 1, nullptr, &md, kRequestTimeoutMs)) {
        std::lock_guard lock(m_mutex);
        m_lastError = std::string("metadata: ") + rd_kafka_err2str(err);
        return;
    }
    std::vector<TopicTraffic> topics;
    std::string problem;
    for (const TopicSpec& spec : kTopicCatalogue) {
        TopicTraffic t;
        t.name = std::string(spec.name);
        for (int i = 0; i < md->topic_cnt; ++i)
            if (t.name == md->topics[i].topic && !md->topics[i].err)
                t.partitions = md->topics[i].partition_cnt;
        if (t.partitions == 0)
            problem = "topic " + t.name + " does not exist on the brokers";
        for (int p = 0; p < t.partitions && !m_stop; ++p) {
            int64_t low = 0, high = 0;
            if (rd_kafka_resp_err_t err =
                    rd_kafka_query_watermark_offsets(m_rk.get(), t.name.c_str(), p, &low, &high, kRequestTimeoutMs)) {
                problem = "watermarks of " + t.name + "[" + std::to_string(p) + "]: " + rd_kafka_err2str(err);
                continue;
            }
            t.messages += high;
        }
        topics.push_back(std::move(t));
    }
    rd_kafka_metadata_destroy(md);
    std::lock_guard lock(m_mutex);
    m_topics = std::move(topics);
    m_sampledAtUs = wallClockUs();
    m_lastError = problem;
}

} // namespace nexus
