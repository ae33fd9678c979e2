#include "backend/bus/KafkaConf.h"

namespace nexus {

namespace {
bool setProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value, std::string& error)
{
    char err[512];
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        error = "Kafka setting '" + name + "': " + err;
        return false;
    }
    return true;
}
} // namespace

KafkaConfPtr makeKafkaConf(const BusSettings& settings, const KafkaProperties& tuning, std::string& error)
{
    KafkaConfPtr conf(rd_kafka_conf_new());
    if (settings.bootstrap.empty()) {
        error = "no Kafka bootstrap servers configured";
        return nullptr;
    }
    if (!setProperty(conf.get(), "bootstrap.servers", settings.bootstrap, error))
        return nullptr;
    // Keep librdkafka's own logging to warnings and worse; our code reports what matters.
    if (!setProperty(conf.get(), "log_level", "4", error))
        return nullptr;
    for (const auto& [name, value] : tuning)
        if (!setProperty(conf.get(), name, value, error))
            return nullptr;
    for (const auto& [name, value] : settings.properties)
        if (!setProperty(conf.get(), name, value, error))
            return nullptr;
    return conf;
}

KafkaHandlePtr makeKafkaHandle(rd_kafka_type_t type, KafkaConfPtr conf, std::string& error)
{
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
    if (!rk) {
        error = std::string("cannot create Kafka client: ") + err;
        return nullptr;
    }
    conf.release(); // rd_kafka_new took ownership
    return KafkaHandlePtr(rk);
}

KafkaHandlePtr makeAssignOnlyConsumer(const BusSettings& settings, const std::string& groupId,
                                      const KafkaProperties& tuning, std::string& error)
{
    KafkaProperties all{
        {"group.id", groupId},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"enable.partition.eof", "true"},
        {"auto.offset.reset", "earliest"},
    };
    all.insert(all.end(), tuning.begin(), tuning.end());
    KafkaConfPtr conf = makeKafkaConf(settings, all, error);
    if (!conf)
        return nullptr;
    KafkaHandlePtr rk = makeKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (rk)
        rd_kafka_poll_set_consumer(rk.get());
    return rk;
}

} // namespace nexus
