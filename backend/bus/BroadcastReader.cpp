#include "backend/bus/BroadcastReader.h"

#include "backend/bus/OffsetQueries.h"

#include <algorithm>

namespace nexus {

std::int32_t topicPartitionCount(rd_kafka_t* rk, const std::string& topic, int timeoutMs, std::string& error)
{
    std::vector<TopicView> layout;
    int brokers = 0;
    if (!readTopicLayout(rk, {topic}, timeoutMs, layout, brokers, error))
        return 0;
    if (layout.size() != 1 || !layout.front().error.empty() || layout.front().partitions.empty()) {
        error = "topic " + topic + ": " +
                (layout.size() == 1 && !layout.front().error.empty() ? layout.front().error : "no partitions");
        return 0;
    }
    return std::int32_t(layout.front().partitions.size());
}

void BroadcastReader::HandleDeleter::operator()(rd_kafka_t* rk) const
{
    // Never joined a group nor committed: the consumer close handshake has nothing to do.
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

std::unique_ptr<BroadcastReader> BroadcastReader::create(const BusSettings& settings, std::vector<std::string> topics,
                                                         int timeoutMs, std::string& error)
{
    const KafkaProperties tuning{
        // End of partition (always on for these readers) tells when a rewind has caught up.
        {"fetch.wait.max.ms", "10"},
        // A deep read-ahead queue: librdkafka 2.0.2 stalls 1 s whenever a shallow one fills (DESIGN.md).
        {"queued.min.messages", "1000000"},
        {"queued.max.messages.kbytes", "262144"},
    };
    KafkaHandlePtr rk = makeAssignOnlyConsumer(settings, "nexus-broadcast-reader", tuning, error);
    if (!rk)
        return nullptr;
    std::unique_ptr<BroadcastReader> r(new BroadcastReader());
    r->m_rk.reset(rk.release());
    r->m_queue.reset(rd_kafka_queue_get_consumer(r->m_rk.get()));

    for (const std::string& name : topics) {
        const std::int32_t count = topicPartitionCount(r->m_rk.get(), name, timeoutMs, error);
        if (count < 1)
            return nullptr;
        r->m_partitions.push_back(count);
    }
    r->m_topics = std::move(topics);
    return r;
}

BroadcastReader::~BroadcastReader() = default;

int BroadcastReader::topicIndex(std::string_view topic) const
{
    const auto it = std::find(m_topics.begin(), m_topics.end(), topic);
    return it == m_topics.end() ? -1 : int(it - m_topics.begin());
}

bool BroadcastReader::rewind(std::string& error)
{
    const std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)> list(
        rd_kafka_topic_partition_list_new(0), &rd_kafka_topic_partition_list_destroy);
    m_reachedEnd.assign(m_topics.size(), {});
    m_partitionsBehind = 0;
    for (std::size_t t = 0; t < m_topics.size(); ++t) {
        m_reachedEnd[t].assign(std::size_t(m_partitions[t]), 0);
        m_partitionsBehind += std::size_t(m_partitions[t]);
        for (std::int32_t p = 0; p < m_partitions[t]; ++p)
            rd_kafka_topic_partition_list_add(list.get(), m_topics[t].c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    // A new assignment replaces the old one and drops what was fetched for it.
    if (rd_kafka_resp_err_t err = rd_kafka_assign(m_rk.get(), list.get())) {
        error = std::string("cannot assign the broadcast partitions: ") + rd_kafka_err2str(err);
        return false;
    }
    m_rewound = true;
    return true;
}

std::size_t BroadcastReader::consumeBatch(std::vector<KafkaMessagePtr>& out, std::size_t max, int timeoutMs)
{
    out.clear();
    if (max == 0 || !m_rewound)
        return 0;
    const auto keep = [&](rd_kafka_message_t* m) {
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            out.emplace_back(m);
            return;
        }
        const int t = m->rkt ? topicIndex(rd_kafka_topic_name(m->rkt)) : -1;
        if (t >= 0 && m->partition >= 0 && m->partition < m_partitions[std::size_t(t)]) {
            std::uint8_t& reached = m_reachedEnd[std::size_t(t)][std::size_t(m->partition)];
            if (!reached) {
                reached = 1;
                --m_partitionsBehind;
            }
        }
        rd_kafka_message_destroy(m);
    };
    // As KafkaConsumer::consumeBatch: wait only for the first, then take what is queued.
    rd_kafka_message_t* first = rd_kafka_consume_queue(m_queue.get(), timeoutMs);
    if (!first)
        return 0;
    keep(first);
    m_scratch.resize(max - 1);
    const ssize_t n = max > 1 ? rd_kafka_consume_batch_queue(m_queue.get(), 0, m_scratch.data(), max - 1) : 0;
    for (ssize_t i = 0; i < n; ++i)
        keep(m_scratch[std::size_t(i)]);
    return out.size();
}

} // namespace nexus
