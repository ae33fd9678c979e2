#pragma once

#include "models/ops/ClusterView.h"

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace nexus {

/// What the brokers said when asked to describe a group.
enum class GroupDescribeResult
{
    Reported,    ///< state, protocol and members filled in
    Unsupported, ///< the brokers do not implement ListGroups/DescribeGroups (librdkafka's mock cluster)
    Failed,      ///< no answer, or an error; `error` says which
};

/// Asks the brokers for `group`'s state, assignor and members with their assignments
/// (rd_kafka_list_groups: ListGroups + DescribeGroups) and fills those fields of `out`. Blocks up
/// to `timeoutMs`; call from a worker thread.
GroupDescribeResult describeGroup(rd_kafka_t* rk, const std::string& group, int timeoutMs, GroupView& out,
                                  std::string& error);

/// Decodes a member's assignment as the "consumer" protocol type encodes it (Kafka's
/// ConsumerProtocolAssignment: int16 version, [topic: string, partitions: [int32]], user data;
/// big-endian). False when the bytes are truncated or malformed.
bool parseConsumerAssignment(const void* bytes, std::size_t size,
                             std::vector<std::pair<std::string, std::int32_t>>& assignment);

} // namespace nexus
