#include "backend/api/StatusHttpServer.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace nexus {

namespace {
constexpr qint64 kMaxRequestBytes = 8192;

void respond(QTcpSocket* socket, int status, const char* reason, const char* type, const QByteArray& body)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + type +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    socket->write(out);
    socket->disconnectFromHost();
}
} // namespace

StatusHttpServer::StatusHttpServer(std::function<Health()> health, std::function<std::string()> metrics,
                                   QObject* parent)
    : QObject(parent)
    , m_health(std::move(health))
    , m_metrics(std::move(metrics))
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
        }
    });
}

bool StatusHttpServer::listen(const QString& address, quint16 port, QString& error)
{
    QHostAddress host;
    if (!host.setAddress(address)) {
        error = QStringLiteral("'%1' is not an IP address").arg(address);
        return false;
    }
    if (!m_server->listen(host, port)) {
        error = QStringLiteral("cannot listen on %1:%2: %3").arg(address).arg(port).arg(m_server->errorString());
        return false;
    }
    return true;
}

quint16 StatusHttpServer::port() const { return m_server->serverPort(); }

void StatusHttpServer::serve(QTcpSocket* socket)
{
    // The request line is enough; wait for the end of the headers so the client has finished.
    const QByteArray request = socket->peek(kMaxRequestBytes);
    if (!request.contains("\r\n\r\n") && request.size() < kMaxRequestBytes)
        return;
    socket->readAll();
    const QList<QByteArray> line = request.left(request.indexOf("\r\n")).split(' ');
    if (line.size() < 2 || line[0] != "GET") {
        respond(socket, 405, "Method Not Allowed", "text/plain", "GET /health or GET /metrics\n");
        return;
    }
    const QByteArray path = line[1].left(line[1].indexOf('?') < 0 ? line[1].size() : line[1].indexOf('?'));
    if (path == "/health") {
        const Health h = m_health();
        respond(socket, h.healthy ? 200 : 503, h.healthy ? "OK" : "Service Unavailable", "application/json",
                QByteArray::fromStdString(h.json));
    } else if (path == "/metrics") {
        respond(socket, 200, "OK", "text/plain; version=0.0.4", QByteArray::fromStdString(m_metrics()));
    } else {
        respond(socket, 404, "Not Found", "text/plain", "GET /health or GET /metrics\n");
    }
}

} // namespace nexus
