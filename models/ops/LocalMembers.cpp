#include "models/ops/LocalMembers.h"

#include <algorithm>

namespace nexus {

void addLocalMembers(ClusterView& view, const std::vector<LocalConsumer>& local)
{
    for (GroupView& group : view.groups) {
        if (group.membersReported)
            continue;
        for (const LocalConsumer& consumer : local) {
            if (consumer.groupId != group.groupId)
                continue;
            GroupMember member;
            member.clientId = consumer.name;
            for (const std::int32_t partition : consumer.partitions) {
                member.assignment.emplace_back(consumer.topic, partition);
                auto it = std::find_if(group.partitions.begin(), group.partitions.end(), [&](const GroupPartitionLag& p) {
                    return p.topic == consumer.topic && p.partition == partition;
                });
                if (it != group.partitions.end())
                    it->member = consumer.name;
            }
            group.members.push_back(std::move(member));
        }
    }
}

} // namespace nexus
