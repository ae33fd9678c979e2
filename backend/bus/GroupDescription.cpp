#include "backend/bus/GroupDescription.h"

#include <string_view>

namespace nexus {

namespace {
/// A bounds-checked big-endian reader over Kafka protocol bytes.
class ProtocolReader
{
public:
    ProtocolReader(const void* bytes, std::size_t size) : m_p(static_cast<const unsigned char*>(bytes)), m_left(size) {}

    bool readInt(int bytes, std::int64_t& value)
    {
        if (m_left < std::size_t(bytes))
            return false;
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v = (v << 8) | m_p[i];
        m_p += bytes;
        m_left -= std::size_t(bytes);
        // Sign-extend: lengths of −1 mean "null" in the protocol.
        const int shift = 64 - 8 * bytes;
        value = std::int64_t(v << shift) >> shift;
        return true;
    }

    bool readString(std::string& s)
    {
        std::int64_t len = 0;
        if (!readInt(2, len) || len < 0 || std::size_t(len) > m_left)
            return false;
        s.assign(reinterpret_cast<const char*>(m_p), std::size_t(len));
        m_p += len;
        m_left -= std::size_t(len);
        return true;
    }

private:
    const unsigned char* m_p;
    std::size_t m_left;
};
} // namespace

bool parseConsumerAssignment(const void* bytes, std::size_t size,
                             std::vector<std::pair<std::string, std::int32_t>>& assignment)
{
    assignment.clear();
    if (size == 0)
        return true; // a member that was assigned nothing (more members than partitions)
    ProtocolReader in(bytes, size);
    std::int64_t version = 0, topicCount = 0;
    if (!in.readInt(2, version) || version < 0 || !in.readInt(4, topicCount) || topicCount < 0)
        return false;
    for (std::int64_t t = 0; t < topicCount; ++t) {
        std::string topic;
        std::int64_t partitionCount = 0;
        if (!in.readString(topic) || !in.readInt(4, partitionCount) || partitionCount < 0)
            return false;
        for (std::int64_t i = 0; i < partitionCount; ++i) {
            std::int64_t partition = 0;
            if (!in.readInt(4, partition))
                return false;
            assignment.emplace_back(topic, std::int32_t(partition));
        }
    }
    return true; // the user data that follows is the assignor's own business
}

GroupDescribeResult describeGroup(rd_kafka_t* rk, const std::string& group, int timeoutMs, GroupView& out,
                                  std::string& error)
{
    const rd_kafka_group_list* list = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_list_groups(rk, group.c_str(), &list, timeoutMs);
    if (err == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE || err == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION ||
        err == RD_KAFKA_RESP_ERR_INVALID_REQUEST)
        return GroupDescribeResult::Unsupported;
    if (err) {
        error = std::string("describe group: ") + rd_kafka_err2str(err);
        return GroupDescribeResult::Failed;
    }
    out.membersReported = true;
    out.members.clear();
    out.state = "Dead"; // the brokers list no such group: nobody ever joined it, or it expired
    for (int i = 0; list && i < list->group_cnt; ++i) {
        const rd_kafka_group_info& g = list->groups[i];
        if (group != g.group)
            continue;
        if (g.err) {
            error = std::string("describe group: ") + rd_kafka_err2str(g.err);
            continue;
        }
        out.state = g.state ? g.state : "";
        out.protocol = g.protocol ? g.protocol : "";
        const bool consumerProtocol = g.protocol_type && std::string_view(g.protocol_type) == "consumer";
        for (int m = 0; m < g.member_cnt; ++m) {
            const rd_kafka_group_member_info& info = g.members[m];
            GroupMember member{info.member_id ? info.member_id : "",
                               info.client_id ? info.client_id : "",
                               info.client_host ? info.client_host : "",
                               {}};
            if (consumerProtocol &&
                !parseConsumerAssignment(info.member_assignment, std::size_t(info.member_assignment_size),
                                         member.assignment))
                error = "member " + member.clientId + ": unreadable assignment";
            out.members.push_back(std::move(member));
        }
    }
    if (list)
        rd_kafka_group_list_destroy(list);
    return GroupDescribeResult::Reported;
}

} // namespace nexus
