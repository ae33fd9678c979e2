#pragma once

#include "backend/bus/BusSettings.h"

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nexus {

struct KafkaConfDeleter
{
    void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
using KafkaConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaConfDeleter>;

struct KafkaHandleDeleter
{
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandlePtr = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;

using KafkaProperty = std::pair<std::string, std::string>;
using KafkaProperties = std::vector<KafkaProperty>;

/// Builds a client configuration: bootstrap servers, then the client-specific `tuning`, then the
/// user's properties from the settings (which win). Returns null and sets `error` when a
/// property is unknown or invalid, naming it.
KafkaConfPtr makeKafkaConf(const BusSettings& settings, const KafkaProperties& tuning, std::string& error);

/// Creates a client of `type` from `conf` (taking ownership). Null and `error` set on failure.
KafkaHandlePtr makeKafkaHandle(rd_kafka_type_t type, KafkaConfPtr conf, std::string& error);

/// A consumer outside every group, for readers that assign partitions themselves (browser,
/// broadcast join, inspector): `groupId` only because assign() wants one, never joined and never
/// committed to; end of partition reported; an offset the bus dropped meanwhile reads from the
/// oldest kept. Errors and events arrive with the messages (poll_set_consumer). `tuning` adds
/// fetch settings. Null and `error` set on failure.
KafkaHandlePtr makeAssignOnlyConsumer(const BusSettings& settings, const std::string& groupId,
                                      const KafkaProperties& tuning, std::string& error);

} // namespace nexus
