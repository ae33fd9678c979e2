#pragma once

#include "models/ops/ClusterView.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nexus {

/// A consumer of this process in a consumer group, with the partitions its own loop says it holds.
struct LocalConsumer
{
    std::string groupId;
    std::string topic;
    std::string name; ///< shown as the member: "this console (health processor)"
    std::vector<std::int32_t> partitions;
};

/// The members of `view`'s groups the brokers did not describe (librdkafka's mock cluster does not
/// implement DescribeGroups), filled in from this process's own consumers: they are members too,
/// and their assignment is known exactly. Partitions none of them holds keep an empty member
/// (held elsewhere, or by nobody), and membersReported stays false with its note: members in other
/// processes are not known. Groups the brokers described are left as they are.
void addLocalMembers(ClusterView& view, const std::vector<LocalConsumer>& local);

} // namespace nexus
