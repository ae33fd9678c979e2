#pragma once

#include "backend/bus/BusSettings.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct rd_kafka_topic_s; // librdkafka's topic handle (rd_kafka_topic_t)

namespace nexus {

/// The partition librdkafka's producer puts a keyed message in, computed without producing: the
/// same hash function the producers of the stack use (their `partitioner` property; librdkafka's
/// default consistent_random is CRC32 of the key modulo the partition count). Lets a consumer
/// tell which partition of one topic a key of another topic belongs to (co-partitioning: the
/// activity processor keeps the workout-data and user-events of the users whose health-metrics
/// partitions it owns). Stateless and thread-safe.
class KeyPartitioner
{
public:
    /// For the `partitioner` of these settings' properties (absent: consistent_random). Only the
    /// key-hashing partitioners can be followed: nullopt with `error` for "random" or an unknown name.
    static std::optional<KeyPartitioner> fromSettings(const BusSettings& settings, std::string& error);
    /// consistent[_random], murmur2[_random] or fnv1a[_random]; nullopt for anything else.
    static std::optional<KeyPartitioner> named(std::string_view partitioner);

    /// 0..partitionCount−1 for a non-empty key; −1 for an empty key (the *_random partitioners
    /// spread those at random) or a partition count below 1.
    std::int32_t partitionOf(std::string_view key, std::int32_t partitionCount) const;
    /// The partitioner's librdkafka name ("consistent_random", …).
    const std::string& name() const { return m_name; }

private:
    using Hash = std::int32_t (*)(const rd_kafka_topic_s*, const void*, std::size_t, std::int32_t, void*, void*);
    KeyPartitioner(std::string name, Hash hash) : m_name(std::move(name)), m_hash(hash) {}

    std::string m_name;
    Hash m_hash;
};

} // namespace nexus
