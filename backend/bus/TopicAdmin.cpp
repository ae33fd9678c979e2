#include "backend/bus/TopicAdmin.h"

#include "backend/bus/KafkaConf.h"
#include "models/events/Topics.h"

#include <set>
#include <vector>

namespace nexus {

namespace {
std::set<std::string> existingTopics(rd_kafka_t* rk, int timeoutMs, std::string& error)
{
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, timeoutMs)) {
        error = rd_kafka_err2str(err);
        return {};
    }
    std::set<std::string> names;
    for (int i = 0; i < md->topic_cnt; ++i)
        if (!md->topics[i].err)
            names.insert(md->topics[i].topic);
    rd_kafka_metadata_destroy(md);
    return names;
}
} // namespace

bool ensureCatalogueTopics(const BusSettings& settings, int timeoutMs, std::string& error)
{
    KafkaConfPtr conf = makeKafkaConf(settings, {}, error);
    if (!conf)
        return false;
    KafkaHandlePtr rk = makeKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!rk)
        return false;

    std::string why;
    const std::set<std::string> existing = existingTopics(rk.get(), timeoutMs, why);
    if (!why.empty()) {
        error = "cannot reach Kafka at " + settings.bootstrap + ": " + why;
        return false;
    }
    std::vector<rd_kafka_NewTopic_t*> newTopics;
    std::string missing;
    for (const TopicSpec& t : kTopicCatalogue) {
        const std::string name(t.name);
        if (existing.count(name))
            continue;
        char err[256];
        newTopics.push_back(rd_kafka_NewTopic_new(name.c_str(), t.partitions, -1, err, sizeof err));
        missing += (missing.empty() ? "" : ", ") + name;
    }
    if (newTopics.empty())
        return true;

    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
    rd_kafka_CreateTopics(rk.get(), newTopics.data(), newTopics.size(), nullptr, queue);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, timeoutMs);
    std::string problems;
    if (!ev) {
        problems = "no answer within " + std::to_string(timeoutMs) + " ms";
    } else if (rd_kafka_event_error(ev)) {
        problems = rd_kafka_event_error_string(ev);
    } else if (const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev)) {
        size_t n = 0;
        const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
        for (size_t i = 0; i < n; ++i) {
            const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
            if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                problems += std::string(problems.empty() ? "" : "; ") + rd_kafka_topic_result_name(results[i]) +
                            ": " + rd_kafka_err2str(err);
        }
    }
    if (ev)
        rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy_array(newTopics.data(), newTopics.size());
    if (!problems.empty()) {
        error = "topics missing on " + settings.bootstrap + " (" + missing + ") and they could not be created: " +
                problems;
        return false;
    }
    return true;
}

} // namespace nexus
