#pragma once

#include <QTcpServer>

namespace nexus::test {

/// A loopback TCP port nobody listens on: bound, read and released again (another process could
/// take it meanwhile, which on a test machine does not happen in practice).
inline quint16 closedLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot bind a loopback port");
    return server.serverPort();
}

} // namespace nexus::test
