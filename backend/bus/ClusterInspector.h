#pragma once

#include "backend/bus/BusSettings.h"
#include "backend/bus/MessageSizeSampler.h"
#include "backend/bus/SingleMessageReader.h"
#include "models/ops/ClusterView.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace nexus {

/// What the cluster inspector watches and how often.
struct ClusterInspectorOptions
{
    DurationUs interval = kUsPerSecond;                  ///< between the starts of two passes
    std::vector<std::string> groups{"nexus-processors"}; ///< consumer groups whose lag to read
    std::vector<std::string> topics;                     ///< empty: every topic except internal ones
    /// How often, at most, the oldest unconsumed message of one lagging partition is re-read to
    /// refresh its lag time (only when the group's committed offset moved since).
    DurationUs lagTimeRefresh = 5 * kUsPerSecond;
    /// After the brokers said they cannot describe groups (the mock cluster), ask again this late.
    DurationUs describeRetry = 60 * kUsPerSecond;
    int requestTimeoutMs = 2000;     ///< per broker request
    int lagTimeReadTimeoutMs = 1000; ///< for all message reads of one pass (lag times and sizes)
};

/// Watches the Kafka cluster on its own thread, about once a second: every topic's partitions
/// with their leaders and watermarks, and for each configured consumer group its committed
/// offsets, lag in messages (high watermark − committed) and in time (age of the oldest
/// unconsumed message, read from the bus), plus its state and members where the brokers report
/// them; and each growing topic's mean message size, from its newest messages (MessageSizeSampler).
/// Each pass is published as an immutable ClusterView.
///
/// It never disturbs the groups it measures: committed offsets are read through a consumer with
/// the group's id that never subscribes (an OffsetFetch does not join the group), and messages are
/// read by a consumer outside every group that only assigns partitions and never commits.
class ClusterInspector
{
public:
    explicit ClusterInspector(BusSettings settings, ClusterInspectorOptions options = {});
    ~ClusterInspector();
    ClusterInspector(const ClusterInspector&) = delete;
    ClusterInspector& operator=(const ClusterInspector&) = delete;

    /// Creates the Kafka clients and starts the inspector thread; the first view follows within
    /// about one pass. False with `error` set when the settings are invalid.
    bool start(std::string& error);
    /// Stops the thread (waits for the pass under way, at most a few request timeouts).
    void stop();

    /// The latest pass (any thread; never blocks on Kafka, only a short lock to copy a pointer).
    /// Never null: before the first pass it is an empty view with sequence 0.
    std::shared_ptr<const ClusterView> view() const;
    /// Changes the groups watched from the next pass on (any thread).
    void setGroups(std::vector<std::string> groups);

private:
    struct ConsumerDeleter
    {
        void operator()(rd_kafka_t* rk) const;
    };
    using ConsumerPtr = std::unique_ptr<rd_kafka_t, ConsumerDeleter>;
    struct LagTimeRead
    {
        std::int64_t offset = -1;      // the offset read (the oldest unconsumed one back then)
        std::int64_t timestampMs = -1; // of the message there; -1: never read successfully
        TimestampUs readAtUs = 0;      // of the last successful read
        TimestampUs triedAtUs = 0;     // of the last attempt, successful or not
    };
    struct Describe
    {
        bool unsupported = false;
        TimestampUs retryAtUs = 0;
    };
    using PartitionKey = std::tuple<std::string, std::string, std::int32_t>; // group, topic, partition

    void run();
    void pass();
    GroupView inspectGroup(const std::string& group, const std::vector<TopicView>& topics);
    void describe(GroupView& group, TimestampUs nowUs);
    /// Reads, in one go, the oldest unconsumed messages whose lag times are due and the newest
    /// messages the size sampler wants; fills the groups' lag times and the topics' mean message
    /// sizes. Returns the wall time the lag times were measured at (the pass's sample time).
    TimestampUs readMessages(ClusterView& view);
    rd_kafka_t* groupHandle(const std::string& group, std::string& error);
    void publish(std::shared_ptr<ClusterView> view);

    BusSettings m_settings;
    ClusterInspectorOptions m_options; // `groups` guarded by m_mutex; the rest fixed after construction

    // Used by the inspector thread only.
    KafkaHandlePtr m_meta; // metadata, watermarks, group descriptions
    std::map<std::string, ConsumerPtr> m_groupHandles;
    std::map<std::string, Describe> m_describe;
    SingleMessageReader m_reader;
    std::map<PartitionKey, LagTimeRead> m_lagTimes;
    MessageSizeSampler m_sizes;
    std::uint64_t m_sequence = 0;

    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;

    mutable std::mutex m_mutex; // guards m_view and m_options.groups
    std::shared_ptr<const ClusterView> m_view;
};

} // namespace nexus
