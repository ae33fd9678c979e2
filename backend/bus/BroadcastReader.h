#pragma once

#include "backend/bus/KafkaConsumer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nexus {

/// The partition count of `topic` on the brokers `rk` talks to (one Metadata request, up to
/// `timeoutMs`); 0 with `error` set when it cannot be read or the topic does not exist.
std::int32_t topicPartitionCount(rd_kafka_t* rk, const std::string& topic, int timeoutMs, std::string& error);

/// Reads every partition of a few topics, outside any consumer group (explicit assignment,
/// nothing committed): the side input of a broadcast join, which every member of a group needs
/// whole because its keys are partitioned differently from the group's topic. rewind() starts
/// over from the oldest message the bus keeps, so a member that takes over partitions can
/// rebuild the side state of their keys. Owned and used by one thread.
class BroadcastReader
{
public:
    /// Creates the client and reads the topics' partition counts from the brokers (up to
    /// `timeoutMs`). Nothing is read before rewind(). Null with `error` set on failure, or when a
    /// topic does not exist.
    static std::unique_ptr<BroadcastReader> create(const BusSettings& settings, std::vector<std::string> topics,
                                                   int timeoutMs, std::string& error);
    ~BroadcastReader();

    /// Reads every partition of the topics from its oldest retained message on (again).
    bool rewind(std::string& error);
    /// Waits up to `timeoutMs` for a first message, then moves it and up to `max` − 1 already
    /// queued into `out` (cleared first). End-of-partition events are not returned: they mark the
    /// partition as caught up. Other entries may carry an error (`err != 0`); the caller checks.
    std::size_t consumeBatch(std::vector<KafkaMessagePtr>& out, std::size_t max, int timeoutMs);
    /// True when every partition has reached its end (the high watermark when it got there) at
    /// least once since rewind().
    bool caughtUp() const { return m_rewound && m_partitionsBehind == 0; }

    const std::vector<std::string>& topics() const { return m_topics; }
    /// The index of `topic` in topics(), or −1.
    int topicIndex(std::string_view topic) const;
    /// Partitions of topics()[index].
    std::int32_t partitionCount(int topicIndex) const { return m_partitions[std::size_t(topicIndex)]; }

private:
    BroadcastReader() = default;
    struct HandleDeleter
    {
        void operator()(rd_kafka_t* rk) const;
    };
    struct QueueDeleter
    {
        void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
    };

    std::unique_ptr<rd_kafka_t, HandleDeleter> m_rk;
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> m_queue; // destroyed before m_rk
    std::vector<std::string> m_topics;
    std::vector<std::int32_t> m_partitions;              // per topic
    std::vector<std::vector<std::uint8_t>> m_reachedEnd; // per topic and partition, since the last rewind
    std::size_t m_partitionsBehind = 0;                  // partitions not yet at their end
    bool m_rewound = false;
    std::vector<rd_kafka_message_t*> m_scratch; // reused by consumeBatch
};

} // namespace nexus
