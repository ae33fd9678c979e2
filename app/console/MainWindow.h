#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QTabWidget;

namespace nexus {

class AlertFeedModel;
class AlertsPanel;
class ClusterModel;
class ConsumerGroupsPanel;
class TopicsPanel;
class MessageBrowserPanel;
class LatencyPanel;
class LatencyThroughputModel;
class OperationsModel;
class OperationsWorkspace;
class StackHealthModel;
class StackHealthPanel;
class TwinModel;
class TwinWorkspace;

/// The console's main window: builds the UI (workspaces as tabs, menus, status bar) and nothing
/// else; the ConsoleController does the wiring. Geometry and the selected workspace persist.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// `alerts`, `cluster` null: the window keeps empty models of its own (tests that do not need them).
    explicit MainWindow(OperationsModel* operations, AlertFeedModel* alerts = nullptr, ClusterModel* cluster = nullptr,
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    OperationsWorkspace* operations() const { return m_operations; }
    /// The Operations workspace's Messages panel (wired by the MessageBrowserController).
    MessageBrowserPanel* messages() const { return m_messages; }
    /// The Operations workspace's Alerts panel (wired by the AlertFeedController).
    AlertsPanel* alerts() const { return m_alerts; }
    TopicsPanel* topics() const { return m_topics; }
    ConsumerGroupsPanel* consumerGroups() const { return m_groups; }
    /// The Stack health panel and its model (the window's own; fed by connectConsole()).
    StackHealthPanel* stackHealth() const { return m_health; }
    StackHealthModel* stackHealthModel() const { return m_healthModel; }
    /// The Latency and throughput panel and its model (the window's own; fed by connectConsole()).
    LatencyPanel* latency() const { return m_latency; }
    LatencyThroughputModel* latencyModel() const { return m_latencyModel; }
    /// The Twins workspace and its model (the window's own; wired by connectConsole()).
    TwinWorkspace* twins() const { return m_twins; }
    TwinModel* twinModel() const { return m_twinModel; }
    /// Brings the Twins workspace to the front (View › Twins, Ctrl+2).
    void showTwins();

    /// File › Connection…: the owner opens the Connection dialog on it.
    QAction* connectionAction() const { return m_connectionAction; }

    /// Status bar: the stack is up (bootstrap address, mode) or failed (the error, also shown).
    void showStarted(const QString& bootstrap, bool embedded, double startMs, const QString& simulatorInfo,
                     const QString& store, const QString& storeUrl);
    void showFailed(const QString& error);

private:
    void restoreLayout();
    void saveLayout() const;

    QTabWidget* m_workspaces;
    QTabWidget* m_operationsTabs; // the Operations workspace's panels
    OperationsWorkspace* m_operations;
    MessageBrowserPanel* m_messages;
    AlertsPanel* m_alerts;
    TopicsPanel* m_topics;
    ConsumerGroupsPanel* m_groups;
    StackHealthModel* m_healthModel;
    LatencyThroughputModel* m_latencyModel;
    StackHealthPanel* m_health;
    LatencyPanel* m_latency;
    TwinModel* m_twinModel;
    TwinWorkspace* m_twins;
    QLabel* m_stackStatus;
    QAction* m_connectionAction;
};

} // namespace nexus
