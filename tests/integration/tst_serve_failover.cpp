// Two `nexus-twin serve` processes in one consumer group share a broker process and a real
// PostgreSQL server; one is SIGKILLed mid-stream. The survivor takes its partitions and, at the end,
// every sample is stored exactly once and every user's twin (read back from the snapshots the
// survivor saves on SIGTERM) has counted every sample once — as a single process would have.

#include "backend/processing/TwinTable.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/StoreQueries.h"
#include "tests/support/CliProcess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

#include <csignal>

using namespace nexus;

namespace {

constexpr int kUsers = 40;
constexpr int kBatchesPerUserPerPhase = 30;
constexpr int kSamplesPerBatch = 5;
constexpr TimestampUs kT0 = 1'767'225'600'000'000;

double metric(quint16 port, const char* name)
{
    return testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"), name);
}

/// Upload `i` of the stream: user i % kUsers, its (i / kUsers)-th upload.
HealthBatch upload(int i)
{
    HealthBatch b{QString::asprintf("u%03d", i % kUsers).toStdString(), "d", wallClockUs(), {}, 0, {}};
    const TimestampUs start = kT0 + TimestampUs(i / kUsers) * kSamplesPerBatch * kUsPerSecond;
    for (int k = 0; k < kSamplesPerBatch; ++k)
        b.samples.push_back({start + k * kUsPerSecond, std::uint16_t(90 + (i + k) % 60), 1});
    return b;
}

long long storedRows(const std::string& conninfo)
{
    pqxx::connection db(conninfo);
    pqxx::read_transaction tx(db);
    return tx.exec1("SELECT count(*) FROM health_samples WHERE metric = 1")[0].as<long long>();
}

} // namespace

class TestServeFailover : public QObject
{
    Q_OBJECT

    QString m_binary;
    QTemporaryDir m_dir;

    /// Starts `serve` and returns its HTTP port (0 on failure).
    quint16 startServe(QProcess& p, const QString& bootstrap, const std::string& conninfo)
    {
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log lines in the test output
        p.start(m_binary, {"serve", "--kafka-bootstrap", bootstrap, "--pg-url", QString::fromStdString(conninfo),
                           "--http-port", "0"});
        if (!p.waitForStarted())
            return 0;
        QString out;
        QRegularExpressionMatch m;
        QElapsedTimer clock;
        clock.start();
        while (!m.hasMatch() && clock.elapsed() < 30000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            out += QString::fromUtf8(p.readAllStandardOutput());
            m = QRegularExpression(R"(serving http://127\.0\.0\.1:(\d+)/health)").match(out);
        }
        return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
    }

    void publish(const QString& bootstrap, int from, int to)
    {
        BusSettings bus;
        bus.embedded = false;
        bus.bootstrap = bootstrap.toStdString();
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        KafkaHealthSink sink(std::move(producer));
        for (int i = from; i < to; ++i)
            QVERIFY(sink.publish(upload(i)));
        sink.producer().flush(10000);
    }

private slots:
    void survivorTakesOverWithoutLossOrDoubleCounting()
    {
        m_binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther);
        QString pgError;
        auto postgres = EmbeddedPostgres::start(m_dir.filePath("pg"), pgError);
        QVERIFY2(postgres, qPrintable(pgError));
        const std::string conninfo = postgres->connectionString();

        QProcess broker;
        const QString bootstrap = testsupport::startBroker(broker, m_binary);
        QVERIFY(!bootstrap.isEmpty());

        QProcess a, survivor;
        const quint16 portA = startServe(a, bootstrap, conninfo);
        const quint16 portB = startServe(survivor, bootstrap, conninfo);
        QVERIFY(portA && portB);
        // Both members have partitions (the group settles after the second join).
        QTRY_VERIFY_WITH_TIMEOUT(metric(portA, "nexus_consumer_lag_messages") >= 0 &&
                                     metric(portB, "nexus_consumer_lag_messages") >= 0,
                                 40000);

        const int phase = kUsers * kBatchesPerUserPerPhase;
        publish(bootstrap, 0, phase);
        QTRY_VERIFY_WITH_TIMEOUT(metric(portA, "nexus_messages_consumed_total") +
                                         metric(portB, "nexus_messages_consumed_total") >= phase,
                                 30000);
        const double shareA = metric(portA, "nexus_messages_consumed_total");
        QVERIFY2(shareA > 0 && shareA < phase, qPrintable(QString::number(shareA))); // they split the work

        ::kill(pid_t(a.processId()), SIGKILL);
        QVERIFY(a.waitForFinished(5000));
        publish(bootstrap, phase, 2 * phase);
        // The survivor takes A's partitions after the session timeout and catches up.
        QElapsedTimer clock;
        clock.start();
        long long rows = 0;
        double lag = -1;
        while (clock.elapsed() < 90000) {
            rows = storedRows(conninfo);
            lag = metric(portB, "nexus_consumer_lag_messages");
            if (rows == 2LL * phase * kSamplesPerBatch)
                break;
            QTest::qWait(500);
        }
        qInfo("survivor caught up after %.1f s: %lld rows stored, lag %.0f", double(clock.elapsed()) / 1000, rows, lag);
        QCOMPARE(rows, 2LL * phase * kSamplesPerBatch);
        // Not asserted: after the takeover the survivor's reported lag stays above 0 although it
        // has read everything (a known issue of the lag figure after a rebalance; see issue 6).

        survivor.terminate(); // SIGTERM: saves every partition's twins
        QVERIFY(survivor.waitForFinished(20000));
        QCOMPARE(survivor.exitCode(), 0);

        // Every user's twin counted each of its samples exactly once.
        pqxx::connection db(conninfo);
        TwinTable twins;
        int restored = 0;
        for (std::int32_t p = 0; p < 24; ++p)
            if (auto s = store::loadSnapshot(db, "nexus-processors", "health-metrics", p)) {
                QVERIFY(twins.restorePartition(p, s->state));
                restored += s->twins;
            }
        QCOMPARE(restored, kUsers);
        for (int u = 0; u < kUsers; ++u) {
            const TwinSummary* t = twins.find(QString::asprintf("u%03d", u).toStdString());
            QVERIFY(t);
            QCOMPARE(t->sampleCount, std::uint64_t(2 * kBatchesPerUserPerPhase * kSamplesPerBatch));
            QCOMPARE(t->stepsTotal, std::uint64_t(2 * kBatchesPerUserPerPhase * kSamplesPerBatch));
        }
        QCOMPARE(storedRows(conninfo), 2LL * phase * kSamplesPerBatch);

        broker.terminate();
        QVERIFY(broker.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestServeFailover)
#include "tst_serve_failover.moc"
