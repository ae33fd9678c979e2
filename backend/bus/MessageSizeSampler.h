#pragma once

#include "backend/bus/SingleMessageReader.h"
#include "models/ops/ClusterView.h"

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace nexus {

/// Learns each topic's typical message size by reading its newest message now and then: on every
/// pass, for each topic whose high watermark grew since the previous pass, the newest message of
/// one partition that grew, taking the partitions in turn. Keeps the sizes of the last
/// kMessageSizeWindow messages per topic. The brokers' own byte counters are not readable through
/// librdkafka 2.0.2 (no DescribeLogDirs), so messages/s × this mean is the console's bytes/s
/// estimate. Owned and used by the cluster inspector's thread.
class MessageSizeSampler
{
public:
    using Partition = std::pair<std::string, std::int32_t>; // topic, partition

    /// Appends this pass's reads to `requests`, skipping partitions in `taken` (already read this
    /// pass; an assignment holds a partition once) and adding the ones it chose. Remembers `topics`'
    /// high watermarks for the next pass.
    void addRequests(const std::vector<TopicView>& topics, std::set<Partition>& taken,
                     std::vector<SingleMessageReader::Request>& requests);
    /// Takes the sizes of the reads addRequests() appended, once `requests` were read.
    void takeResults(const std::vector<SingleMessageReader::Request>& requests);
    /// Sets each topic's meanMessageBytes and sizeSamples; forgets topics no longer listed.
    void publish(std::vector<TopicView>& topics);

private:
    struct TopicSizes
    {
        std::map<std::int32_t, std::int64_t> highs; // partition → high watermark at the previous pass
        std::size_t next = 0;                       // index of the partition to try first next time
        std::deque<std::int64_t> sizes;             // the latest sampled sizes, oldest first
        std::int64_t sum = 0;                       // of `sizes`
    };

    std::map<std::string, TopicSizes> m_topics;
    std::size_t m_firstRequest = 0; // where this pass's requests start in the shared list
};

} // namespace nexus
