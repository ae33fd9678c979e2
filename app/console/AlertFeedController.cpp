#include "app/console/AlertFeedController.h"

#include "backend/bus/AlertFeed.h"
#include "models/ops/AlertFeedModel.h"
#include "widgets/ops/AlertsPanel.h"

namespace nexus {

AlertFeedController::AlertFeedController(AlertsPanel* panel, AlertFeedModel* model, QObject* parent)
    : QObject(parent), m_panel(panel), m_model(model)
{
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &AlertFeedController::drain);
    connect(panel, &AlertsPanel::acknowledgeRequested, this, [this](const QString& id, const QString& who) {
        if (m_feed)
            m_feed->acknowledge(id.toStdString(), who.toStdString());
        else
            m_panel->showStatus(tr("Not connected: the acknowledgement cannot be recorded yet."));
    });
}

AlertFeedController::~AlertFeedController()
{
    detach();
}

void AlertFeedController::attach(const BusSettings& bus, const std::string& storeConnection)
{
    detach();
    m_feed = std::make_unique<AlertFeed>(bus, storeConnection);
    std::string error;
    if (!m_feed->start(error)) {
        m_panel->showStatus(tr("Cannot follow the alerts topic: %1").arg(QString::fromStdString(error)));
        m_feed.reset();
        return;
    }
    m_panel->showStatus(storeConnection.empty()
                            ? tr("Following alerts. No store: acknowledgements stay in this console.")
                            : tr("Following alerts; acknowledgements are stored."));
    m_timer.start();
}

void AlertFeedController::detach()
{
    m_timer.stop();
    if (m_feed)
        m_feed->stop();
    m_feed.reset();
}

void AlertFeedController::drain()
{
    std::vector<AlertEvent> alerts;
    std::vector<AlertFeed::Acknowledgement> acks;
    m_feed->take(alerts, acks);
    m_model->apply(alerts);
    for (const AlertFeed::Acknowledgement& a : acks) {
        if (a.ok)
            m_model->setAcknowledged(a.alertId, a.who, a.atUs);
        m_panel->showStatus(a.ok ? tr("Acknowledged %1 as %2%3")
                                       .arg(QString::fromStdString(a.alertId), QString::fromStdString(a.who),
                                            a.note.empty() ? QString() : " — " + QString::fromStdString(a.note))
                                 : tr("Not acknowledged: %1").arg(QString::fromStdString(a.note)));
    }
}

} // namespace nexus
