#pragma once

#include "backend/bus/KafkaConf.h"

#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>

namespace nexus {

/// librdkafka's mock cluster, in-process: real Kafka protocol on loopback (random ports), so any
/// client — ours, kcat, another process — can use it. A live bus, not an archive: each partition
/// keeps at most 5 MiB or 100k batches and drops older data (DESIGN.md).
class EmbeddedCluster
{
public:
    /// Starts `brokers` brokers and creates every topic of the catalogue (models/events/Topics.h).
    /// Null with `error` set on failure.
    static std::unique_ptr<EmbeddedCluster> start(int brokers, std::string& error);
    ~EmbeddedCluster();

    /// Comma-separated host:port list of the brokers.
    const std::string& bootstrap() const { return m_bootstrap; }

    /// Creates a topic (replication factor: min(3, brokers)). Fails if it exists with another count.
    bool createTopic(const std::string& name, int partitions, std::string& error);

private:
    EmbeddedCluster() = default;

    KafkaHandlePtr m_owner;                      // the client handle that owns the mock cluster
    rd_kafka_mock_cluster_t* m_cluster = nullptr;
    std::string m_bootstrap;
    int m_brokers = 0;
};

} // namespace nexus
