#pragma once

#include <string>

namespace nexus::store {

/// `conninfo` (a libpq URL or key=value settings) with libpq's connect_timeout added, in whole
/// seconds and at least 2 (libpq's minimum), unless it names one already: so that a server that
/// silently drops packets fails a connection attempt instead of hanging it.
std::string withConnectTimeout(const std::string& conninfo, int timeoutMs);

} // namespace nexus::store
