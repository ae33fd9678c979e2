#include "backend/bus/KeyPartitioner.h"

#include <librdkafka/rdkafka.h>

namespace nexus {

namespace {
constexpr std::string_view kDefault = "consistent_random"; // librdkafka's default, which KafkaProducer keeps
} // namespace

std::optional<KeyPartitioner> KeyPartitioner::named(std::string_view partitioner)
{
    // For a non-empty key each *_random variant calls its consistent one, which never reads the
    // topic handle: the hash alone decides (librdkafka's rdkafka_msg.c).
    const std::string name(partitioner);
    if (name == "consistent" || name == "consistent_random")
        return KeyPartitioner(name, &rd_kafka_msg_partitioner_consistent);
    if (name == "murmur2" || name == "murmur2_random")
        return KeyPartitioner(name, &rd_kafka_msg_partitioner_murmur2);
    if (name == "fnv1a" || name == "fnv1a_random")
        return KeyPartitioner(name, &rd_kafka_msg_partitioner_fnv1a);
    return std::nullopt;
}

std::optional<KeyPartitioner> KeyPartitioner::fromSettings(const BusSettings& settings, std::string& error)
{
    const auto it = settings.properties.find("partitioner");
    const std::string_view name = it == settings.properties.end() ? kDefault : std::string_view(it->second);
    std::optional<KeyPartitioner> p = named(name);
    if (!p)
        error =
            "the producers' partitioner '" + std::string(name) +
            "' does not hash keys: a user's events on different topics cannot be matched up (use consistent_random, "
            "murmur2_random or fnv1a_random)";
    return p;
}

std::int32_t KeyPartitioner::partitionOf(std::string_view key, std::int32_t partitionCount) const
{
    if (key.empty() || partitionCount < 1)
        return -1;
    return m_hash(nullptr, key.data(), key.size(), partitionCount, nullptr, nullptr);
}

} // namespace nexus
