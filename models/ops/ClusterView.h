#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nexus {

/// One partition as the brokers describe it (metadata and ListOffsets).
struct PartitionView
{
    std::int32_t partition = 0;
    std::int32_t leader = -1; ///< broker id; -1 when the partition has no leader
    int replicas = 0;
    int inSync = 0;         ///< in-sync replicas
    std::int64_t low = -1;  ///< oldest retained offset (low watermark); -1 unknown
    std::int64_t high = -1; ///< next offset to be written (high watermark); -1 unknown
    std::string error;      ///< why the partition could not be read; empty when fine
};

/// How many of a topic's latest sampled messages TopicView::meanMessageBytes averages.
constexpr int kMessageSizeWindow = 32;

/// One topic: its partitions in partition order.
struct TopicView
{
    std::string name;
    std::vector<PartitionView> partitions;
    std::string error;
    /// Mean size (key + value + headers, bytes) of the topic's newest messages the inspector
    /// sampled: one message per pass while the topic grows, from one partition in turn. The
    /// brokers' byte counters are out of reach (librdkafka 2.0.2 has no DescribeLogDirs): the
    /// message rate times this is the console's bytes/s estimate. -1 until a message was sampled.
    double meanMessageBytes = -1;
    int sizeSamples = 0; ///< how many messages meanMessageBytes averages (at most kMessageSizeWindow)
};

/// A consumer group member, as DescribeGroups reports it (real brokers only: librdkafka's mock
/// cluster does not implement ListGroups/DescribeGroups).
struct GroupMember
{
    std::string memberId;
    std::string clientId;
    std::string host;
    std::vector<std::pair<std::string, std::int32_t>> assignment; ///< (topic, partition)
};

/// Where one consumer group stands on one partition. Offsets are Kafka offsets; lag counts
/// messages; times are wall-clock microseconds (models/core/Time.h).
struct GroupPartitionLag
{
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t committed = -1; ///< the group's committed offset (next to read); -1: none committed
    std::int64_t low = -1;       ///< the partition's watermarks at the same sample
    std::int64_t high = -1;
    /// high − committed (high − low while nothing is committed: the group starts at the oldest
    /// retained message); -1 unknown.
    std::int64_t lagMessages = -1;
    /// Messages the group will never read: the bus dropped them before the group got there
    /// (committed below the low watermark; DESIGN.md says never lose data silently).
    std::int64_t lostMessages = 0;
    /// Sample time − timestamp of the oldest unconsumed message; 0 without lag; -1 unknown
    /// (not read yet, or the message carries no timestamp).
    DurationUs lagTimeUs = -1;
    /// The offset of the message lagTimeUs was measured on, and when it was read (at most every
    /// few seconds per partition). While the group still waits at that offset the lag time ages
    /// with each sample; once the group moved past it, lagTimeUs is the age as of the read.
    std::int64_t lagTimeOffset = -1;
    TimestampUs lagTimeReadAtUs = 0; ///< 0: never read
    std::string member;              ///< the member (client id) assigned this partition; empty when not reported
};

/// Fills `lag`'s lagMessages and lostMessages from its committed offset and watermarks: lag is
/// high − committed (high − low while nothing is committed: the group then starts at the oldest
/// retained message), lost is how far the committed offset fell below the low watermark.
inline void computeLag(GroupPartitionLag& lag)
{
    if (lag.low < 0 || lag.high < 0) {
        lag.lagMessages = -1;
        lag.lostMessages = 0;
        return;
    }
    const std::int64_t from = lag.committed >= 0 ? lag.committed : lag.low;
    lag.lagMessages = lag.high > from ? lag.high - from : 0;
    lag.lostMessages = lag.committed >= 0 && lag.low > lag.committed ? lag.low - lag.committed : 0;
}

/// A consumer group: its state and members when the brokers report them, and its position on
/// each partition of the topics it has committed offsets for.
struct GroupView
{
    std::string groupId;
    bool membersReported = false; ///< false: see membersNote
    /// Why state and members are missing, e.g. "not reported by this broker" (librdkafka's mock
    /// cluster does not implement DescribeGroups); empty when reported.
    std::string membersNote;
    std::string state;    ///< "Stable", "PreparingRebalance", "Empty", ...; empty when not reported
    std::string protocol; ///< the assignor ("range", "cooperative-sticky"); empty when not reported
    std::vector<GroupMember> members;
    std::vector<GroupPartitionLag> partitions; ///< sorted by topic, then partition
    std::string error;                         ///< the last problem reading the group; empty when fine

    /// Sum of the known lags (messages).
    std::int64_t totalLag() const
    {
        std::int64_t sum = 0;
        for (const GroupPartitionLag& p : partitions)
            sum += p.lagMessages > 0 ? p.lagMessages : 0;
        return sum;
    }
};

/// Everything the cluster inspector saw in one pass. Immutable once published; shared between
/// the inspector's thread and the GUI by std::shared_ptr<const ClusterView>.
struct ClusterView
{
    std::uint64_t sequence = 0;  ///< 1, 2, 3... per pass; 0: nothing sampled yet
    TimestampUs sampledAtUs = 0; ///< wall clock at the end of the pass
    DurationUs passUs = 0;       ///< how long the pass took
    int brokers = 0;
    std::vector<TopicView> topics; ///< sorted by name
    std::vector<GroupView> groups; ///< in the configured order
    std::string error;             ///< the pass could not read the cluster (e.g. metadata timed out)
};

} // namespace nexus
