#include "backend/bus/EmbeddedCluster.h"

#include "models/events/Topics.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace nexus {

std::unique_ptr<EmbeddedCluster> EmbeddedCluster::start(int brokers, std::string& error)
{
    std::unique_ptr<EmbeddedCluster> c(new EmbeddedCluster());
    KafkaConfPtr conf(rd_kafka_conf_new());
    char err[512];
    // The owner handle never talks to a broker; it only hosts the mock cluster's thread.
    rd_kafka_conf_set(conf.get(), "log_level", "4", err, sizeof err);
    c->m_owner = makeKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!c->m_owner)
        return nullptr;
    c->m_cluster = rd_kafka_mock_cluster_new(c->m_owner.get(), brokers);
    if (!c->m_cluster) {
        error = "cannot start the embedded Kafka cluster (rd_kafka_mock_cluster_new failed)";
        return nullptr;
    }
    c->m_brokers = brokers;
    c->m_bootstrap = rd_kafka_mock_cluster_bootstraps(c->m_cluster);
    // One thread per topic: in librdkafka 2.0.2 a mock-cluster request sometimes misses its
    // wake-up and waits out the mock thread's 1 s poll (seen in the console: every other topic,
    // 4 s in all). Concurrent requests are served together, so the start costs at most one such
    // wait.
    std::vector<std::string> errors(kTopicCatalogue.size());
    std::vector<std::thread> creators;
    for (std::size_t i = 0; i < kTopicCatalogue.size(); ++i)
        creators.emplace_back([&, i] {
            c->createTopic(std::string(kTopicCatalogue[i].name), kTopicCatalogue[i].partitions, errors[i]);
        });
    for (std::thread& t : creators)
        t.join();
    for (const std::string& e : errors) {
        if (!e.empty()) {
            error = e;
            return nullptr;
        }
    }
    return c;
}

EmbeddedCluster::~EmbeddedCluster()
{
    if (m_cluster)
        rd_kafka_mock_cluster_destroy(m_cluster);
}

bool EmbeddedCluster::createTopic(const std::string& name, int partitions, std::string& error)
{
    const int replication = std::min(3, m_brokers);
    if (rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(m_cluster, name.c_str(), partitions, replication)) {
        error = "cannot create topic " + name + ": " + rd_kafka_err2str(err);
        return false;
    }
    return true;
}

} // namespace nexus
