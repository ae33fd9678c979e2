#include "app/console/MainWindow.h"

#include "widgets/ops/OperationsWorkspace.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace nexus {

MainWindow::MainWindow(OperationsModel* operations, QWidget* parent)
    : QMainWindow(parent), m_workspaces(new QTabWidget), m_operations(new OperationsWorkspace(operations)),
      m_stackStatus(new QLabel(tr("Starting the stack…")))
{
    setWindowTitle(tr("NexusTwin Console"));
    m_workspaces->setObjectName("workspaces");
    m_workspaces->setDocumentMode(true);
    m_workspaces->addTab(m_operations, tr("&Operations"));
    setCentralWidget(m_workspaces);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Operations"), QKeySequence(Qt::CTRL | Qt::Key_1), this,
                    [this] { m_workspaces->setCurrentWidget(m_operations); });
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About NexusTwin Console"), this, [this] {
        QMessageBox::about(this, tr("About NexusTwin Console"),
                           tr("<b>NexusTwin Console</b> %1<br>Operations console and simulator for the NEXUS-TWIN "
                              "fitness platform: Kafka streams, stream processors and per-user digital twins.")
                               .arg(QApplication::applicationVersion()));
    });

    statusBar()->addWidget(m_stackStatus, 1);
    resize(1280, 820);
    restoreLayout();
}

MainWindow::~MainWindow() { saveLayout(); }

void MainWindow::showStarted(const QString& bootstrap, bool embedded, double startMs, const QString& simulatorInfo,
                             const QString& store, const QString& storeUrl)
{
    m_stackStatus->setToolTip(storeUrl.isEmpty() ? QString() : tr("PostgreSQL: %1").arg(storeUrl));
    m_stackStatus->setText(tr("%1 Kafka at %2 · PostgreSQL: %5 · stack started in %3 ms · simulator: %4")
                               .arg(embedded ? tr("Embedded") : tr("External"), bootstrap)
                               .arg(startMs, 0, 'f', 0)
                               .arg(simulatorInfo, store));
}

void MainWindow::showFailed(const QString& error)
{
    m_stackStatus->setText(tr("The stack did not start: %1").arg(error));
    QMessageBox::critical(this, tr("The stack did not start"), error);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value("mainWindow/geometry").toByteArray());
    m_workspaces->setCurrentIndex(settings.value("mainWindow/workspace", 0).toInt());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    settings.setValue("mainWindow/workspace", m_workspaces->currentIndex());
}

} // namespace nexus
