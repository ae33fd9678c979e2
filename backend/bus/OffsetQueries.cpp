#include "backend/bus/OffsetQueries.h"

#include <algorithm>

namespace nexus {

bool readTopicLayout(rd_kafka_t* rk, const std::vector<std::string>& only, int timeoutMs,
                     std::vector<TopicView>& topics, int& brokers, std::string& error)
{
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, timeoutMs)) {
        error = std::string("metadata: ") + rd_kafka_err2str(err);
        return false;
    }
    topics.clear();
    brokers = md->broker_cnt;
    for (int i = 0; i < md->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t& mt = md->topics[i];
        const std::string name = mt.topic;
        const bool wanted =
            only.empty() ? name.rfind("__", 0) != 0 : std::find(only.begin(), only.end(), name) != only.end();
        if (!wanted)
            continue;
        TopicView t;
        t.name = name;
        if (mt.err)
            t.error = rd_kafka_err2str(mt.err);
        for (int p = 0; p < mt.partition_cnt; ++p) {
            const rd_kafka_metadata_partition_t& mp = mt.partitions[p];
            PartitionView v;
            v.partition = mp.id;
            v.leader = mp.leader;
            v.replicas = mp.replica_cnt;
            v.inSync = mp.isr_cnt;
            if (mp.err)
                v.error = rd_kafka_err2str(mp.err);
            t.partitions.push_back(std::move(v));
        }
        std::sort(t.partitions.begin(), t.partitions.end(),
                  [](const PartitionView& a, const PartitionView& b) { return a.partition < b.partition; });
        topics.push_back(std::move(t));
    }
    rd_kafka_metadata_destroy(md);
    // A requested topic the brokers do not know still gets a row, saying so.
    for (const std::string& name : only) {
        if (std::none_of(topics.begin(), topics.end(), [&](const TopicView& t) { return t.name == name; }))
            topics.push_back(TopicView{name, {}, "topic does not exist on the brokers"});
    }
    std::sort(topics.begin(), topics.end(), [](const TopicView& a, const TopicView& b) { return a.name < b.name; });
    return true;
}

namespace {
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

PartitionListPtr allPartitions(const std::vector<TopicView>& topics, std::int64_t offset)
{
    int count = 0;
    for (const TopicView& t : topics)
        count += int(t.partitions.size());
    PartitionListPtr list(rd_kafka_topic_partition_list_new(std::max(count, 1)));
    for (const TopicView& t : topics)
        for (const PartitionView& p : t.partitions)
            rd_kafka_topic_partition_list_add(list.get(), t.name.c_str(), p.partition)->offset = offset;
    return list;
}

PartitionView* find(std::vector<TopicView>& topics, const char* topic, std::int32_t partition)
{
    for (TopicView& t : topics)
        if (t.name == topic)
            for (PartitionView& p : t.partitions)
                if (p.partition == partition)
                    return &p;
    return nullptr;
}
} // namespace

void readWatermarks(rd_kafka_t* rk, std::vector<TopicView>& topics, int timeoutMs)
{
    // ListOffsets with the special times "latest" (−1) and "earliest" (−2) answers exactly what
    // rd_kafka_query_watermark_offsets() asks, but for all of a leader's partitions at once.
    for (const bool latest : {true, false}) {
        PartitionListPtr list = allPartitions(topics, latest ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING);
        if (list->cnt == 0)
            return;
        rd_kafka_offsets_for_times(rk, list.get(), timeoutMs); // per-partition errors are checked below
        for (int i = 0; i < list->cnt; ++i) {
            const rd_kafka_topic_partition_t& tp = list->elems[i];
            if (PartitionView* p = find(topics, tp.topic, tp.partition); p && !tp.err && tp.offset >= 0)
                (latest ? p->high : p->low) = tp.offset;
        }
    }
    for (TopicView& t : topics) {
        for (PartitionView& p : t.partitions) {
            if (p.low >= 0 && p.high >= 0)
                continue;
            int64_t low = -1, high = -1;
            if (rd_kafka_resp_err_t err =
                    rd_kafka_query_watermark_offsets(rk, t.name.c_str(), p.partition, &low, &high, timeoutMs)) {
                p.error = std::string("watermarks: ") + rd_kafka_err2str(err);
                continue;
            }
            p.low = low;
            p.high = high;
        }
    }
}

bool readCommitted(rd_kafka_t* consumer, const std::vector<TopicView>& topics, int timeoutMs,
                   CommittedOffsets& committed, std::string& error)
{
    committed.clear();
    PartitionListPtr list = allPartitions(topics, RD_KAFKA_OFFSET_INVALID);
    if (list->cnt == 0)
        return true;
    if (rd_kafka_resp_err_t err = rd_kafka_committed(consumer, list.get(), timeoutMs)) {
        error = std::string("committed offsets: ") + rd_kafka_err2str(err);
        return false;
    }
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t& tp = list->elems[i];
        committed[{tp.topic, tp.partition}] = !tp.err && tp.offset >= 0 ? tp.offset : -1;
    }
    return true;
}

} // namespace nexus
