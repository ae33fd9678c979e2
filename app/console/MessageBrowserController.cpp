#include "app/console/MessageBrowserController.h"

#include "backend/bus/MessageBrowser.h"
#include "widgets/ops/MessageBrowserPanel.h"

namespace nexus {

MessageBrowserController::MessageBrowserController(MessageBrowserPanel* panel, QObject* parent)
    : QObject(parent), m_panel(panel)
{
    m_drain.setInterval(kDrainMs);
    connect(&m_drain, &QTimer::timeout, this, &MessageBrowserController::drain);
    connect(panel, &MessageBrowserPanel::browseRequested, this, &MessageBrowserController::browse);
    connect(panel, &MessageBrowserPanel::stopRequested, this, &MessageBrowserController::stop);
    connect(panel, &MessageBrowserPanel::reproduceRequested, this, &MessageBrowserController::reproduce);
    connect(this, &MessageBrowserController::reproduced, panel, &MessageBrowserPanel::showReproduced);
}

// Joins the worker threads before QObject's destructor runs, so their queued reports never
// target a dead object.
MessageBrowserController::~MessageBrowserController()
{
    detach();
}

void MessageBrowserController::attach(const BusSettings& bus)
{
    detach();
    m_browser = std::make_unique<MessageBrowser>(bus);
}

void MessageBrowserController::detach()
{
    m_drain.stop();
    m_browser.reset();
}

void MessageBrowserController::browse(const BrowseRequest& request)
{
    if (!m_browser) {
        if (m_panel)
            m_panel->showError(tr("The stack is not running yet: nothing to browse."));
        return;
    }
    m_browser->browse(request);
    m_drain.start();
}

void MessageBrowserController::stop()
{
    if (m_browser)
        m_browser->cancel();
}

void MessageBrowserController::reproduce(const QString& topic, const QByteArray& key, const QByteArray& payload)
{
    if (!m_browser) {
        emit reproduced(false, topic, tr("the stack is not running"));
        return;
    }
    m_browser->reproduce(
        topic.toStdString(), key.toStdString(), payload.toStdString(),
        [this, topic](bool ok, const std::string& error) {
            // On the producing thread: hand over to the GUI thread (queued).
            QMetaObject::invokeMethod(
                this, [this, ok, topic, e = QString::fromStdString(error)] { emit reproduced(ok, topic, e); },
                Qt::QueuedConnection);
        });
}

void MessageBrowserController::drain()
{
    std::vector<BrowsedMessage> batch;
    const BrowseProgress progress = m_browser->take(batch);
    if (m_panel) {
        m_panel->appendMessages(std::move(batch));
        m_panel->showProgress(progress);
    }
    if (isTerminal(progress.state))
        m_drain.stop(); // take() said the last matches came with this batch
}

} // namespace nexus
