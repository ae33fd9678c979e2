#pragma once

namespace nexus {

class AlertFeedModel;
class ClusterModel;
class ConsoleController;
class MainWindow;

/// Connects the controller's lifecycle signals to the window (status bar, error dialog), its
/// ticks to the Stack health and Latency panels' models, and wires the panels to the bus: Messages
/// (a MessageBrowserController) and, given the window's models, Alerts (an AlertFeedController)
/// and Topics / Consumer groups (a ClusterController), and the Twins workspace to the store (a
/// TwinController; the Alerts panel's "Open twin" jumps there); all owned by `controller`. GUI thread.
void connectConsole(ConsoleController& controller, MainWindow& window, AlertFeedModel* alerts = nullptr,
                    ClusterModel* cluster = nullptr);

} // namespace nexus
