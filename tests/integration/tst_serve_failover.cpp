// Two `nexus-twin serve` processes in one consumer group share a broker process and a real
// PostgreSQL server; one is SIGKILLed mid-stream, after it saved snapshots and went on. The
// survivor takes its partitions (restoring twins and detectors from those snapshots and replaying
// from their offsets) and, at the end, every sample is stored exactly once, every user's twin (read
// back from the snapshots the survivor saves on SIGTERM) has counted every sample once, and the
// stored alert episodes are exactly those one analyzer fed the whole stream finds — as a single
// process would have.

#include "backend/analysis/HealthAnalyzer.h"
#include "backend/processing/PartitionState.h"
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
#include <map>

using namespace nexus;

namespace {

constexpr int kUsers = 40;
constexpr int kBatchesPerUserPerPhase = 30;
constexpr int kSamplesPerBatch = 5; // one a minute: 25 min per upload, 12.5 h per user in all
constexpr TimestampUs kT0 = 1'767'225'600'000'000;

double metric(quint16 port, const char* name)
{
    return testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"), name);
}

/// Upload `i` of the stream: user i % kUsers, its (i / kUsers)-th upload. Every user's hour has
/// 20 min of HR 115–120 at rest from minute 5 (a tachycardia episode), rest, and 15 min walking (a
/// step a minute). The snapshots before the kill cover up to minute 75, inside an episode: a
/// survivor that restarted the detectors instead of restoring them would open another one.
HealthBatch upload(int i)
{
    const int user = i % kUsers;
    HealthBatch b{QString::asprintf("u%03d", user).toStdString(), "d", wallClockUs(), {}, 0, {}};
    for (int k = 0; k < kSamplesPerBatch; ++k) {
        const int minute = (i / kUsers) * kSamplesPerBatch + k;
        const int phase = minute % 60;
        const bool tachycardia = phase >= 5 && phase < 25, walking = phase >= 45;
        const int hr = tachycardia ? 115 + (minute * 7 + user) % 6
                                   : walking ? 75 + (minute * 3 + user) % 8 : 62 + (minute * 5 + user) % 7;
        b.samples.push_back({kT0 + TimestampUs(minute) * 60 * kUsPerSecond, std::uint16_t(hr), std::uint16_t(walking)});
    }
    return b;
}

/// Stored alert episodes: episode key → state.
std::map<std::string, std::string> storedEpisodes(const std::string& conninfo)
{
    pqxx::connection db(conninfo);
    pqxx::read_transaction tx(db);
    std::map<std::string, std::string> episodes;
    for (const auto& row : tx.exec("SELECT episode_key, state FROM alerts"))
        episodes[row[0].as<std::string>()] = row[1].as<std::string>();
    return episodes;
}

long long count(const std::string& conninfo, const char* sql)
{
    pqxx::connection db(conninfo);
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].as<long long>();
}

long long storedRows(const std::string& conninfo)
{
    return count(conninfo, "SELECT count(*) FROM health_samples WHERE metric = 1");
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
        const int half = phase / 2;
        const auto consumed = [&] {
            return metric(portA, "nexus_messages_consumed_total") + metric(portB, "nexus_messages_consumed_total");
        };
        publish(bootstrap, 0, half);
        QTRY_VERIFY_WITH_TIMEOUT(consumed() >= half, 30000);
        // Both save their partitions' snapshots every 30 s (they started together): A is killed
        // after its snapshots and more input, so the survivor restores and then replays.
        QTRY_VERIFY_WITH_TIMEOUT(count(conninfo, "SELECT count(*) FROM twin_snapshots") > 0, 40000);
        QTest::qWait(2000);
        const long long snapshots = count(conninfo, "SELECT count(*) FROM twin_snapshots");
        publish(bootstrap, half, phase);
        QTRY_VERIFY_WITH_TIMEOUT(consumed() >= phase, 30000);
        const double shareA = metric(portA, "nexus_messages_consumed_total");
        QVERIFY2(shareA > 0 && shareA < phase, qPrintable(QString::number(shareA))); // they split the work
        qInfo("A handled %.0f of %d messages; %lld partition snapshots before the kill", shareA, phase, snapshots);

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

        // What one process would have made of the whole stream.
        HealthAnalyzer reference;
        std::map<std::string, std::string> expectedEpisodes;
        std::map<std::string, std::uint64_t> expectedSteps;
        std::vector<AlertEvent> alerts;
        for (int i = 0; i < 2 * phase; ++i) {
            const HealthBatch b = upload(i);
            for (const HealthSample& sample : b.samples)
                expectedSteps[b.userId] += sample.steps;
            alerts.clear();
            reference.analyze(b, alerts);
            for (const AlertEvent& alert : alerts)
                expectedEpisodes[alert.alertId] = alert.state == AlertState::Closed ? "closed" : "open";
        }
        // About 5 tachycardia episodes per user: the comparison below means something.
        QVERIFY2(expectedEpisodes.size() >= std::size_t(kUsers) * 4, qPrintable(QString::number(expectedEpisodes.size())));

        // Every user's twin counted each of its samples exactly once.
        pqxx::connection db(conninfo);
        TwinTable twins;
        int restored = 0;
        for (std::int32_t p = 0; p < 24; ++p)
            if (auto s = store::loadSnapshot(db, "nexus-processors", "health-metrics", p)) {
                PartitionState state;
                QCOMPARE(s->format, kPartitionStateFormat);
                QVERIFY(decodePartitionState(s->state, state));
                QVERIFY(twins.restorePartition(p, state.twins));
                QCOMPARE(int(state.detectors.size()), s->twins); // every user's detectors went along
                restored += s->twins;
            }
        QCOMPARE(restored, kUsers);
        for (int u = 0; u < kUsers; ++u) {
            const std::string user = QString::asprintf("u%03d", u).toStdString();
            const TwinSummary* t = twins.find(user);
            QVERIFY(t);
            QCOMPARE(t->sampleCount, std::uint64_t(2 * kBatchesPerUserPerPhase * kSamplesPerBatch));
            QCOMPARE(t->stepsTotal, expectedSteps[user]);
        }
        QCOMPARE(storedRows(conninfo), 2LL * phase * kSamplesPerBatch);

        // The same alert episodes, each once, in the same final state.
        const std::map<std::string, std::string> stored = storedEpisodes(conninfo);
        for (const auto& [key, state] : expectedEpisodes) {
            const auto it = stored.find(key);
            QVERIFY2(it != stored.end(), ("missing episode " + key).c_str());
            QVERIFY2(it->second == state, (key + ": stored " + it->second + ", expected " + state).c_str());
        }
        for (const auto& [key, state] : stored)
            QVERIFY2(expectedEpisodes.count(key), ("episode a single process would not have: " + key).c_str());
        qInfo("%zu alert episodes, as a single process found", stored.size());

        broker.terminate();
        QVERIFY(broker.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestServeFailover)
#include "tst_serve_failover.moc"
