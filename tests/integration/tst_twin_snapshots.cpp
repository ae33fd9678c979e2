// Twins outlive their processor: a runtime (processor + store writer) over an embedded Kafka
// cluster and a real PostgreSQL server is stopped after half of the stream; a second runtime in
// the same consumer group restores every partition's twins from the store's snapshots and carries
// on, so each twin counts all its samples, and the stored rows hold each sample exactly once.

#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "backend/runtime/Runtime.h"
#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/Migrator.h"

#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

using namespace nexus;

namespace {
constexpr int kUsers = 20;
constexpr int kSamplesPerBatch = 5;
constexpr TimestampUs kT0 = 1'767'225'600'000'000;

HealthBatch batchOf(int i)
{
    HealthBatch b;
    b.userId = QString::asprintf("u%03d", i % kUsers).toStdString();
    b.deviceId = "d" + b.userId;
    b.sentAtUs = wallClockUs();
    const TimestampUs start = kT0 + TimestampUs(i / kUsers) * kSamplesPerBatch * kUsPerSecond;
    for (int k = 0; k < kSamplesPerBatch; ++k)
        b.samples.push_back({start + k * kUsPerSecond, std::uint16_t(120 + (i + k) % 40), 1});
    return b;
}
} // namespace

class TestTwinSnapshots : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    std::unique_ptr<EmbeddedPostgres> m_postgres;

    RuntimeOptions options() const
    {
        RuntimeOptions o;
        o.bus.embedded = false;
        o.bus.bootstrap = m_cluster->bootstrap();
        o.store.url = m_postgres->connectionString();
        o.processor.groupId = "tst-snapshots";
        o.processor.mostActiveCount = kUsers;
        return o;
    }

    /// Publishes batches [from, to) and waits until `runtime` has processed `expected` batches.
    void stream(Runtime& runtime, int from, int to, std::uint64_t expected)
    {
        std::string error;
        auto sink = runtime.createHealthSink(error);
        QVERIFY2(sink, error.c_str());
        for (int i = from; i < to; ++i)
            QVERIFY(sink->publish(batchOf(i)));
        sink->producer().flush(5000);
        QTRY_VERIFY_WITH_TIMEOUT(runtime.processorStats().batches >= expected, 30000);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther);
        std::string error;
        m_cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(m_cluster, error.c_str());
        QString pgError;
        m_postgres = EmbeddedPostgres::start(m_dir.filePath("pg"), pgError);
        QVERIFY2(m_postgres, qPrintable(pgError));
    }

    void secondRuntimeCarriesOnFromTheSnapshots()
    {
        const int half = 10 * kUsers; // 10 uploads per user in each half
        {
            Runtime first(options());
            std::string error;
            QVERIFY2(first.start(error), error.c_str());
            stream(first, 0, half, half);
            for (const TwinSummary& t : first.processorStats().mostActive)
                QCOMPARE(t.sampleCount, std::uint64_t(10 * kSamplesPerBatch));
            first.stop(); // saves every partition's twins
        }
        pqxx::connection db(m_postgres->connectionString());
        {
            pqxx::read_transaction tx(db);
            QCOMPARE(tx.exec1("SELECT coalesce(sum(twins), 0) FROM twin_snapshots WHERE consumer_group = 'tst-snapshots'")[0]
                         .as<int>(),
                     kUsers);
        }

        Runtime second(options());
        std::string error;
        QVERIFY2(second.start(error), error.c_str());
        stream(second, half, 2 * half, half);
        QTest::qWait(300); // the 250 ms refresh of the most-active list
        const ProcessorStats stats = second.processorStats();
        QCOMPARE(stats.batches, std::uint64_t(half)); // only the new half was read
        QCOMPARE(int(stats.mostActive.size()), kUsers);
        for (const TwinSummary& t : stats.mostActive) {
            QCOMPARE(t.sampleCount, std::uint64_t(20 * kSamplesPerBatch)); // restored 50 + new 50
            QCOMPARE(t.stepsTotal, std::uint64_t(20 * kSamplesPerBatch));
        }
        // One more upload per user, dated the next day: it closes each twin's first day, which the
        // store keeps in twin_daily.
        {
            auto sink = second.createHealthSink(error);
            QVERIFY2(sink, error.c_str());
            for (int u = 0; u < kUsers; ++u) {
                HealthBatch next = batchOf(u);
                for (HealthSample& sample : next.samples)
                    sample.tsUs += 86400 * kUsPerSecond;
                QVERIFY(sink->publish(next));
            }
            sink->producer().flush(5000);
            QTRY_VERIFY_WITH_TIMEOUT(second.processorStats().batches >= std::uint64_t(half + kUsers), 30000);
        }
        second.stop();

        pqxx::read_transaction tx(db);
        QCOMPARE(tx.exec1("SELECT count(*) FROM twin_daily WHERE day = '2026-01-01' AND load > 0 AND ctl > 0")[0]
                     .as<int>(),
                 kUsers);
        QCOMPARE(tx.exec1("SELECT count(*) FROM health_samples WHERE metric = 1")[0].as<int>(),
                 (2 * half + kUsers) * kSamplesPerBatch);
        QCOMPARE(tx.exec1("SELECT count(DISTINCT user_id) FROM health_samples")[0].as<int>(), kUsers);
        // The latest published twin of every user is kept too, newest last.
        QCOMPARE(tx.exec1("SELECT count(*) FROM twin_latest")[0].as<int>(), kUsers);
        const int newest = tx.exec1("SELECT min((summary->>'samples')::int) FROM twin_latest")[0].as<int>();
        QVERIFY2(newest > 10 * kSamplesPerBatch && newest <= 21 * kSamplesPerBatch, // counts from both runtimes
                 qPrintable(QString::number(newest)));
    }
};

QTEST_GUILESS_MAIN(TestTwinSnapshots)
#include "tst_twin_snapshots.moc"
