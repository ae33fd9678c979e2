// `nexus-twin serve` runs the activity processor next to the health processor: its counters are
// in /metrics (nexus_activity_*) and its state in /health; --no-activity leaves it out.

#include "backend/bus/KafkaProducer.h"
#include "backend/codec/AppEventCodec.h"
#include "backend/codec/HealthBatchCodec.h"
#include "models/events/Topics.h"
#include "tests/support/CliProcess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace nexus;

namespace {

constexpr TimestampUs kT0 = 1'767'225'600'000'000; // 2026-01-01T00:00:00Z

/// Starts serve against `bootstrap` with `extra` options; the HTTP port it serves on, or 0.
quint16 startServe(QProcess& serve, const QString& binary, const QString& bootstrap, const QStringList& extra)
{
    serve.start(binary, QStringList{"serve", "--kafka-bootstrap", bootstrap, "--no-store", "--http-port", "0"} + extra);
    if (!serve.waitForStarted())
        return 0;
    QString out;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 20000) {
        serve.waitForReadyRead(100);
        out += QString::fromUtf8(serve.readAllStandardOutput());
        const auto m = QRegularExpression(R"(serving http://127\.0\.0\.1:(\d+)/health)").match(out);
        if (m.hasMatch())
            return quint16(m.captured(1).toUInt());
    }
    return 0;
}

bool stop(QProcess& process)
{
    process.terminate(); // SIGTERM
    return process.waitForFinished(15000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

class TestCliServeActivity : public QObject
{
    Q_OBJECT

private slots:
    void serveExposesTheActivityProcessorUnlessTurnedOff()
    {
        const QString binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QProcess broker;
        const QString bootstrap = testsupport::startBroker(broker, binary);
        QVERIFY(!bootstrap.isEmpty());

        QProcess serve;
        const quint16 port = startServe(serve, binary, bootstrap, {});
        QVERIFY(port != 0);
        const QByteArray health = testsupport::httpGet(port, "/health");
        QVERIFY2(health.contains(R"("activity":{)") && health.contains(R"("enabled":true)"), health.constData());

        // u1 wants 100 steps a day; ten uploads of five 30-step samples from two users.
        BusSettings bus{bootstrap.toStdString(), {}, false};
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        UserEvent goal;
        goal.kind = UserEvent::Kind::GoalSet;
        goal.userId = "u1";
        goal.tsUs = kT0 - 3600 * kUsPerSecond;
        goal.sentAtUs = goal.tsUs;
        goal.goal = UserEvent::Goal::DailySteps;
        goal.goalTarget = 100;
        QVERIFY(producer->produce(topics::kUserEvents, goal.userId, appcodec::encode(goal)));
        for (int i = 0; i < 10; ++i) {
            HealthBatch batch{"u" + std::to_string(1 + i % 2), "d", wallClockUs(), {}, 0, {}};
            for (int k = 0; k < 5; ++k)
                batch.samples.push_back({kT0 + (i / 2 * 5 + k) * kUsPerSecond, 70, 30});
            QVERIFY(producer->produce(topics::kHealthMetrics, batch.userId, healthcodec::encode(batch)));
        }
        QVERIFY(producer->flush(5000));

        QByteArray metrics;
        QTRY_VERIFY_WITH_TIMEOUT(
            (metrics = testsupport::httpGet(port, "/metrics"),
             testsupport::prometheusValue(metrics, "nexus_activity_messages_consumed_total", "topic", "health-metrics") == 10),
            30000);
        QVERIFY(metrics.contains("# TYPE nexus_activity_messages_consumed_total counter"));
        QCOMPARE(testsupport::prometheusValue(metrics, "nexus_activity_messages_consumed_total", "topic", "user-events"), 1.0);
        QCOMPARE(testsupport::prometheusValue(metrics, "nexus_activity_goals_reached_total"), 1.0);
        QVERIFY(testsupport::prometheusValue(metrics, "nexus_activity_progress_messages_total") >= 1.0);
        QCOMPARE(testsupport::prometheusValue(metrics, "nexus_activity_samples_counted_total"), 50.0);
        QCOMPARE(testsupport::prometheusValue(metrics, "nexus_messages_consumed_total"),
                 10.0); // the health processor too
        QTRY_COMPARE_WITH_TIMEOUT(
            testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"), "nexus_activity_users_tracked"), 2.0,
            5000);
        QCOMPARE(
            testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"), "nexus_activity_partitions_owned"),
            24.0);
        QVERIFY(stop(serve));

        // Without it: no counters, and /health says so.
        QProcess plain;
        const quint16 plainPort = startServe(plain, binary, bootstrap, {"--no-activity"});
        QVERIFY(plainPort != 0);
        QVERIFY(!testsupport::httpGet(plainPort, "/metrics").contains("nexus_activity_"));
        const QByteArray plainHealth = testsupport::httpGet(plainPort, "/health");
        QVERIFY2(plainHealth.contains(R"("activity":{"enabled":false})"), plainHealth.constData());
        QVERIFY(stop(plain));

        broker.terminate();
        QVERIFY(broker.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestCliServeActivity)
#include "tst_cli_serve_activity.moc"
