#pragma once

#include "backend/bus/BusSettings.h"
#include "models/ops/BrowsedMessage.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace nexus {

class MessageBrowser;
class MessageBrowserPanel;

/// Wires the Messages panel to the bus: the panel's requests go to a MessageBrowser (which
/// reads on its own threads); every 100 ms, on the GUI thread, the matches read so far go into
/// the panel's table in one batch with the progress. The GUI thread never waits on Kafka.
class MessageBrowserController : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDrainMs = 100;

    /// GUI thread. The panel may be destroyed first; the controller then does nothing.
    explicit MessageBrowserController(MessageBrowserPanel* panel, QObject* parent = nullptr);
    ~MessageBrowserController() override;

    /// Uses `bus` from now on (when the stack has started). Until then a browse is answered
    /// with an error in the panel.
    void attach(const BusSettings& bus);
    /// Stops any browse and waits for the reader and re-produce threads (briefly: they notice a
    /// cancel within 100 ms, a re-produce within its 10 s delivery timeout). Call before the bus
    /// goes away.
    void detach();
    bool attached() const { return m_browser != nullptr; }

signals:
    /// A re-produce finished (also shown in the panel).
    void reproduced(bool ok, const QString& topic, const QString& error);

private:
    void browse(const BrowseRequest& request);
    void stop();
    void reproduce(const QString& topic, const QByteArray& key, const QByteArray& payload);
    void drain();

    QPointer<MessageBrowserPanel> m_panel;
    std::unique_ptr<MessageBrowser> m_browser;
    QTimer m_drain;
};

} // namespace nexus
