#include "backend/bus/MessageSizeSampler.h"

#include <iterator>

namespace nexus {

void MessageSizeSampler::addRequests(const std::vector<TopicView>& topics, std::set<Partition>& taken,
                                     std::vector<SingleMessageReader::Request>& requests)
{
    m_firstRequest = requests.size();
    for (const TopicView& t : topics) {
        TopicSizes& s = m_topics[t.name];
        // Only a partition that grew since the last pass has a newest message not sampled before;
        // starting where the last pass left off spreads the samples over the partitions.
        const std::size_t n = t.partitions.size();
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t i = (s.next + k) % n;
            const PartitionView& p = t.partitions[i];
            const auto before = s.highs.find(p.partition);
            const bool grew = before != s.highs.end() && before->second >= 0 && p.high > before->second;
            if (!grew || !taken.insert({t.name, p.partition}).second)
                continue;
            SingleMessageReader::Request newest;
            newest.topic = t.name;
            newest.partition = p.partition;
            newest.offset = p.high - 1;
            requests.push_back(std::move(newest));
            s.next = i + 1;
            break;
        }
        s.highs.clear();
        for (const PartitionView& p : t.partitions)
            s.highs[p.partition] = p.high;
    }
}

void MessageSizeSampler::takeResults(const std::vector<SingleMessageReader::Request>& requests)
{
    for (std::size_t i = m_firstRequest; i < requests.size(); ++i) {
        const SingleMessageReader::Request& r = requests[i];
        if (r.sizeBytes < 0)
            continue; // not answered within the pass's read timeout
        TopicSizes& s = m_topics[r.topic];
        s.sizes.push_back(r.sizeBytes);
        s.sum += r.sizeBytes;
        if (s.sizes.size() > std::size_t(kMessageSizeWindow)) {
            s.sum -= s.sizes.front();
            s.sizes.pop_front();
        }
    }
    m_firstRequest = requests.size();
}

void MessageSizeSampler::publish(std::vector<TopicView>& topics)
{
    std::set<std::string> listed;
    for (TopicView& t : topics) {
        listed.insert(t.name);
        const auto it = m_topics.find(t.name);
        if (it == m_topics.end() || it->second.sizes.empty())
            continue;
        t.sizeSamples = int(it->second.sizes.size());
        t.meanMessageBytes = double(it->second.sum) / double(t.sizeSamples);
    }
    for (auto it = m_topics.begin(); it != m_topics.end();)
        it = listed.count(it->first) ? std::next(it) : m_topics.erase(it);
}

} // namespace nexus
