#pragma once

#include "backend/bus/BusSettings.h"

#include <string>

namespace nexus {

/// Connected mode: checks that the brokers answer and that every catalogue topic exists, and
/// creates the missing ones (Admin API, broker-default replication). False with `error` naming
/// the brokers and the topics when they cannot be reached or created.
bool ensureCatalogueTopics(const BusSettings& settings, int timeoutMs, std::string& error);

} // namespace nexus
