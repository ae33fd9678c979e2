// The alerts feed model: episodes merge their open/update/closed messages into one row, newest
// opened first; a closed episode stays closed; acknowledgements show; capacity drops closed first.

#include "models/ops/AlertFeedModel.h"

#include <QTest>

using namespace nexus;

namespace {

constexpr TimestampUs kT0 = 1'793'577'600'000'000; // 2026-11-02T00:00:00Z

AlertEvent alert(const std::string& user, const char* detector, TimestampUs startUs, AlertState state,
                 AlertSeverity severity = AlertSeverity::Warning)
{
    AlertEvent a;
    a.alertId = std::string(detector) + ":" + user + ":" + std::to_string(startUs);
    a.userId = user;
    a.detector = detector;
    a.category = detector::categoryOf(detector).value_or(AlertCategory::Health);
    a.severity = severity;
    a.state = state;
    a.startUs = startUs;
    a.tsUs = startUs + 60 * kUsPerSecond;
    a.endUs = state == AlertState::Closed ? startUs + 600 * kUsPerSecond : 0;
    a.message = "HR high";
    a.value = 120;
    a.unit = "bpm";
    return a;
}

} // namespace

class TestAlertFeedModel : public QObject
{
    Q_OBJECT

private slots:
    void episodesMergeNewestFirst()
    {
        AlertFeedModel model;
        model.apply({alert("u1", "tachycardia_at_rest", kT0, AlertState::Open),
                     alert("u2", "spo2_low", kT0 + 3600 * kUsPerSecond, AlertState::Open)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, AlertFeedModel::User).data().toString(), QString("u2")); // newest opened first
        QCOMPARE(model.openCount(), 2);

        AlertEvent worse = alert("u1", "tachycardia_at_rest", kT0, AlertState::Update, AlertSeverity::Critical);
        worse.value = 141;
        model.apply({worse, alert("u1", "tachycardia_at_rest", kT0, AlertState::Closed, AlertSeverity::Critical)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, AlertFeedModel::Severity).data().toString(), QString("critical"));
        QVERIFY(model.index(1, AlertFeedModel::State).data().toString().startsWith("closed"));
        QCOMPARE(model.index(1, 0).data(AlertFeedModel::StateRole).toString(), QString("closed"));
        QCOMPARE(model.openCount(), 1);

        // A re-delivered open message does not reopen the closed episode.
        model.apply({alert("u1", "tachycardia_at_rest", kT0, AlertState::Open)});
        QCOMPARE(model.openCount(), 1);
        QCOMPARE(model.rowCount(), 2);
    }

    void acknowledgementShows()
    {
        AlertFeedModel model;
        const AlertEvent a = alert("u7", "bradycardia", kT0, AlertState::Open);
        model.apply({a});
        QVERIFY(model.index(0, AlertFeedModel::AckedBy).data().toString().isEmpty());
        QVERIFY(model.setAcknowledged(a.alertId, "anna", kT0 + 90 * kUsPerSecond));
        QCOMPARE(model.index(0, AlertFeedModel::AckedBy).data().toString(), QString("anna 00:01:30"));
        QVERIFY(describeEpisode(*model.episode(0)).contains("acknowledged by anna"));
        QVERIFY(!model.setAcknowledged("nope", "anna", kT0));
    }

    void capacityDropsClosedEpisodesFirst()
    {
        AlertFeedModel model(nullptr, 3);
        model.apply({alert("u1", "spo2_low", kT0, AlertState::Open),
                     alert("u2", "spo2_low", kT0 + 1, AlertState::Closed),
                     alert("u3", "spo2_low", kT0 + 2, AlertState::Open),
                     alert("u4", "spo2_low", kT0 + 3, AlertState::Open)});
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.find(alert("u2", "spo2_low", kT0 + 1, AlertState::Closed).alertId)); // the closed one went
        QVERIFY(model.find(alert("u1", "spo2_low", kT0, AlertState::Open).alertId));
    }

    void rolesForFiltering()
    {
        AlertFeedModel model;
        model.apply({alert("u1", "sensor_dropout", kT0, AlertState::Open, AlertSeverity::Info)});
        const QModelIndex i = model.index(0, 0);
        QCOMPARE(i.data(AlertFeedModel::CategoryRole).toString(), QString("sensor"));
        QCOMPARE(i.data(AlertFeedModel::SeverityRankRole).toInt(), 0);
        QCOMPARE(i.data(AlertFeedModel::UserIdRole).toString(), QString("u1"));
        QCOMPARE(model.headerData(AlertFeedModel::Opened, Qt::Horizontal).toString(), QString("Opened (UTC)"));
    }
};

QTEST_GUILESS_MAIN(TestAlertFeedModel)
#include "tst_alert_feed_model.moc"
