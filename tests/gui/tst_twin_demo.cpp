// Slow: the Twins workspace on the demo stack's own data. The console runs the embedded demo as
// `scripts/demo --users 8 --speed 4320 --upload-interval 60` would (a simulated day every 20 s,
// slow enough that the processor keeps up and the bus drops nothing) until a user has four closed
// days in the store, then the Alerts panel's "Open twin" jumps to the busiest user. Checks that
// the twin and its history are shown and saves screenshots/console-twin.png (docs/console-twin.png).

#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "models/ops/ActiveUsersModel.h"
#include "models/ops/AlertFeedModel.h"
#include "models/ops/ClusterModel.h"
#include "models/ops/OperationsModel.h"
#include "models/twin/TwinHistoryModel.h"
#include "models/twin/TwinModel.h"
#include "widgets/ops/AlertsPanel.h"
#include "widgets/ops/OperationsWorkspace.h"
#include "widgets/twin/TwinLoadChart.h"
#include "widgets/twin/TwinWorkspace.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

using namespace nexus;

namespace {

/// The most closed days any user has in the store.
int mostClosedDays(const std::string& connection)
{
    pqxx::connection db(connection);
    pqxx::read_transaction tx(db);
    return tx.exec1("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM twin_daily GROUP BY user_id) d")[0]
        .as<int>();
}

} // namespace

class TestTwinDemo : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear(); // the default layout in the picture, not the last run's
    }

    void demoTwinsOnScreen()
    {
        StackConfig config;
        config.simulator.users = 8;
        config.simulator.speed = 4320;
        config.simulator.uploadIntervalSeconds = 60;
        QTemporaryDir dataDir; // a new store: only this run's days
        QVERIFY(dataDir.isValid());
        // The server may run as the 'postgres' user (as root), which must be able to pass through.
        QFile::setPermissions(dataDir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                  QFileDevice::ExeGroup | QFileDevice::ExeOther);
        config.runtime.store.dataDir = (dataDir.path() + "/pg").toStdString();
        OperationsModel operations;
        AlertFeedModel alerts;
        ClusterModel cluster;
        MainWindow window(&operations, &alerts, &cluster);
        ConsoleController controller(config, &operations);
        connectConsole(controller, window, &alerts, &cluster);
        QSignalSpy started(&controller, &ConsoleController::started);
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(mostClosedDays(controller.storeConnection()) >= 4, 180000);

        // The busiest user of the Overview's table, opened the way an alert's "Open twin" does.
        QTableView* users = window.operations()->usersView();
        QTRY_VERIFY_WITH_TIMEOUT(users->model()->rowCount() > 0, 10000);
        const QString user = users->model()->index(0, ActiveUsersModel::User).data().toString();
        QVERIFY(user.startsWith('u'));
        emit window.alerts()->twinRequested(user);
        auto* workspaces = window.findChild<QTabWidget*>("workspaces");
        QCOMPARE(workspaces->currentWidget(), window.twins());
        TwinModel& model = *window.twinModel();
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), TwinModel::State::Shown, 10000);
        QCOMPARE(model.userId(), user);
        QVERIFY(model.latest()->sampleCount > 0);
        QVERIFY2(model.history()->closedDays() >= 3, qPrintable(model.message()));
        QCOMPARE(window.twins()->chart()->pointCount(TwinHistoryModel::Ctl), model.history()->rowCount());
        qInfo("%s", qPrintable(model.message()));

        QTest::qWait(500);
        const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/console-twin.png";
        QVERIFY(window.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
        controller.stop();
    }
};

QTEST_MAIN(TestTwinDemo)
#include "tst_twin_demo.moc"
