// The alerts panel offscreen: the open filter, search, sorting by severity rank, acknowledging the
// selected alert (button and Ctrl+K emit the request with the operator's name), jump to twin,
// CSV export of what is shown.

#include "models/ops/AlertFeedModel.h"
#include "widgets/ops/AlertsPanel.h"

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace nexus;

namespace {

constexpr TimestampUs kT0 = 1'793'577'600'000'000;

AlertEvent alert(const char* user, const char* detector, int minute, AlertState state, AlertSeverity severity)
{
    AlertEvent a;
    a.startUs = kT0 + minute * 60 * kUsPerSecond;
    a.alertId = std::string(detector) + ":" + user + ":" + std::to_string(a.startUs);
    a.userId = user;
    a.detector = detector;
    a.category = detector::categoryOf(detector).value_or(AlertCategory::Health);
    a.severity = severity;
    a.state = state;
    a.tsUs = a.startUs;
    a.endUs = state == AlertState::Closed ? a.startUs + 60 * kUsPerSecond : 0;
    a.message = std::string(detector) + ", with a comma";
    a.value = 100;
    a.unit = "bpm";
    a.evidence = {{a.startUs, 118.0}, {a.startUs + 60 * kUsPerSecond, 121.0}};
    return a;
}

} // namespace

class TestAlertsPanel : public QObject
{
    Q_OBJECT

    AlertFeedModel m_model;

private slots:
    void init()
    {
        m_model.clear();
        m_model.apply({alert("u1", "tachycardia_at_rest", 0, AlertState::Open, AlertSeverity::Critical),
                       alert("u2", "sensor_dropout", 5, AlertState::Open, AlertSeverity::Info),
                       alert("u3", "spo2_low", 10, AlertState::Closed, AlertSeverity::Warning)});
    }

    void filtersAndSearch()
    {
        AlertsPanel panel(&m_model);
        QCOMPARE(panel.proxy()->rowCount(), 2); // open ones by default
        panel.setFilter(AlertsPanel::Filter::All);
        QCOMPARE(panel.proxy()->rowCount(), 3);
        panel.setFilter(AlertsPanel::Filter::Sensor);
        QCOMPARE(panel.proxy()->rowCount(), 1);
        panel.setFilter(AlertsPanel::Filter::All);
        panel.setSearchText("SPO2");
        QCOMPARE(panel.proxy()->rowCount(), 1);
        QCOMPARE(panel.proxy()->index(0, AlertFeedModel::User).data().toString(), QString("u3"));
        panel.setSearchText("u2");
        QCOMPARE(panel.proxy()->rowCount(), 1);
        panel.setSearchText("");
        QCOMPARE(panel.proxy()->rowCount(), 3);
    }

    void sortsSeverityByRank()
    {
        AlertsPanel panel(&m_model);
        panel.setFilter(AlertsPanel::Filter::All);
        panel.view()->sortByColumn(AlertFeedModel::Severity, Qt::DescendingOrder);
        QCOMPARE(panel.proxy()->index(0, AlertFeedModel::Severity).data().toString(), QString("critical"));
        QCOMPARE(panel.proxy()->index(2, AlertFeedModel::Severity).data().toString(), QString("info"));
    }

    void acknowledgeAndOpenTwin()
    {
        AlertsPanel panel(&m_model);
        panel.setOperatorName("anna");
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy ack(&panel, &AlertsPanel::acknowledgeRequested);
        QSignalSpy twin(&panel, &AlertsPanel::twinRequested);

        // Nothing selected: nothing requested.
        QTest::keyClick(&panel, Qt::Key_K, Qt::ControlModifier);
        QCOMPARE(ack.count(), 0);

        panel.view()->selectRow(0); // newest open: u2's dropout
        QCOMPARE(panel.selectedAlertId().startsWith("sensor_dropout:u2:"), true);
        QTest::keyClick(&panel, Qt::Key_K, Qt::ControlModifier);
        QCOMPARE(ack.count(), 1);
        QCOMPARE(ack.at(0).at(0).toString(), panel.selectedAlertId());
        QCOMPARE(ack.at(0).at(1).toString(), QString("anna"));
        QTest::keyClick(&panel, Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(twin.count(), 1);
        QCOMPARE(twin.at(0).at(0).toString(), QString("u2"));

        // Once acknowledged the button is off for that alert.
        QVERIFY(m_model.setAcknowledged(panel.selectedAlertId().toStdString(), "anna", kT0));
        QPushButton* acknowledge = nullptr;
        for (QPushButton* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Acknowledge")
                acknowledge = b;
        QVERIFY(acknowledge && !acknowledge->isEnabled());
    }

    void selectionSurvivesNews()
    {
        AlertsPanel panel(&m_model);
        panel.view()->selectRow(1); // u1's tachycardia (u2's dropout is newer)
        const QString selected = panel.selectedAlertId();
        QVERIFY(selected.startsWith("tachycardia_at_rest:u1:"));
        m_model.apply({alert("u9", "bradycardia", 30, AlertState::Open, AlertSeverity::Warning)}); // a reset
        QCOMPARE(panel.selectedAlertId(), selected);
        QCOMPARE(panel.proxy()->rowCount(), 3);
    }

    void exportsWhatIsShown()
    {
        AlertsPanel panel(&m_model);
        QTemporaryDir dir;
        const QString path = dir.filePath("alerts.csv");
        QVERIFY(panel.exportCsv(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 3); // header + the two open alerts
        QVERIFY(lines[0].startsWith("Opened (UTC),Severity,User"));
        QVERIFY(lines[1].contains("\"sensor_dropout, with a comma\""));
    }
};

QTEST_MAIN(TestAlertsPanel)
#include "tst_alerts_panel.moc"
