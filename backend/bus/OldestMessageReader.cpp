#include "backend/bus/OldestMessageReader.h"

#include <chrono>

namespace nexus {

namespace {
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
} // namespace

void OldestMessageReader::Deleter::operator()(rd_kafka_t* rk) const
{
    // Never joined a group nor committed: the consumer close handshake has nothing to do.
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

bool OldestMessageReader::open(const BusSettings& settings, std::string& error)
{
    const KafkaProperties tuning{
        // assign() needs a group id; this one is never joined and never committed to.
        {"group.id", "nexus-console-cluster-inspector"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"auto.offset.reset", "earliest"}, // an offset the bus dropped meanwhile: the oldest kept
        // One message per partition is all we want: keep each fetch small. (Not through
        // queued.min.messages: librdkafka 2.0.2 then stalls 1 s per read, DESIGN.md.)
        {"max.partition.fetch.bytes", "16384"},
        {"fetch.max.bytes", "1048576"},
        {"fetch.wait.max.ms", "50"},
    };
    KafkaConfPtr conf = makeKafkaConf(settings, tuning, error);
    if (!conf)
        return false;
    KafkaHandlePtr rk = makeKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (!rk)
        return false;
    m_rk.reset(rk.release());
    rd_kafka_poll_set_consumer(m_rk.get());
    return true;
}

void OldestMessageReader::read(std::vector<Request>& requests, int timeoutMs)
{
    if (!m_rk || requests.empty())
        return;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(requests.size())));
    for (const Request& r : requests)
        rd_kafka_topic_partition_list_add(list.get(), r.topic.c_str(), r.partition)->offset = r.offset;
    if (rd_kafka_assign(m_rk.get(), list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    std::size_t remaining = requests.size();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (remaining > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        rd_kafka_message_t* m = rd_kafka_consumer_poll(m_rk.get(), int(left.count()));
        if (!m)
            continue;
        if (!m->err) {
            const char* topic = rd_kafka_topic_name(m->rkt);
            for (Request& r : requests) {
                if (r.offsetRead < 0 && r.partition == m->partition && r.topic == topic && m->offset >= r.offset) {
                    r.offsetRead = m->offset;
                    r.timestampMs = rd_kafka_message_timestamp(m, nullptr);
                    --remaining;
                }
            }
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_assign(m_rk.get(), nullptr);
}

} // namespace nexus
