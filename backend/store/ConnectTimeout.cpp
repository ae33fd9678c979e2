#include "backend/store/ConnectTimeout.h"

#include <algorithm>

namespace nexus::store {

std::string withConnectTimeout(const std::string& conninfo, int timeoutMs)
{
    if (conninfo.find("connect_timeout") != std::string::npos)
        return conninfo;
    const std::string seconds = std::to_string(std::max(2, (timeoutMs + 999) / 1000));
    if (conninfo.find("://") != std::string::npos)
        return conninfo + (conninfo.find('?') != std::string::npos ? "&" : "?") + "connect_timeout=" + seconds;
    return conninfo + " connect_timeout=" + seconds;
}

} // namespace nexus::store
