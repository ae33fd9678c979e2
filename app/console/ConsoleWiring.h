#pragma once

namespace nexus {

class ConsoleController;
class MainWindow;

/// Connects the controller's lifecycle signals to the window (status bar, error dialog).
/// GUI thread.
void connectConsole(ConsoleController& controller, MainWindow& window);

} // namespace nexus
