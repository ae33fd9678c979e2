#pragma once

#include "backend/bus/KafkaConf.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nexus {

struct KafkaMessageDeleter
{
    void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
using KafkaMessagePtr = std::unique_ptr<rd_kafka_message_t, KafkaMessageDeleter>;

/// A librdkafka consumer in a consumer group, tuned for low latency (10 ms fetch wait) and high
/// throughput (a deep read-ahead queue: librdkafka 2.0.2 stalls 1 s whenever a shallow one fills,
/// see DESIGN.md). Owned and used by one thread.
class KafkaConsumer
{
public:
    /// Null with `error` set when the configuration is invalid. `tuning` overrides the defaults.
    static std::unique_ptr<KafkaConsumer> create(const BusSettings& settings, const std::string& groupId,
                                                 std::string& error, const KafkaProperties& tuning = {});
    ~KafkaConsumer();

    /// Joins the group for these topics (the assignment arrives asynchronously while polling).
    bool subscribe(const std::vector<std::string>& topics, std::string& error);

    /// Waits up to `timeoutMs` for a first message, then moves it and up to `max` − 1 already queued into `out` (cleared first). Entries may carry an error (`err != 0`) instead of data; the caller checks.
    std::size_t consumeBatch(std::vector<KafkaMessagePtr>& out, std::size_t max, int timeoutMs);

    /// Messages between this consumer's positions and the partitions' high watermarks, summed
    /// over its assignment (the watermarks librdkafka last saw in fetch responses; no network).
    /// -1 while nothing is assigned.
    std::int64_t lag() const;
    /// The group's committed offset of each assigned partition, as (partition, offset) with
    /// offset −1 where the group has none. Blocks for a round trip to the group coordinator (up
    /// to `timeoutMs`); call on a rebalance, not per message.
    std::vector<std::pair<std::int32_t, std::int64_t>> committedOffsets(int timeoutMs) const;
    /// Bumped on every assignment change (rebalance); lets a caller reset per-partition state.
    std::uint64_t assignmentGeneration() const { return m_generation; }

    /// Per-partition state handover, called on the polling thread from inside consumeBatch().
    struct RebalanceHooks
    {
        /// Before a partition is assigned: the offset to start it at, or −1 for the group's
        /// committed offset.
        std::function<std::int64_t(const char* topic, std::int32_t partition)> startOffset;
        /// Before a partition is revoked (a rebalance, or close()).
        std::function<void(const char* topic, std::int32_t partition)> revoked;
    };
    void setRebalanceHooks(RebalanceHooks hooks) { m_hooks = std::move(hooks); }

    /// Leaves the group (committing offsets). Called by the destructor if not before.
    void close();
    rd_kafka_t* handle() const { return m_rk.get(); }

private:
    KafkaConsumer() = default;
    static void onRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                            void* opaque);

    KafkaHandlePtr m_rk;
    rd_kafka_queue_t* m_queue = nullptr;
    std::vector<rd_kafka_message_t*> m_scratch; // reused by consumeBatch
    bool m_closed = false;
    std::uint64_t m_generation = 0; // changed from librdkafka's callback, on the polling thread
    RebalanceHooks m_hooks;
};

} // namespace nexus
