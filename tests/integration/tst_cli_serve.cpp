// `nexus-twin serve` as operators run it: against a broker in another process, it processes what
// is produced, answers GET /health and GET /metrics (Prometheus text) over HTTP, and stops cleanly
// on SIGTERM.

#include "backend/bus/KafkaProducer.h"
#include "backend/runtime/KafkaHealthSink.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>

using namespace nexus;

namespace {

/// One HTTP GET against 127.0.0.1:`port`; the whole response (status line, headers, body).
QByteArray httpGet(quint16 port, const QByteArray& path)
{
    QTcpSocket socket;
    socket.connectToHost("127.0.0.1", port);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(3000))
        response += socket.readAll();
    return response + socket.readAll();
}

/// The value of an unlabelled Prometheus sample, or -1.
double metric(const QByteArray& text, const char* name)
{
    const auto m = QRegularExpression(QStringLiteral("\\n%1 ([0-9.e+-]+)").arg(name)).match(QString::fromUtf8(text));
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

} // namespace

class TestCliServe : public QObject
{
    Q_OBJECT

private slots:
    void servesHealthAndMetricsAndStopsOnSigterm()
    {
        const QString binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QProcess broker;
        broker.start(binary, {"broker"});
        QVERIFY(broker.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(broker.canReadLine(), 10000);
        const auto b = QRegularExpression(R"(^Kafka bootstrap: (\S+)$)").match(QString::fromUtf8(broker.readLine()).trimmed());
        QVERIFY(b.hasMatch());

        QProcess serve;
        serve.start(binary, {"serve", "--kafka-bootstrap", b.captured(1), "--no-store", "--http-port", "0"});
        QVERIFY(serve.waitForStarted());
        QString out;
        QRegularExpressionMatch serving;
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(serve.readAllStandardOutput()),
                                  serving = QRegularExpression(R"(serving http://127\.0\.0\.1:(\d+)/health)").match(out),
                                  serving.hasMatch()),
                                 20000);
        const quint16 port = quint16(serving.captured(1).toUInt());

        const QByteArray health = httpGet(port, "/health");
        QVERIFY2(health.startsWith("HTTP/1.1 200 OK"), health.constData());
        QVERIFY2(health.contains(R"("status":"ok")") && health.contains(R"("embedded":false)"), health.constData());
        QVERIFY(httpGet(port, "/nothing").startsWith("HTTP/1.1 404"));

        // 40 uploads of 5 samples into the broker: /metrics shows them processed.
        BusSettings bus;
        bus.embedded = false;
        bus.bootstrap = b.captured(1).toStdString();
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        KafkaHealthSink sink(std::move(producer));
        for (int i = 0; i < 40; ++i) {
            HealthBatch batch{"u" + std::to_string(i % 4), "d", wallClockUs(), {}};
            for (int k = 0; k < 5; ++k)
                batch.samples.push_back({1'767'225'600'000'000 + (i / 4 * 5 + k) * kUsPerSecond, 70, 1});
            QVERIFY(sink.publish(batch));
        }
        sink.producer().flush(5000);
        QByteArray metrics;
        QTRY_VERIFY_WITH_TIMEOUT((metrics = httpGet(port, "/metrics"), metric(metrics, "nexus_messages_consumed_total") == 40),
                                 30000);
        QVERIFY(metrics.contains("# TYPE nexus_messages_consumed_total counter"));
        QCOMPARE(metric(metrics, "nexus_samples_consumed_total"), 200.0);
        // Gauges refresh every 250 ms.
        QTRY_COMPARE_WITH_TIMEOUT(metric(httpGet(port, "/metrics"), "nexus_users_tracked"), 4.0, 5000);
        QCOMPARE(metric(metrics, "nexus_end_to_end_latency_seconds_count"), 40.0);

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
