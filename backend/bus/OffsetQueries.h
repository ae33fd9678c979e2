#pragma once

#include "backend/bus/KafkaConf.h"
#include "models/ops/ClusterView.h"

#include <map>
#include <string>
#include <vector>

namespace nexus {

/// The topics on the brokers with their partitions' leaders and replica counts (one Metadata
/// request). `only` empty: every topic except Kafka's internal ones (names starting "__").
/// Topics come sorted by name. False with `error` set when the brokers did not answer.
bool readTopicLayout(rd_kafka_t* rk, const std::vector<std::string>& only, int timeoutMs,
                     std::vector<TopicView>& topics, int& brokers, std::string& error);

/// Fills each partition's low and high watermark. Asks with two batched ListOffsets requests per
/// leader (earliest, latest) rather than one round trip per partition, and falls back to a
/// per-partition query only where the batch left a partition unanswered.
void readWatermarks(rd_kafka_t* rk, std::vector<TopicView>& topics, int timeoutMs);

/// The committed offset of `consumer`'s group (its group.id) on every partition of `topics`
/// (one OffsetFetch to the group coordinator), keyed by (topic, partition); -1 where the group
/// has none. `consumer` must be a consumer handle that never subscribes, so that asking does not
/// make it join the group. False with `error` set when the coordinator did not answer.
using CommittedOffsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;
bool readCommitted(rd_kafka_t* consumer, const std::vector<TopicView>& topics, int timeoutMs,
                   CommittedOffsets& committed, std::string& error);

} // namespace nexus
