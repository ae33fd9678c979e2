// The Twins workspace offscreen against a real store: the console's stack (embedded PostgreSQL and
// Kafka, no simulator) is started through connectConsole(), a known user's twin and history are
// written to its store, and the workspace is driven with QTest: Ctrl+2, search by name and pick
// the match, type an id and press Enter, the known values on screen, CSV export, a user the store
// does not know and one without a twin yet, and the Alerts panel's "Open twin" jumping here.
// Also: the states without a store and with an unreachable one, and the workspace's splitters and
// selection persisting across restarts.

#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "app/console/TwinController.h"
#include "backend/codec/TwinUpdateCodec.h"
#include "backend/store/StoreQueries.h"
#include "backend/store/TwinRows.h"
#include "models/ops/AlertFeedModel.h"
#include "models/ops/OperationsModel.h"
#include "models/twin/TwinFactsModel.h"
#include "models/twin/TwinHistoryModel.h"
#include "models/twin/TwinModel.h"
#include "models/twin/UserMatchModel.h"
#include "tests/support/KnownTwin.h"
#include "tests/support/LoopbackPorts.h"
#include "widgets/ops/AlertsPanel.h"
#include "widgets/ops/KpiTile.h"
#include "widgets/twin/TwinLoadChart.h"
#include "widgets/twin/TwinWorkspace.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

using namespace nexus;

namespace {

using testsupport::kNov2;

/// Ada's twin on 2026-11-05: readiness 66.5, recovery 72, energy 52, CTL 38.5, ATL 44.1, TSB −3.2.
TwinSummary adasTwin() { return testsupport::knownTwin(); }

/// Ada's closed days 2026-11-02 … 04 (CTL 30.5, 31.5, 32.5; TSB 0, −4.5, −9).
std::vector<store::ClosedTwinDay> adasDays()
{
    std::vector<store::ClosedTwinDay> days;
    for (int i = 0; i < 3; ++i) {
        TwinDay d;
        d.day = kNov2 + i;
        d.load = 60 + 10 * i;
        d.ctl = 30.5 + i;
        d.atl = 35.5 + 2 * i;
        d.tsb = -4.5 * i;
        d.rhr = 52 + i;
        d.readiness.add(ContributionInput::Base, 70 - 5 * i);
        d.readiness.finish();
        d.recovery.add(ContributionInput::Base, 70);
        d.recovery.finish();
        d.energy.add(ContributionInput::Base, 55);
        d.energy.finish();
        days.push_back({"u0000042", d});
    }
    return days;
}

void seedStore(const std::string& connection)
{
    pqxx::connection db(connection);
    {
        pqxx::work tx(db);
        tx.exec("INSERT INTO users (user_id, display_name) VALUES ('u0000042', 'Ada Lovelace'), "
                "('u0000077', 'Grace Hopper')");
        store::upsertTwinDays(tx, adasDays());
        tx.commit();
    }
    const TwinSummary twin = adasTwin();
    store::saveLatestTwin(db, twin.userId, twin.lastEventUs, twincodec::encode(twin));
}

/// The history view's text at (row, column), in the view's order.
QString shown(const QTableView* view, int row, int column)
{
    return view->model()->index(row, column).data().toString();
}

/// The Value cell of the facts view's row named `quantity`.
QString shownFact(const QTableView* view, const QString& quantity)
{
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->model()->index(r, TwinFactsModel::Quantity).data().toString() == quantity)
            return view->model()->index(r, TwinFactsModel::Value).data().toString();
    return {};
}

AlertEvent adasAlert()
{
    AlertEvent a;
    a.startUs = startOfDayUs(kNov2 + 3) + 3600 * kUsPerSecond;
    a.userId = "u0000042";
    a.detector = "tachycardia_at_rest";
    a.alertId = "tachycardia_at_rest:u0000042:" + std::to_string(a.startUs);
    a.category = AlertCategory::Health;
    a.severity = AlertSeverity::Warning;
    a.state = AlertState::Open;
    a.tsUs = a.startUs;
    a.message = "HR 128 bpm at rest";
    a.value = 128;
    a.unit = "bpm";
    return a;
}

} // namespace

class TestTwinWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void showsAKnownTwinFromTheStore()
    {
        StackConfig config;
        config.simulate = false; // only the rows this test writes
        QTemporaryDir dataDir;
        QVERIFY(dataDir.isValid());
        // The server may run as the 'postgres' user (as root), which must be able to pass through.
        QFile::setPermissions(dataDir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                  QFileDevice::ExeGroup | QFileDevice::ExeOther);
        config.runtime.store.dataDir = (dataDir.path() + "/pg").toStdString();
        OperationsModel operations;
        AlertFeedModel alerts;
        MainWindow window(&operations, &alerts);
        ConsoleController controller(config, &operations);
        connectConsole(controller, window, &alerts);
        TwinModel& model = *window.twinModel();
        TwinWorkspace* twins = window.twins();
        QCOMPARE(model.state(), TwinModel::State::NoStore);
        QVERIFY(twins->messageLabel()->text().startsWith("Waiting for the stack to start"));

        QSignalSpy started(&controller, &ConsoleController::started);
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, 15000);
        QCOMPARE(model.state(), TwinModel::State::Idle);
        seedStore(controller.storeConnection());

        // View › Twins.
        auto* workspaces = window.findChild<QTabWidget*>("workspaces");
        QVERIFY(workspaces);
        workspaces->setCurrentIndex(0);
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(workspaces->currentWidget(), twins);

        // Search by part of the name: the completer offers the match; picking it loads the twin.
        QLineEdit* field = twins->userField();
        field->setFocus();
        QTest::keyClicks(field, "lovel");
        QTRY_COMPARE_WITH_TIMEOUT(model.matches()->rowCount(), 1, 5000);
        QCOMPARE(model.matches()->index(0).data().toString(), QString("u0000042 · Ada Lovelace"));
        QAbstractItemView* popup = twins->completer()->popup();
        QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible(), 2000);
        QList<TwinModel::State> states; // every state the model passes through, until the answer
        const QMetaObject::Connection recording =
            connect(&model, &TwinModel::changed, this, [&] { states << model.state(); });
        QTest::keyClick(popup, Qt::Key_Down);
        QTest::keyClick(popup, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), TwinModel::State::Shown, 5000);
        QCOMPARE(field->text(), QString("u0000042"));
        disconnect(recording); // `states` goes out of scope before the model stops changing
        QCOMPARE(states.first(), TwinModel::State::Loading); // said so while the store was asked

        // The known values, as the view shows them.
        QCOMPARE(twins->readinessTile()->value(), QString("66.5"));
        QCOMPARE(twins->recoveryTile()->value(), QString("72.0"));
        QCOMPARE(twins->energyTile()->value(), QString("52.0"));
        QTableView* facts = twins->factsView();
        QCOMPARE(shownFact(facts, "Fitness (CTL)"), QString("38.5"));
        QCOMPARE(shownFact(facts, "Fatigue (ATL)"), QString("44.1"));
        QCOMPARE(shownFact(facts, "Form (TSB)"), QString("-3.2"));
        QCOMPARE(shownFact(facts, "Last heart rate"), QString("72"));
        QCOMPARE(shownFact(facts, "Mean heart rate"), QString("71.4"));
        QCOMPARE(shownFact(facts, "Steps"), QString("12,345"));
        QCOMPARE(shownFact(facts, "    form"), QString("−3.5"));
        QVERIFY2(
            twins->messageLabel()->text().startsWith("u0000042 (Ada Lovelace) — twin as of 2026-11-05 07:15:02 UTC"),
            qPrintable(twins->messageLabel()->text()));
        QVERIFY(twins->messageLabel()->text().endsWith("3 closed days stored"));
        QVERIFY(twins->content()->isVisible());

        // The history, newest first: the day in progress, then the three closed days.
        QTableView* history = twins->historyView();
        QCOMPARE(history->model()->rowCount(), 4);
        QCOMPARE(shown(history, 0, TwinHistoryModel::Day), QString("2026-11-05 (so far)"));
        QCOMPARE(shown(history, 0, TwinHistoryModel::Ctl), QString("38.5"));
        QCOMPARE(shown(history, 1, TwinHistoryModel::Day), QString("2026-11-04"));
        QCOMPARE(shown(history, 1, TwinHistoryModel::Ctl), QString("32.5"));
        QCOMPARE(shown(history, 1, TwinHistoryModel::Tsb), QString("-9.0"));
        QCOMPARE(shown(history, 1, TwinHistoryModel::RestingHr), QString("54.0"));
        QCOMPARE(shown(history, 1, TwinHistoryModel::Readiness), QString("60.0"));
        QCOMPARE(shown(history, 3, TwinHistoryModel::Load), QString("60.0"));
        QCOMPARE(shown(history, 3, TwinHistoryModel::Rmssd), QString("—")); // no night stored
        // Sorting by form puts the lowest first.
        history->sortByColumn(TwinHistoryModel::Tsb, Qt::AscendingOrder);
        QCOMPARE(shown(history, 0, TwinHistoryModel::Day), QString("2026-11-04"));
        history->sortByColumn(TwinHistoryModel::Day, Qt::DescendingOrder);
        // The chart has every day on each line, and its axis spans form to fatigue.
        QCOMPARE(twins->chart()->pointCount(TwinHistoryModel::Ctl), 4);
        QCOMPARE(twins->chart()->pointCount(TwinHistoryModel::Tsb), 4);
        QVERIFY(twins->chart()->axisMin() <= -9 && twins->chart()->axisMax() >= 44.1);

        // Export CSV: what the table shows, in its order, as plain numbers.
        QTemporaryDir out;
        const QString csv = out.filePath("history.csv");
        QVERIFY(twins->exportCsv(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[2], QString("2026-11-04,80.00,32.50,39.50,-9.00,,,54.00,60.00,70.00,55.00"));

        // A user the store does not know, and one it knows without a twin.
        field->clear();
        QTest::keyClicks(field, "nobody");
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), TwinModel::State::NotFound, 5000);
        QVERIFY(twins->messageLabel()->text().startsWith("No user “nobody” in the store"));
        QVERIFY(!twins->content()->isVisible());
        QCOMPARE(twins->readinessTile()->value(), QString("–"));
        field->clear();
        QTest::keyClicks(field, "u0000077");
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), TwinModel::State::NoTwinYet, 5000);
        QVERIFY(twins->messageLabel()->text().startsWith("u0000077 has no twin yet"));

        // The Alerts panel's "Open twin" (Ctrl+T) on Ada's alert: back to the Twins workspace, on Ada.
        alerts.apply({adasAlert()});
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        auto* panels = window.findChild<QTabWidget*>("operationsPanels");
        panels->setCurrentWidget(window.alerts());
        QCOMPARE(workspaces->currentWidget(), panels);
        QSignalSpy jumped(window.alerts(), &AlertsPanel::twinRequested);
        window.alerts()->view()->selectRow(0);
        QTest::keyClick(window.alerts(), Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(jumped.count(), 1);
        QCOMPARE(jumped.first().first().toString(), QString("u0000042"));
        QCOMPARE(workspaces->currentWidget(), twins);
        QCOMPARE(field->text(), QString("u0000042"));
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), TwinModel::State::Shown, 5000);
        QCOMPARE(model.userId(), QString("u0000042"));
        QCOMPARE(twins->readinessTile()->value(), QString("66.5"));
        QCOMPARE(shownFact(facts, "Fitness (CTL)"), QString("38.5"));

        QTest::qWait(300);
        const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(window.grab().save(dir + "/console-twin-seeded.png"));

        controller.stop();
        QCOMPARE(model.state(), TwinModel::State::NoStore);
        QVERIFY(twins->messageLabel()->text().contains("stopped"));
    }

    void saysWhenThereIsNoStoreOrItCannotBeReached()
    {
        TwinModel model;
        TwinWorkspace view(&model);
        TwinController controller(&view, &model);
        controller.attach("");
        QCOMPARE(model.state(), TwinModel::State::NoStore);
        QVERIFY2(view.messageLabel()->text().startsWith("No store: the stack runs without PostgreSQL"),
                 qPrintable(view.messageLabel()->text()));

        const quint16 port = test::closedLoopbackPort();
        controller.attach(
            QStringLiteral("postgresql://nexus@127.0.0.1:%1/nexus?connect_timeout=3").arg(port).toStdString());
        QCOMPARE(model.state(), TwinModel::State::Idle);
        controller.showUser("u0000042");
        QCOMPARE(view.userField()->text(), QString("u0000042"));
        QCOMPARE(model.state(), TwinModel::State::Loading);
        QTRY_COMPARE_WITH_TIMEOUT(model.state(), TwinModel::State::StoreError, 10000);
        const QString message = view.messageLabel()->text();
        QVERIFY2(message.startsWith("Cannot read the twin of u0000042 from the store: "), qPrintable(message));
        QVERIFY2(message.contains(QString::number(port)), qPrintable(message)); // says which server failed
        controller.detach();
        QCOMPARE(model.state(), TwinModel::State::NoStore);
    }

    void workspaceAndSplittersPersist()
    {
        OperationsModel operations;
        QList<int> moved;
        {
            MainWindow window(&operations);
            window.resize(1280, 820);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.showTwins();
            window.twins()->content()->show(); // shown with a twin; empty here
            auto* splitter = window.twins()->findChild<QSplitter*>("twinSplitter");
            QVERIFY(splitter);
            QTRY_VERIFY(splitter->sizes().value(0) > 200);
            QList<int> sizes = splitter->sizes();
            sizes[0] += 150;
            sizes[1] -= 150;
            splitter->setSizes(sizes);
            moved = splitter->sizes();
        } // closing the window saves its layout
        QVERIFY(QSettings().contains("mainWindow/splitters/nexus::TwinWorkspace/0")); // twinSplitter
        QVERIFY(QSettings().contains("mainWindow/splitters/nexus::TwinWorkspace/1")); // twinHistorySplitter
        MainWindow again(&operations);
        again.resize(1280, 820);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.twins()->isVisible()); // the workspace shown last is shown again
        again.twins()->content()->show();
        QTRY_COMPARE(again.twins()->findChild<QSplitter*>("twinSplitter")->sizes(), moved);
    }
};

QTEST_MAIN(TestTwinWorkspace)
#include "tst_twin_workspace.moc"
