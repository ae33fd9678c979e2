// GUI smoke test: the main window opens offscreen in demo mode, the throughput chart and the
// most-active-users table receive live data within seconds, and a screenshot is saved to the
// build directory (screenshots/console-operations.png).

#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "models/ops/AlertFeedModel.h"
#include "models/ops/ClusterModel.h"
#include "models/ops/GroupLagModel.h"
#include "models/ops/TopicsModel.h"
#include "widgets/ops/AlertsPanel.h"
#include "widgets/ops/LatencyPanel.h"
#include "widgets/ops/ConsumerGroupsPanel.h"
#include "widgets/ops/TopicsPanel.h"
#include "models/ops/OperationsModel.h"
#include "widgets/ops/OperationsWorkspace.h"
#include "widgets/ops/ThroughputChart.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QLabel>
#include <QStatusBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QtTest>

using namespace nexus;

class TestConsoleGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void splittersAndPanelPersistAcrossRestarts()
    {
        OperationsModel operations;
        QList<int> moved;
        {
            MainWindow window(&operations);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* tabs = qobject_cast<QTabWidget*>(window.latency()->parentWidget()->parentWidget());
            QVERIFY(tabs);
            tabs->setCurrentWidget(window.latency());
            auto* splitter = window.latency()->findChild<QSplitter*>();
            QVERIFY(splitter);
            QList<int> sizes = splitter->sizes();
            QVERIFY(sizes.size() >= 2 && sizes[1] > 150);
            sizes[0] += 120;
            sizes[1] -= 120;
            splitter->setSizes(sizes);
            moved = splitter->sizes();
        } // closing the window saves its layout
        MainWindow again(&operations);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.latency()->isVisible()); // the panel shown last is shown again
        QCOMPARE(again.latency()->findChild<QSplitter*>()->sizes(), moved);
    }

    void demoModeShowsLiveData()
    {
        StackConfig config;
        config.simulator.users = 400;
        config.simulator.speed = 3;
        config.runtime.store.dataDir = (qEnvironmentVariable("TMPDIR") + "/pg-console").toStdString();
        OperationsModel model;
        AlertFeedModel alerts;
        ClusterModel cluster;
        MainWindow window(&model, &alerts, &cluster);
        ConsoleController controller(config, &model);
        connectConsole(controller, window, &alerts, &cluster);
        QSignalSpy started(&controller, &ConsoleController::started);
        QSignalSpy failed(&controller, &ConsoleController::failed);
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1 || failed.count() == 1, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(started.first().first().toString().contains("127.0.0.1:"));
        qInfo("stack started in %.0f ms", started.first().at(1).toDouble());

        // The chart gets points with traffic, the table gets the busiest users.
        ThroughputChart* chart = window.operations()->chart();
        QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount() > 0 && model.throughput().peak() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.operations()->usersView()->model()->rowCount() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(model.kpis().consumedMsgsPerSec > 0, 10000);
        QVERIFY(model.kpis().consumerLag >= 0);
        auto* status = window.statusBar()->findChild<QLabel*>();
        QVERIFY(status);
        QVERIFY2(status->text().contains("Embedded Kafka at 127.0.0.1:"), qPrintable(status->text()));
        QVERIFY2(status->text().contains("PostgreSQL: embedded"), qPrintable(status->text()));
        QVERIFY2(status->toolTip().contains("postgresql://"), qPrintable(status->toolTip()));
        // The Alerts panel follows the alerts topic, with acknowledgements going to the store.
        QTRY_VERIFY_WITH_TIMEOUT(window.alerts()->statusText().contains("acknowledgements are stored"), 5000);
        QTest::qWait(3000); // a few seconds of history for the picture

        const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/console-operations.png";
        QVERIFY(window.grab().save(path));
        QVERIFY(QFileInfo(path).size() > 10'000);
        qInfo("screenshot: %s", qPrintable(path));

        // Topics and consumer groups from real watermarks and committed offsets.
        QTRY_VERIFY_WITH_TIMEOUT(cluster.topics()->rowCount() >= 9, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(cluster.groupLag()->rowCount() > 0, 15000);
        // The mock cluster does not describe groups: the console's own processors are shown as the
        // members holding their partitions, in both processor groups.
        const auto heldBy = [&cluster](const QString& group, const std::string& member) {
            const auto& rows = cluster.groupLag()->rows();
            return std::count_if(rows.begin(), rows.end(), [&](const GroupLagModel::Row& r) {
                return r.group == group && r.lag.topic == "health-metrics" && r.lag.member == member;
            });
        };
        QTRY_COMPARE_WITH_TIMEOUT(heldBy("nexus-processors", "this console"), 24, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(heldBy("nexus-activity", "this console"), 24, 15000);
        // Out rates come from the groups' committed offsets growing between passes.
        const auto outRate = [&cluster](const std::string& topic) {
            for (const TopicsModel::Row& r : cluster.topics()->rows())
                if (r.topic.name == topic)
                    return r.outPerSecond;
            return -1.0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(outRate("health-metrics") > 0, 20000);
        auto* tabs = window.findChild<QTabWidget*>("operationsPanels");
        QVERIFY(tabs);
        for (QWidget* panel : {static_cast<QWidget*>(window.topics()), static_cast<QWidget*>(window.consumerGroups())}) {
            tabs->setCurrentWidget(panel);
            QTest::qWait(1500);
            const QString shot = dir + (panel == window.topics() ? "/console-topics.png" : "/console-consumer-groups.png");
            QVERIFY(window.grab().save(shot));
            qInfo("screenshot: %s", qPrintable(shot));
        }
        controller.stop();
    }

    void alertsArriveAndAreAcknowledged()
    {
        // Alerts end to end: a scenario with injected episodes streamed into the console's own bus
        // by another process (the console's simulator off, so its users' data do not interleave);
        // the processor's alerts reach the panel, and one is acknowledged in the store.
        StackConfig config;
        config.simulate = false;
        QTemporaryDir dataDir; // a new store: the acknowledgement below must be the first
        QVERIFY(dataDir.isValid());
        // The server may run as the 'postgres' user (as root), which must be able to pass through.
        QFile::setPermissions(dataDir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther);
        config.runtime.store.dataDir = (dataDir.path() + "/pg").toStdString();
        OperationsModel model;
        AlertFeedModel alerts;
        MainWindow window(&model, &alerts);
        ConsoleController controller(config, &model);
        connectConsole(controller, window, &alerts);
        QSignalSpy started(&controller, &ConsoleController::started);
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window.alerts()->statusText().contains("acknowledgements are stored"), 5000);

        QProcess simulate;
        simulate.start(qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin",
                       {"simulate", "anomaly-mix", "--users", "40", "--days", "1", "--fast", "--kafka-bootstrap",
                        started.first().first().toString()});
        QVERIFY(simulate.waitForFinished(60000));
        QCOMPARE(simulate.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(alerts.rowCount() >= 5, 30000);
        auto* tabs = window.findChild<QTabWidget*>("operationsPanels");
        QVERIFY(tabs);
        tabs->setCurrentWidget(window.alerts());
        window.alerts()->setFilter(AlertsPanel::Filter::All);
        window.alerts()->view()->selectRow(0);
        const QString selected = window.alerts()->selectedAlertId();
        QVERIFY(!selected.isEmpty());
        QTest::keyClick(window.alerts(), Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY2_WITH_TIMEOUT(window.alerts()->statusText().startsWith("Acknowledged"),
                                  qPrintable(window.alerts()->statusText()), 10000);
        QVERIFY(!alerts.find(selected.toStdString())->ackedBy.empty());
        QTest::qWait(500);
        const QString path = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots/console-alerts.png";
        QVERIFY(window.grab().save(path));
        qInfo("screenshot: %s (%d alert episodes)", qPrintable(path), alerts.rowCount());
        controller.stop();
    }
};

QTEST_MAIN(TestConsoleGui)
#include "tst_console_gui.moc"
