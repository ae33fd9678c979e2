// GUI smoke test: the main window opens offscreen in demo mode, the throughput chart and the
// most-active-users table receive live data within seconds, and a screenshot is saved to the
// build directory (screenshots/console-operations.png).

#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "models/ops/OperationsModel.h"
#include "widgets/ops/OperationsWorkspace.h"
#include "widgets/ops/ThroughputChart.h"

#include <QDir>
#include <QLabel>
#include <QStatusBar>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace nexus;

class TestConsoleGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoModeShowsLiveData()
    {
        StackConfig config;
        config.simulator.users = 400;
        config.simulator.speed = 3;
        config.runtime.store.dataDir = (qEnvironmentVariable("TMPDIR") + "/pg-console").toStdString();
        OperationsModel model;
        MainWindow window(&model);
        ConsoleController controller(config, &model);
        connectConsole(controller, window);
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
        QTest::qWait(3000); // a few seconds of history for the picture

        const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/console-operations.png";
        QVERIFY(window.grab().save(path));
        QVERIFY(QFileInfo(path).size() > 10'000);
        qInfo("screenshot: %s", qPrintable(path));
        controller.stop();
    }
};

QTEST_MAIN(TestConsoleGui)
#include "tst_console_gui.moc"
