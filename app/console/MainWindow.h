#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace nexus {

class OperationsModel;
class OperationsWorkspace;

/// The console's main window: builds the UI (workspaces as tabs, menus, status bar) and nothing
/// else; the ConsoleController does the wiring. Geometry and the selected workspace persist.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(OperationsModel* operations, QWidget* parent = nullptr);
    ~MainWindow() override;

    OperationsWorkspace* operations() const { return m_operations; }

    /// Status bar: the stack is up (bootstrap address, mode) or failed (the error, also shown).
    void showStarted(const QString& bootstrap, bool embedded, double startMs, const QString& simulatorInfo,
                     const QString& store, const QString& storeUrl);
    void showFailed(const QString& error);

private:
    void restoreLayout();
    void saveLayout() const;

    QTabWidget* m_workspaces;
    OperationsWorkspace* m_operations;
    QLabel* m_stackStatus;
};

} // namespace nexus
