#include "backend/bus/SingleMessageReader.h"

#include <chrono>
#include <cstring>

namespace nexus {

namespace {
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

/// What the message carries for its producer: key, value and headers (names and values), without
/// the record and batch framing the brokers add.
std::int64_t payloadBytes(rd_kafka_message_t* m)
{
    std::int64_t bytes = std::int64_t(m->key_len) + std::int64_t(m->len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return bytes; // none (or not parseable: the key and value are still right)
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i)
        bytes += std::int64_t(std::strlen(name) + size);
    return bytes;
}
} // namespace

void SingleMessageReader::Deleter::operator()(rd_kafka_t* rk) const
{
    // Never joined a group nor committed: the consumer close handshake has nothing to do.
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

bool SingleMessageReader::open(const BusSettings& settings, std::string& error)
{
    const KafkaProperties tuning{
        // One message per partition is all we want: keep each fetch small. (Not through
        // queued.min.messages: librdkafka 2.0.2 then stalls 1 s per read, DESIGN.md.) End of
        // partition matters here: the newest offset may hold a transaction marker, which
        // consumers never see, and the read must not wait out its timeout for it.
        {"max.partition.fetch.bytes", "16384"},
        {"fetch.max.bytes", "1048576"},
        {"fetch.wait.max.ms", "50"},
    };
    KafkaHandlePtr rk = makeAssignOnlyConsumer(settings, "nexus-console-cluster-inspector", tuning, error);
    if (!rk)
        return false;
    m_rk.reset(rk.release());
    return true;
}

void SingleMessageReader::read(std::vector<Request>& requests, int timeoutMs)
{
    if (!m_rk || requests.empty())
        return;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(requests.size())));
    for (const Request& r : requests)
        rd_kafka_topic_partition_list_add(list.get(), r.topic.c_str(), r.partition)->offset = r.offset;
    if (rd_kafka_assign(m_rk.get(), list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    std::vector<bool> done(requests.size(), false);
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
        const bool ended = m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
        if ((!m->err || ended) && m->rkt) {
            const char* topic = rd_kafka_topic_name(m->rkt);
            for (std::size_t i = 0; i < requests.size(); ++i) {
                Request& r = requests[i];
                // At or after the offset asked for: a message from an earlier fetch (or an end
                // before it, were one left over) answers nothing.
                if (done[i] || r.partition != m->partition || r.topic != topic || m->offset < r.offset)
                    continue;
                if (!ended) {
                    r.offsetRead = m->offset;
                    r.timestampMs = rd_kafka_message_timestamp(m, nullptr);
                    r.sizeBytes = payloadBytes(m);
                }
                done[i] = true; // read, or nothing to read there now (outputs stay −1)
                --remaining;
            }
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_assign(m_rk.get(), nullptr);
}

} // namespace nexus
