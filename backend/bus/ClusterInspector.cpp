#include "backend/bus/ClusterInspector.h"

#include "backend/bus/GroupDescription.h"
#include "backend/bus/KafkaConf.h"
#include "backend/bus/OffsetQueries.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace nexus {

void ClusterInspector::ConsumerDeleter::operator()(rd_kafka_t* rk) const
{
    // Never subscribed: there is no membership to leave, and nothing to commit.
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

ClusterInspector::ClusterInspector(BusSettings settings, ClusterInspectorOptions options)
    : m_settings(std::move(settings)), m_options(std::move(options)), m_view(std::make_shared<ClusterView>())
{
}

ClusterInspector::~ClusterInspector()
{
    stop();
}

bool ClusterInspector::start(std::string& error)
{
    KafkaConfPtr conf = makeKafkaConf(m_settings, {}, error);
    if (!conf)
        return false;
    m_meta = makeKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!m_meta || !m_reader.open(m_settings, error))
        return false;
    m_stop = false;
    m_thread = std::thread([this] { run(); });
    return true;
}

void ClusterInspector::stop()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::shared_ptr<const ClusterView> ClusterInspector::view() const
{
    std::lock_guard lock(m_mutex);
    return m_view;
}

void ClusterInspector::setGroups(std::vector<std::string> groups)
{
    std::lock_guard lock(m_mutex);
    m_options.groups = std::move(groups);
}

void ClusterInspector::run()
{
    while (!m_stop) {
        const auto started = std::chrono::steady_clock::now();
        pass();
        std::unique_lock lock(m_wakeMutex);
        m_wake.wait_until(lock, started + std::chrono::microseconds(m_options.interval),
                          [this] { return m_stop.load(); });
    }
}

void ClusterInspector::publish(std::shared_ptr<ClusterView> view)
{
    view->sequence = ++m_sequence;
    std::lock_guard lock(m_mutex);
    m_view = std::move(view);
}

void ClusterInspector::pass()
{
    const std::int64_t startedUs = steadyClockUs();
    auto view = std::make_shared<ClusterView>();
    std::string error;
    if (!readTopicLayout(m_meta.get(), m_options.topics, m_options.requestTimeoutMs, view->topics, view->brokers,
                         error)) {
        // Keep showing the last good picture, saying why it is not fresh.
        *view = *this->view();
        view->error = error;
        view->passUs = steadyClockUs() - startedUs;
        publish(std::move(view));
        return;
    }
    readWatermarks(m_meta.get(), view->topics, m_options.requestTimeoutMs);

    std::vector<std::string> groups;
    {
        std::lock_guard lock(m_mutex);
        groups = m_options.groups;
    }
    for (auto it = m_groupHandles.begin(); it != m_groupHandles.end();) // groups no longer watched
        it = std::find(groups.begin(), groups.end(), it->first) == groups.end() ? m_groupHandles.erase(it) : ++it;
    for (const std::string& group : groups) {
        if (m_stop)
            return;
        view->groups.push_back(inspectGroup(group, view->topics));
        describe(view->groups.back(), wallClockUs());
    }
    view->sampledAtUs = readMessages(*view);
    view->passUs = steadyClockUs() - startedUs;
    publish(std::move(view));
}

rd_kafka_t* ClusterInspector::groupHandle(const std::string& group, std::string& error)
{
    if (auto it = m_groupHandles.find(group); it != m_groupHandles.end())
        return it->second.get();
    const KafkaProperties tuning{
        {"group.id", group},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
    };
    KafkaConfPtr conf = makeKafkaConf(m_settings, tuning, error);
    if (!conf)
        return nullptr;
    KafkaHandlePtr rk = makeKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (!rk)
        return nullptr;
    // Deliberately no subscribe() and no assign(): this handle only asks for committed offsets.
    return m_groupHandles.emplace(group, ConsumerPtr(rk.release())).first->second.get();
}

GroupView ClusterInspector::inspectGroup(const std::string& group, const std::vector<TopicView>& topics)
{
    GroupView g;
    g.groupId = group;
    rd_kafka_t* consumer = groupHandle(group, g.error);
    CommittedOffsets committed;
    if (!consumer || !readCommitted(consumer, topics, m_options.requestTimeoutMs, committed, g.error))
        return g;
    for (const TopicView& t : topics) {
        // The group consumes a topic when it committed on any of its partitions (a group's
        // subscription is not visible without DescribeGroups, which the mock cluster lacks).
        const bool consumed = std::any_of(t.partitions.begin(), t.partitions.end(), [&](const PartitionView& p) {
            auto it = committed.find({t.name, p.partition});
            return it != committed.end() && it->second >= 0;
        });
        if (!consumed)
            continue;
        for (const PartitionView& p : t.partitions) {
            GroupPartitionLag lag;
            lag.topic = t.name;
            lag.partition = p.partition;
            lag.committed = committed[{t.name, p.partition}];
            lag.low = p.low;
            lag.high = p.high;
            computeLag(lag);
            g.partitions.push_back(std::move(lag));
        }
    }
    return g;
}

void ClusterInspector::describe(GroupView& group, TimestampUs nowUs)
{
    static const char* const kUnsupported = "not reported by this broker (it does not implement DescribeGroups)";
    Describe& d = m_describe[group.groupId];
    if (d.unsupported && nowUs < d.retryAtUs) {
        group.membersNote = kUnsupported;
        return;
    }
    std::string error;
    switch (describeGroup(m_meta.get(), group.groupId, m_options.requestTimeoutMs, group, error)) {
    case GroupDescribeResult::Unsupported:
        d.unsupported = true;
        d.retryAtUs = nowUs + m_options.describeRetry;
        group.membersNote = kUnsupported;
        return;
    case GroupDescribeResult::Failed:
        group.membersNote = "not known: " + error;
        return;
    case GroupDescribeResult::Reported:
        d.unsupported = false;
        if (!error.empty() && group.error.empty())
            group.error = error;
        break;
    }
    for (const GroupMember& m : group.members) {
        for (const auto& [topic, partition] : m.assignment) {
            auto it = std::find_if(group.partitions.begin(), group.partitions.end(), [&](const GroupPartitionLag& p) {
                return p.topic == topic && p.partition == partition;
            });
            if (it != group.partitions.end())
                it->member = m.clientId.empty() ? m.memberId : m.clientId;
        }
    }
}

TimestampUs ClusterInspector::readMessages(ClusterView& view)
{
    std::vector<GroupView>& groups = view.groups;
    const TimestampUs nowUs = wallClockUs();
    // Pick the partitions whose oldest unconsumed message needs (re-)reading: never read, or the
    // group moved past the message last read — at most once per lagTimeRefresh per partition.
    // One read per partition and pass (an assignment cannot hold a partition twice); the rest
    // wait for the next pass.
    std::vector<SingleMessageReader::Request> requests;
    std::vector<PartitionKey> requestKeys;
    std::set<std::pair<std::string, std::int32_t>> requested;
    std::map<PartitionKey, LagTimeRead> kept;
    for (const GroupView& g : groups) {
        for (const GroupPartitionLag& p : g.partitions) {
            if (p.lagMessages <= 0)
                continue;
            const PartitionKey key{g.groupId, p.topic, p.partition};
            auto it = m_lagTimes.find(key);
            const LagTimeRead last = it != m_lagTimes.end() ? it->second : LagTimeRead{};
            kept[key] = last;
            const std::int64_t oldest = std::max(p.committed, p.low);
            const bool stale = last.timestampMs < 0 || last.offset != oldest;
            const bool due = last.triedAtUs == 0 || (stale && nowUs - last.triedAtUs >= m_options.lagTimeRefresh);
            if (due && requested.insert({p.topic, p.partition}).second) {
                SingleMessageReader::Request request;
                request.topic = p.topic;
                request.partition = p.partition;
                request.offset = oldest;
                requests.push_back(std::move(request));
                requestKeys.push_back(key);
            }
        }
    }
    // The size samples ride along in the same assignment: no second round trip per pass.
    m_sizes.addRequests(view.topics, requested, requests);
    m_reader.read(requests, m_options.lagTimeReadTimeoutMs);
    m_sizes.takeResults(requests);
    m_sizes.publish(view.topics);
    const TimestampUs sampleUs = wallClockUs(); // after the reads: lag times are measured against it

    // The lag-time reads are the first requestKeys.size() requests; the size samples follow.
    for (std::size_t i = 0; i < requestKeys.size(); ++i) {
        LagTimeRead& entry = kept[requestKeys[i]];
        entry.triedAtUs = sampleUs;
        if (requests[i].timestampMs < 0)
            continue; // not answered in time: keep the last good reading
        entry.offset = requests[i].offsetRead;
        entry.timestampMs = requests[i].timestampMs;
        entry.readAtUs = sampleUs;
    }
    m_lagTimes = std::move(kept); // forgets partitions that caught up or went away

    for (GroupView& g : groups) {
        for (GroupPartitionLag& p : g.partitions) {
            if (p.lagMessages == 0) {
                p.lagTimeUs = 0;
                continue;
            }
            auto it = m_lagTimes.find({g.groupId, p.topic, p.partition});
            if (it == m_lagTimes.end() || it->second.timestampMs < 0)
                continue;
            const LagTimeRead& read = it->second;
            const TimestampUs messageUs = read.timestampMs * kUsPerMs;
            p.lagTimeOffset = read.offset;
            p.lagTimeReadAtUs = read.readAtUs;
            // While the group still waits at the message read, its age is the lag time, now.
            // Once the group moved past it, the oldest unconsumed message is a newer one not read
            // yet: report the age measured at the read rather than let a consumed message age.
            const bool stillOldest = read.offset == std::max(p.committed, p.low);
            p.lagTimeUs = std::max<DurationUs>(0, (stillOldest ? sampleUs : read.readAtUs) - messageUs);
        }
    }
    return sampleUs;
}

} // namespace nexus
