// The Operations model on known snapshots: rates over the last second, windowed latency,
// per-topic rates from broker samples, the bounded chart window and the users table.

#include "models/ops/OperationsModel.h"

#include <QSignalSpy>
#include <QtTest>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'764'000'000'000'000;

StackSnapshot snap(TimestampUs at, std::uint64_t produced, std::uint64_t consumed, std::int64_t healthTotal)
{
    StackSnapshot s;
    s.wallUs = at;
    s.batchesProduced = produced;
    s.samplesProduced = produced * 5;
    s.batchesConsumed = consumed;
    s.samplesConsumed = consumed * 5;
    s.consumerLag = std::int64_t(produced - consumed);
    s.topicsSampledAtUs = at;
    s.topics = {{"health-metrics", 24, healthTotal}, {"twin-updates", 24, 0}};
    return s;
}
} // namespace

class TestOperationsModel : public QObject
{
    Q_OBJECT
private slots:
    void ratesOverTheLastSecond()
    {
        OperationsModel model;
        QSignalSpy updated(&model, &OperationsModel::updated);
        // 40 ms ticks; 1000 produced and 900 consumed per second.
        for (int i = 0; i <= 50; ++i)
            model.update(snap(kT0 + i * 40 * kUsPerMs, std::uint64_t(i) * 40, std::uint64_t(i) * 36, i * 40));
        QCOMPARE(updated.count(), 51);
        QCOMPARE(model.kpis().producedMsgsPerSec, 1000.0);
        QCOMPARE(model.kpis().producedSamplesPerSec, 5000.0);
        QCOMPARE(model.kpis().consumedMsgsPerSec, 900.0);
        QCOMPARE(model.kpis().consumerLag, std::int64_t(200));
    }

    void latencyPercentilesCoverOnlyTheRecentWindow()
    {
        OperationsModel model;
        StackSnapshot s = snap(kT0, 0, 0, 0);
        for (int i = 0; i < 100; ++i)
            s.endToEnd.record(3'000'000); // 3 s during the group join
        model.update(s);
        for (int tick = 1; tick <= 200; ++tick) { // 8 s of 10 ms latencies
            s.wallUs = kT0 + tick * 40 * kUsPerMs;
            for (int i = 0; i < 10; ++i)
                s.endToEnd.record(10'000);
            model.update(s);
        }
        QVERIFY2(model.kpis().p99LatencyMs < 10.5, QByteArray::number(model.kpis().p99LatencyMs));
        QVERIFY(model.kpis().p50LatencyMs > 9.5);
    }

    void topicRatesFromBrokerSamples()
    {
        OperationsModel model;
        model.update(snap(kT0, 0, 0, 0));
        model.update(snap(kT0 + 500 * kUsPerMs, 0, 0, 250)); // +250 in 0.5 s
        const auto& lines = model.throughput().lines();
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[0].topic, QString("health-metrics"));
        QCOMPARE(lines[0].points.size(), 1);
        QCOMPARE(lines[0].points[0].y(), 500.0);
        QCOMPARE(lines[1].points[0].y(), 0.0);
        // The same broker sample again adds no point.
        const std::uint64_t revision = model.throughputRevision();
        StackSnapshot same = snap(kT0 + 540 * kUsPerMs, 0, 0, 250);
        same.topicsSampledAtUs = kT0 + 500 * kUsPerMs;
        model.update(same);
        QCOMPARE(model.throughput().lines()[0].points.size(), 1);
        QCOMPARE(model.throughputRevision(), revision); // nothing new to draw
        model.update(snap(kT0 + kUsPerSecond, 0, 0, 400));
        QVERIFY(model.throughputRevision() != revision);
    }

    void chartWindowIsBounded()
    {
        ThroughputSeries series(60 * kUsPerSecond);
        for (int s = 0; s < 300; ++s)
            series.append("t", kT0 + s * kUsPerSecond, s);
        QCOMPARE(series.lines()[0].points.size(), 61);
        QCOMPARE(series.peak(), 299.0);
        series.clear();
        QVERIFY(series.lines().empty());
    }

    void usersTableShowsTheTwins()
    {
        OperationsModel model;
        StackSnapshot s = snap(kT0, 0, 0, 0);
        const auto twin = [](const char* user, std::uint16_t hr, double mean, std::uint64_t steps) {
            TwinSummary t;
            t.userId = user;
            t.lastHrBpm = hr;
            t.meanHrBpm = mean;
            t.sampleCount = 600;
            t.stepsTotal = steps;
            t.lastEventUs = kT0;
            return t;
        };
        s.mostActive = {twin("u0000001", 120, 98.5, 4321), twin("u0000002", 70, 65.26, 100)};
        s.mostActive[0].loadToday = 42.25;
        s.mostActive[0].readiness.add(ContributionInput::Base, 70);
        s.mostActive[0].readiness.add(ContributionInput::Form, -4.5);
        s.mostActive[0].readiness.finish();
        model.update(s);
        QAbstractItemModel* users = model.activeUsers();
        QCOMPARE(users->rowCount(), 2);
        QCOMPARE(users->data(users->index(0, ActiveUsersModel::User)).toString(), QString("u0000001"));
        QCOMPARE(users->data(users->index(0, ActiveUsersModel::Steps)).toULongLong(), 4321ULL);
        QCOMPARE(users->data(users->index(1, ActiveUsersModel::MeanHr)).toString(), QString("65.3"));
        QCOMPARE(users->headerData(ActiveUsersModel::LastHr, Qt::Horizontal).toString(), QString("HR (bpm)"));
        QCOMPARE(users->data(users->index(0, ActiveUsersModel::LoadToday)).toString(), QString("42.3"));
        QCOMPARE(users->data(users->index(0, ActiveUsersModel::Readiness)).toString(), QString("66"));
        QCOMPARE(users->data(users->index(0, ActiveUsersModel::Readiness), Qt::ToolTipRole).toString(),
                 QString("base 70.0 · form -4.5"));
    }
};

QTEST_GUILESS_MAIN(TestOperationsModel)
#include "tst_operations_model.moc"
