// `nexus-twin serve` as operators run it: against a broker in another process, it processes what
// is produced, answers GET /health and GET /metrics (Prometheus text) over HTTP, and stops cleanly
// on SIGTERM.

#include "backend/bus/KafkaProducer.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "tests/support/CliProcess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace nexus;

class TestCliServe : public QObject
{
    Q_OBJECT

private slots:
    void servesHealthAndMetricsAndStopsOnSigterm()
    {
        const QString binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QProcess broker;
        const QString bootstrap = testsupport::startBroker(broker, binary);
        QVERIFY(!bootstrap.isEmpty());

        QProcess serve;
        serve.start(binary, {"serve", "--kafka-bootstrap", bootstrap, "--no-store", "--http-port", "0"});
        QVERIFY(serve.waitForStarted());
        QString out;
        QRegularExpressionMatch serving;
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(serve.readAllStandardOutput()),
                                  serving = QRegularExpression(R"(serving http://127\.0\.0\.1:(\d+)/health)").match(out),
                                  serving.hasMatch()),
                                 20000);
        const quint16 port = quint16(serving.captured(1).toUInt());

        const QByteArray health = testsupport::httpGet(port, "/health");
        QVERIFY2(health.startsWith("HTTP/1.1 200 OK"), health.constData());
        QVERIFY2(health.contains(R"("status":"ok")") && health.contains(R"("embedded":false)"), health.constData());
        QVERIFY(testsupport::httpGet(port, "/nothing").startsWith("HTTP/1.1 404"));

        // 40 uploads of 5 samples into the broker: /metrics shows them processed.
        BusSettings bus;
        bus.embedded = false;
        bus.bootstrap = bootstrap.toStdString();
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        KafkaHealthSink sink(std::move(producer));
        for (int i = 0; i < 40; ++i) {
            HealthBatch batch{"u" + std::to_string(i % 4), "d", wallClockUs(), {}, 0, {}};
            for (int k = 0; k < 5; ++k)
                batch.samples.push_back({1'767'225'600'000'000 + (i / 4 * 5 + k) * kUsPerSecond, 70, 1});
            QVERIFY(sink.publish(batch));
        }
        sink.producer().flush(5000);
        QByteArray metrics;
        QTRY_VERIFY_WITH_TIMEOUT((metrics = testsupport::httpGet(port, "/metrics"), testsupport::prometheusValue(metrics, "nexus_messages_consumed_total") == 40),
                                 30000);
        QVERIFY(metrics.contains("# TYPE nexus_messages_consumed_total counter"));
        QCOMPARE(testsupport::prometheusValue(metrics, "nexus_samples_consumed_total"), 200.0);
        // Gauges refresh every 250 ms.
        QTRY_COMPARE_WITH_TIMEOUT(testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"), "nexus_users_tracked"), 4.0, 5000);
        QCOMPARE(testsupport::prometheusValue(metrics, "nexus_end_to_end_latency_seconds_count"), 40.0);

        serve.terminate(); // SIGTERM
        QVERIFY(serve.waitForFinished(15000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        QVERIFY(QString::fromUtf8(serve.readAllStandardOutput()).contains("stopped"));
        broker.terminate();
        QVERIFY(broker.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestCliServe)
#include "tst_cli_serve.moc"
