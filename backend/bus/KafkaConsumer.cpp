#include "backend/bus/KafkaConsumer.h"

#include <string_view>

namespace nexus {

namespace {
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
} // namespace

std::unique_ptr<KafkaConsumer> KafkaConsumer::create(const BusSettings& settings, const std::string& groupId,
                                                     std::string& error, const KafkaProperties& tuning)
{
    KafkaProperties all{
        {"group.id", groupId},
        {"auto.offset.reset", "earliest"},
        {"enable.auto.commit", "true"},
        {"fetch.wait.max.ms", "10"},
        {"queued.min.messages", "1000000"},
        {"queued.max.messages.kbytes", "1048576"},
        // A short session timeout: every rebalance after the first join waits for it (DESIGN.md).
        {"session.timeout.ms", "10000"},
        {"heartbeat.interval.ms", "1000"},
    };
    all.insert(all.end(), tuning.begin(), tuning.end());
    KafkaConfPtr conf = makeKafkaConf(settings, all, error);
    if (!conf)
        return nullptr;
    std::unique_ptr<KafkaConsumer> c(new KafkaConsumer());
    rd_kafka_conf_set_opaque(conf.get(), c.get());
    rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaConsumer::onRebalance);
    c->m_rk = makeKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (!c->m_rk)
        return nullptr;
    rd_kafka_poll_set_consumer(c->m_rk.get());
    c->m_queue = rd_kafka_queue_get_consumer(c->m_rk.get());
    return c;
}

KafkaConsumer::~KafkaConsumer()
{
    close();
    if (m_queue)
        rd_kafka_queue_destroy(m_queue);
}

void KafkaConsumer::onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                                void* opaque)
{
    // What librdkafka does without a callback, plus a generation bump for the caller.
    auto* self = static_cast<KafkaConsumer*>(opaque);
    ++self->m_generation;
    const bool cooperative = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
    for (int i = 0; i < partitions->cnt; ++i) {
        rd_kafka_topic_partition_t& tp = partitions->elems[i];
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS && self->m_hooks.startOffset) {
            const std::int64_t offset = self->m_hooks.startOffset(tp.topic, tp.partition);
            if (offset >= 0)
                tp.offset = offset;
        } else if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS && self->m_hooks.revoked) {
            self->m_hooks.revoked(tp.topic, tp.partition);
        }
    }
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (cooperative)
            rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, partitions));
        else
            rd_kafka_assign(rk, partitions);
    } else {
        if (cooperative)
            rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, partitions));
        else
            rd_kafka_assign(rk, nullptr);
    }
}

bool KafkaConsumer::subscribe(const std::vector<std::string>& topics, std::string& error)
{
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(topics.size())));
    for (const std::string& t : topics)
        rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    if (rd_kafka_resp_err_t err = rd_kafka_subscribe(m_rk.get(), list.get())) {
        error = std::string("cannot subscribe: ") + rd_kafka_err2str(err);
        return false;
    }
    return true;
}

std::size_t KafkaConsumer::consumeBatch(std::vector<KafkaMessagePtr>& out, std::size_t max, int timeoutMs)
{
    out.clear();
    if (max == 0)
        return 0;
    // Wait only for the first message, then take what is already queued: the batch call on its
    // own waits its whole timeout for `max` messages, which adds that timeout to latency.
    rd_kafka_message_t* first = rd_kafka_consume_queue(m_queue, timeoutMs);
    if (!first)
        return 0;
    out.emplace_back(first);
    m_scratch.resize(max - 1);
    const ssize_t n = max > 1 ? rd_kafka_consume_batch_queue(m_queue, 0, m_scratch.data(), max - 1) : 0;
    for (ssize_t i = 0; i < n; ++i)
        out.emplace_back(m_scratch[std::size_t(i)]);
    return out.size();
}

std::int64_t KafkaConsumer::lag() const
{
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(m_rk.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR || !raw)
        return -1;
    PartitionListPtr assignment(raw);
    if (assignment->cnt == 0)
        return -1;
    rd_kafka_position(m_rk.get(), assignment.get());
    std::int64_t total = 0;
    for (int i = 0; i < assignment->cnt; ++i) {
        const rd_kafka_topic_partition_t& p = assignment->elems[i];
        int64_t low = -1, high = -1;
        if (rd_kafka_get_watermark_offsets(m_rk.get(), p.topic, p.partition, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
            high < 0)
            continue; // nothing fetched from this partition yet
        // Before the first message the position is unknown: everything retained is still to read.
        const int64_t position = p.offset >= 0 ? p.offset : std::max<int64_t>(low, 0);
        total += std::max<int64_t>(0, high - position);
    }
    return total;
}

std::vector<std::pair<std::int32_t, std::int64_t>> KafkaConsumer::committedOffsets(int timeoutMs) const
{
    std::vector<std::pair<std::int32_t, std::int64_t>> result;
    rd_kafka_topic_partition_list_t* raw = nullptr;
    if (rd_kafka_assignment(m_rk.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR || !raw)
        return result;
    PartitionListPtr assignment(raw);
    const bool known = rd_kafka_committed(m_rk.get(), assignment.get(), timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR;
    for (int i = 0; i < assignment->cnt; ++i) {
        const rd_kafka_topic_partition_t& p = assignment->elems[i];
        result.emplace_back(p.partition, known && p.offset >= 0 ? p.offset : -1);
    }
    return result;
}

void KafkaConsumer::close()
{
    if (m_closed || !m_rk)
        return;
    m_closed = true;
    rd_kafka_consumer_close(m_rk.get());
}

} // namespace nexus
