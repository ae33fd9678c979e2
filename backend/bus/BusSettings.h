#pragma once

#include <map>
#include <string>

namespace nexus {

/// How to reach Kafka. Embedded: the runtime starts librdkafka's mock cluster and fills in
/// `bootstrap`. Connected: `bootstrap` names real brokers, and `properties` carries any further
/// librdkafka client settings (security.protocol, sasl.*, ssl.*) to every client.
struct BusSettings
{
    std::string bootstrap;
    std::map<std::string, std::string> properties;
    bool embedded = true;
};

} // namespace nexus
