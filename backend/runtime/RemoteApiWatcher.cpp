#include "backend/runtime/RemoteApiWatcher.h"

#include <QDateTime>
#include <QWebSocket>

namespace nexus {

RemoteApiWatcher::RemoteApiWatcher(QUrl url, int intervalMs, int timeoutMs, QObject* parent)
    : QObject(parent), m_url(std::move(url)), m_timeoutMs(timeoutMs)
{
    m_facts.url = m_url.toDisplayString(QUrl::RemovePassword).toStdString();
    m_every.setInterval(intervalMs);
    connect(&m_every, &QTimer::timeout, this, &RemoteApiWatcher::check);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { finish(false, tr("no answer within %1 s").arg(double(m_timeoutMs) / 1000.0)); });
}

RemoteApiWatcher::~RemoteApiWatcher()
{
    if (m_socket)
        m_socket->disconnect(this); // no finish() from a socket closing in its destructor
}

void RemoteApiWatcher::start()
{
    m_every.start();
    check();
}

void RemoteApiWatcher::check()
{
    if (m_socket)
        return; // the previous check is still waiting for its answer or its time-out
    m_socket = std::make_unique<QWebSocket>();
    connect(m_socket.get(), &QWebSocket::connected, this, [this] { finish(true, {}); });
    connect(m_socket.get(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this] { finish(false, m_socket->errorString()); });
    m_openedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_timeout.start(m_timeoutMs);
    m_socket->open(m_url);
}

void RemoteApiWatcher::finish(bool reachable, const QString& error)
{
    if (!m_socket)
        return; // an error after the check already ended
    m_timeout.stop();
    const TimestampUs now = wallClockUs();
    if (reachable && !m_facts.reachable)
        m_facts.upSinceUs = now;
    m_facts.reachable = reachable;
    m_facts.checkedAtUs = now;
    m_facts.connectMs = reachable ? double(QDateTime::currentMSecsSinceEpoch() - m_openedAtMs) : -1;
    m_facts.error = error.toStdString();
    if (!reachable)
        m_facts.upSinceUs = 0;
    // Deleted later: this may run inside one of the socket's own signals.
    QWebSocket* socket = m_socket.release();
    socket->disconnect(this);
    socket->close();
    socket->deleteLater();
    emit checked();
}

} // namespace nexus
