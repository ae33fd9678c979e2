#include "app/console/MainWindow.h"

#include "models/ops/AlertFeedModel.h"
#include "models/ops/ClusterModel.h"
#include "models/ops/LatencyThroughputModel.h"
#include "models/ops/StackHealthModel.h"
#include "models/twin/TwinModel.h"
#include "widgets/ops/AlertsPanel.h"
#include "widgets/ops/ConsumerGroupsPanel.h"
#include "widgets/ops/LatencyPanel.h"
#include "widgets/ops/StackHealthPanel.h"
#include "widgets/ops/Theme.h"
#include "widgets/ops/TopicsPanel.h"
#include "widgets/ops/MessageBrowserPanel.h"
#include "widgets/ops/OperationsWorkspace.h"
#include "widgets/twin/TwinWorkspace.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

#include <map>
#include <utility>
#include <vector>

namespace nexus {

MainWindow::MainWindow(OperationsModel* operations, AlertFeedModel* alerts, ClusterModel* cluster, QWidget* parent)
    : QMainWindow(parent), m_workspaces(new QTabWidget), m_operationsTabs(new QTabWidget),
      m_operations(new OperationsWorkspace(operations)), m_messages(new MessageBrowserPanel),
      m_alerts(new AlertsPanel(alerts ? alerts : new AlertFeedModel(this))),
      m_topics(nullptr), m_groups(nullptr), m_healthModel(new StackHealthModel(this)),
      m_latencyModel(new LatencyThroughputModel(this)), m_health(new StackHealthPanel(m_healthModel)),
      m_latency(new LatencyPanel(m_latencyModel)), m_twinModel(new TwinModel(this)),
      m_twins(new TwinWorkspace(m_twinModel)),
      m_stackStatus(new QLabel(tr("Starting the stack…")))
{
    setWindowTitle(tr("NexusTwin Console"));
    m_workspaces->setObjectName("workspaces");
    m_workspaces->setDocumentMode(true);
    m_operationsTabs->setObjectName("operationsPanels");
    m_operationsTabs->setDocumentMode(true);
    if (!cluster)
        cluster = new ClusterModel(this);
    m_topics = new TopicsPanel(cluster->topics(), cluster->partitions());
    m_groups = new ConsumerGroupsPanel(cluster->groupLag(), cluster->lagTrend());
    m_operationsTabs->addTab(m_operations, tr("Overview"));
    m_operationsTabs->addTab(m_alerts, tr("Alerts"));
    m_operationsTabs->addTab(m_topics, tr("Topics"));
    m_operationsTabs->addTab(m_groups, tr("Consumer groups"));
    m_operationsTabs->addTab(m_messages, tr("Messages"));
    m_operationsTabs->addTab(m_health, tr("Stack health"));
    m_operationsTabs->addTab(m_latency, tr("Latency"));
    m_workspaces->addTab(m_operationsTabs, tr("&Operations"));
    m_workspaces->addTab(m_twins, tr("&Twins"));
    setCentralWidget(m_workspaces);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_connectionAction = file->addAction(tr("&Connection…"));
    m_connectionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_connectionAction->setStatusTip(tr("Run the embedded demo stack or connect to Kafka, PostgreSQL and an API"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Operations"), QKeySequence(Qt::CTRL | Qt::Key_1), this,
                    [this] { m_workspaces->setCurrentWidget(m_operationsTabs); });
    view->addAction(tr("T&wins"), QKeySequence(Qt::CTRL | Qt::Key_2), this, &MainWindow::showTwins);
    const auto addPanelAction = [this, view](const QString& text, QKeyCombination keys, QWidget* panel) {
        view->addAction(text, QKeySequence(keys), this, [this, panel] {
            m_workspaces->setCurrentWidget(m_operationsTabs);
            m_operationsTabs->setCurrentWidget(panel);
        });
    };
    addPanelAction(tr("Operations › &Alerts"), Qt::CTRL | Qt::SHIFT | Qt::Key_A, m_alerts);
    addPanelAction(tr("Operations › &Topics"), Qt::CTRL | Qt::SHIFT | Qt::Key_T, m_topics);
    addPanelAction(tr("Operations › &Consumer groups"), Qt::CTRL | Qt::SHIFT | Qt::Key_G, m_groups);
    addPanelAction(tr("Operations › &Messages"), Qt::CTRL | Qt::SHIFT | Qt::Key_M, m_messages);
    addPanelAction(tr("Operations › Stack &health"), Qt::CTRL | Qt::SHIFT | Qt::Key_H, m_health);
    addPanelAction(tr("Operations › &Latency and throughput"), Qt::CTRL | Qt::SHIFT | Qt::Key_L, m_latency);
    view->addSeparator();
    view->addMenu(Theme::makeThemeMenu(this));
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

void MainWindow::showTwins()
{
    m_workspaces->setCurrentWidget(m_twins);
}

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

namespace {
/// Every splitter of the window with a key that stays the same from one run to the next: the
/// class of the panel it belongs to and its place among that panel's splitters.
std::vector<std::pair<QString, QSplitter*>> keyedSplitters(const QWidget& window)
{
    std::vector<std::pair<QString, QSplitter*>> keyed;
    std::map<QString, int> seen;
    for (QSplitter* splitter : window.findChildren<QSplitter*>()) {
        const QWidget* panel = splitter->parentWidget();
        while (panel && panel->parentWidget() && !panel->inherits("QTabWidget") &&
               !panel->parentWidget()->inherits("QStackedWidget"))
            panel = panel->parentWidget();
        const QString name = panel ? QString::fromLatin1(panel->metaObject()->className()) : QStringLiteral("window");
        keyed.emplace_back(QStringLiteral("mainWindow/splitters/%1/%2").arg(name).arg(seen[name]++), splitter);
    }
    return keyed;
}
} // namespace

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value("mainWindow/geometry").toByteArray());
    for (const auto& [key, splitter] : keyedSplitters(*this))
        splitter->restoreState(settings.value(key).toByteArray());
    m_workspaces->setCurrentIndex(settings.value("mainWindow/workspace", 0).toInt());
    m_operationsTabs->setCurrentIndex(settings.value("mainWindow/operationsPanel", 0).toInt());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    for (const auto& [key, splitter] : keyedSplitters(*this))
        settings.setValue(key, splitter->saveState());
    settings.setValue("mainWindow/workspace", m_workspaces->currentIndex());
    settings.setValue("mainWindow/operationsPanel", m_operationsTabs->currentIndex());
}

} // namespace nexus
