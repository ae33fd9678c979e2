#pragma once

#include "backend/bus/BusSettings.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <string>

namespace nexus {

class AlertFeed;
class AlertFeedModel;
class AlertsPanel;

/// Wires the Alerts panel to the stack: an AlertFeed follows the alerts topic off the GUI thread,
/// and every 250 ms its new messages go into the model in one batch; acknowledgements go to the
/// feed (which stores them) and their outcome comes back to the model and the panel.
class AlertFeedController : public QObject
{
    Q_OBJECT
public:
    AlertFeedController(AlertsPanel* panel, AlertFeedModel* model, QObject* parent = nullptr);
    ~AlertFeedController() override;

    /// Starts following `bus`; acknowledgements go to the store at `storeConnection` (empty: none).
    void attach(const BusSettings& bus, const std::string& storeConnection);
    /// Stops following (before the stack goes away).
    void detach();

private:
    void drain();

    AlertsPanel* m_panel;
    AlertFeedModel* m_model;
    std::unique_ptr<AlertFeed> m_feed;
    QTimer m_timer;
};

} // namespace nexus
