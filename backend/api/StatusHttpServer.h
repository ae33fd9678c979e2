#pragma once

#include <QObject>

#include <functional>
#include <string>

class QTcpServer;
class QTcpSocket;

namespace nexus {

/// A minimal HTTP/1.1 endpoint for probes and scrapers: GET /health (JSON; 200 when healthy, 503
/// when not) and GET /metrics (Prometheus text). One request per connection, answered from the
/// providers on this object's thread (they must not block on I/O); anything else gets 404/405.
class StatusHttpServer : public QObject
{
    Q_OBJECT
public:
    struct Health
    {
        bool healthy = true;
        std::string json;
    };
    StatusHttpServer(std::function<Health()> health, std::function<std::string()> metrics, QObject* parent = nullptr);

    /// Listens on `address`:`port` (0: any free port). False with `error`.
    bool listen(const QString& address, quint16 port, QString& error);
    quint16 port() const;

private:
    void serve(QTcpSocket* socket);

    std::function<Health()> m_health;
    std::function<std::string()> m_metrics;
    QTcpServer* m_server;
};

} // namespace nexus
