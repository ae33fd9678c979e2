#pragma once

#include "models/metrics/StackComponents.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

class QWebSocket;

namespace nexus {

/// Watches the backend's WebSocket API (the Connect dialog's API URL, [api] url in the config)
/// for the Stack health panel: every `intervalMs` it opens a WebSocket to the URL and closes it
/// once connected, recording whether and how fast it connected, or why not. Asynchronous on the
/// thread it lives on (the GUI thread may own it: nothing here waits).
class RemoteApiWatcher : public QObject
{
    Q_OBJECT
public:
    RemoteApiWatcher(QUrl url, int intervalMs = 10000, int timeoutMs = 5000, QObject* parent = nullptr);
    ~RemoteApiWatcher() override;

    /// Checks now, then every interval.
    void start();
    /// What the checks found so far (checkedAtUs 0 until the first one ends).
    const stackhealth::RemoteApiFacts& facts() const { return m_facts; }

signals:
    /// A check ended (facts() holds its result).
    void checked();

private:
    void check();
    void finish(bool reachable, const QString& error);

    QUrl m_url;
    int m_timeoutMs;
    QTimer m_every;
    QTimer m_timeout;
    std::unique_ptr<QWebSocket> m_socket; // the check under way; null between checks
    qint64 m_openedAtMs = 0;              // QDateTime::currentMSecsSinceEpoch() at open()
    stackhealth::RemoteApiFacts m_facts;
};

} // namespace nexus
