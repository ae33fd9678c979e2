// Models of the Stack health and Latency panels on known inputs: per-interval percentiles from two
// cumulative histograms, rates from counter deltas, windowing and bounds of the trend series,
// clear, the rules that turn observations into component states, and the component table.

#include "models/metrics/StackComponents.h"
#include "models/ops/ClusterFormat.h"
#include "models/ops/LatencyThroughputModel.h"
#include "models/ops/StackHealthModel.h"
#include "models/ops/TrendSeries.h"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'700'000'000'000'000;

/// The value percentileUs() reports for latencies of `ms` (the top of their bucket, never above
/// the largest value recorded, `maxMs`), in ms.
double bucketMs(double ms, double maxMs = 1e9)
{
    const auto top = LatencyHistogram::bucketUpperUs(LatencyHistogram::bucketIndex(std::int64_t(ms * 1000)));
    return std::min(double(top) / 1000.0, maxMs);
}

StackSnapshot snapshotAt(TimestampUs wallUs)
{
    StackSnapshot s;
    s.wallUs = wallUs;
    s.running = true;
    return s;
}

TopicTraffic topic(const char* name, std::int64_t messages) { return TopicTraffic{name, 24, messages}; }

ComponentStatus component(const char* name, ComponentKind kind, ComponentState state, TimestampUs sinceUs,
                          std::string lastError = {})
{
    ComponentStatus c;
    c.name = name;
    c.kind = kind;
    c.state = state;
    c.embedded = true;
    c.sinceUs = sinceUs;
    c.address = kind == ComponentKind::Store ? "postgresql://nexus@localhost/nexus" : "127.0.0.1:9092";
    c.lastError = std::move(lastError);
    return c;
}

std::vector<ComponentStatus> runningStack(TimestampUs sinceUs)
{
    return {component(stackhealth::kKafka, ComponentKind::Kafka, ComponentState::Running, sinceUs),
            component(stackhealth::kHealthProcessor, ComponentKind::Processor, ComponentState::Running, sinceUs),
            component(stackhealth::kStore, ComponentKind::Store, ComponentState::Running, sinceUs)};
}
} // namespace

class TestStackHealthModels : public QObject
{
    Q_OBJECT
private slots:
    void percentilesOfAnIntervalNotOfAllTime()
    {
        LatencyHistogram before;
        for (int i = 0; i < 1000; ++i)
            before.record(10'000); // the first second: 10 ms
        LatencyHistogram now = before;
        for (int i = 0; i < 900; ++i)
            now.record(20'000); // the next: mostly 20 ms, with a 200 ms tail
        for (int i = 0; i < 100; ++i)
            now.record(200'000);

        const IntervalLatency interval = intervalLatency(now, before);
        QCOMPARE(interval.count, std::uint64_t(1000));
        QCOMPARE(interval.p50Ms, bucketMs(20));
        QCOMPARE(interval.p95Ms, 200.0); // the exact maximum
        QCOMPARE(interval.p99Ms, 200.0);
        // All of time would have said 10 ms: the interval is what the chart shows.
        QCOMPARE(double(now.percentileUs(0.5)) / 1000.0, bucketMs(10));

        QCOMPARE(intervalLatency(now, now).count, std::uint64_t(0));
        QCOMPARE(intervalLatency(now, now).p99Ms, 0.0);
    }

    void ratesFromCounterDeltas()
    {
        LatencyThroughputModel model;
        QSignalSpy sampled(&model, &LatencyThroughputModel::sampled);
        StackSnapshot s = snapshotAt(kT0);
        s.topicsSampledAtUs = kT0;
        s.topics = {topic("health-metrics", 1000), topic("twin-updates", 50), topic("alerts", 0)};
        for (int i = 0; i < 500; ++i)
            s.endToEnd.record(5'000);
        model.update(s); // the baseline
        s.wallUs = kT0 + kUsPerSecond / 2;
        model.update(s); // not a second yet
        QCOMPARE(sampled.count(), 0);
        QVERIFY(!model.lastInterval());

        s.wallUs = kT0 + 2 * kUsPerSecond;
        s.batchesConsumed = 400;
        s.malformedMessages = 10;
        s.deadLetters = 10;
        s.lostMessages = 4;
        s.produceErrors = 1;
        for (int i = 0; i < 100; ++i)
            s.endToEnd.record(15'000);
        s.topicsSampledAtUs = kT0 + 2 * kUsPerSecond;
        s.topics = {topic("health-metrics", 1400), topic("twin-updates", 150), topic("alerts", 0)};
        model.update(s);
        QCOMPARE(sampled.count(), 1);
        QVERIFY(model.lastInterval());
        QCOMPARE(model.lastInterval()->lengthUs, 2 * kUsPerSecond);
        QCOMPARE(model.lastInterval()->latency.count, std::uint64_t(100));
        QCOMPARE(model.latency().latest(LatencyThroughputModel::kP50), bucketMs(15, 15));
        QCOMPARE(model.errorRates().latest(LatencyThroughputModel::kDeadLetters), 5.0);
        QCOMPARE(model.errorRates().latest(LatencyThroughputModel::kMalformed), 5.0);
        QCOMPARE(model.errorRates().latest(LatencyThroughputModel::kLost), 2.0);
        QCOMPARE(model.errorRates().latest(LatencyThroughputModel::kProduceErrors), 0.5);
        QCOMPARE(model.topicRates().latest("health-metrics"), 200.0);
        QCOMPARE(model.topicRates().latest("twin-updates"), 50.0);
        QCOMPARE(model.lastInterval()->messagesPerSec, 250.0);
        // A topic without traffic stays off the chart.
        QCOMPARE(model.topicRates().names(), QStringList({"health-metrics", "twin-updates"}));

        // A quiet second: the error lines get zeros, the latency lines a gap (not a zero).
        s.wallUs = kT0 + 3 * kUsPerSecond;
        model.update(s);
        QCOMPARE(model.errorRates().size(LatencyThroughputModel::kLost), 2);
        QCOMPARE(model.errorRates().latest(LatencyThroughputModel::kLost), 0.0);
        QCOMPARE(model.latency().size(LatencyThroughputModel::kP99), 1);
        QCOMPARE(model.lastInterval()->latency.count, std::uint64_t(0));

        // Counters that go backwards are a new stack: a new baseline, no point.
        StackSnapshot fresh = snapshotAt(kT0 + 5 * kUsPerSecond);
        model.update(fresh);
        QCOMPARE(sampled.count(), 2);
        QCOMPARE(model.errorRates().size(LatencyThroughputModel::kLost), 2);
        fresh.wallUs += kUsPerSecond;
        fresh.lostMessages = 3;
        model.update(fresh);
        QCOMPARE(model.errorRates().latest(LatencyThroughputModel::kLost), 3.0);
    }

    void windowingDropsOldPoints()
    {
        TrendSeries series(5 * 60 * kUsPerSecond);
        for (int i = 0; i < 3600; ++i) // an hour at 1 s
            series.append("p99", kT0 + i * kUsPerSecond, i == 3000 ? 900.0 : 20.0 + i % 5);
        QCOMPARE(series.size("p99"), 3600);
        QVector<QPointF> points = series.decimated("p99", 1000);
        QCOMPARE(points.size(), 301); // 5 min, both ends
        QCOMPARE(points.front().x(), double((kT0 + 3299 * kUsPerSecond) / kUsPerMs));
        QCOMPARE(series.peakInWindow(), 24.0); // the spike at 3000 s is 10 min back
        series.setWindow(15 * 60 * kUsPerSecond);
        QCOMPARE(series.decimated("p99", 1000).size(), 901);
        QCOMPARE(series.peakInWindow(), 900.0);

        // Nothing older than 24 h is kept.
        series.append("p99", kT0 + TrendSeries::kSpan + 3000 * kUsPerSecond, 1.0);
        QCOMPARE(series.size("p99"), 601); // 3000 s … 3599 s, and the new one
        QCOMPARE(series.latest("p99"), 1.0);
    }

    void ringsAreBoundedAndKeepTheirOrder()
    {
        TrendSeries small(3600 * kUsPerSecond, 6);
        for (int i = 0; i < 4; ++i)
            small.append("x", kT0 + i * kUsPerSecond, i);
        // Far ahead: the two oldest fall out of the 24 h span while the ring is still growing.
        small.append("x", kT0 + TrendSeries::kSpan + 2 * kUsPerSecond, 100);
        QCOMPARE(small.size("x"), 3);
        for (int i = 0; i < 5; ++i)
            small.append("x", kT0 + TrendSeries::kSpan + (3 + i) * kUsPerSecond, 101 + i);
        QCOMPARE(small.size("x"), 6); // the capacity
        small.setWindow(TrendSeries::kSpan);
        QVector<double> values;
        for (const QPointF& p : small.decimated("x", 100))
            values << p.y();
        QCOMPARE(values, QVector<double>({100, 101, 102, 103, 104, 105}));
        small.append("x", kT0, 7); // older than the newest: ignored
        QCOMPARE(small.size("x"), 6);
    }

    void clearEmptiesEverything()
    {
        LatencyThroughputModel model;
        StackSnapshot s = snapshotAt(kT0);
        model.update(s);
        s.wallUs += kUsPerSecond;
        s.deadLetters = 2;
        s.endToEnd.record(1000);
        model.update(s);
        QCOMPARE(model.errorRates().size(LatencyThroughputModel::kDeadLetters), 1);
        QCOMPARE(model.latency().size(LatencyThroughputModel::kP50), 1);

        QSignalSpy sampled(&model, &LatencyThroughputModel::sampled);
        model.clear();
        QCOMPARE(sampled.count(), 1);
        for (const TrendSeries* series : {&model.latency(), &model.errorRates(), &model.topicRates()}) {
            QCOMPARE(series->latestUs(), TimestampUs(0));
            for (const QString& line : series->names())
                QCOMPARE(series->size(line), 0);
        }
        QVERIFY(!model.lastInterval());
        // The next snapshot is a new baseline: no rate from before the clear.
        s.wallUs += kUsPerSecond;
        model.update(s);
        QCOMPARE(model.errorRates().size(LatencyThroughputModel::kDeadLetters), 0);

        // The window reaches every series.
        model.setWindow(6 * 3600 * kUsPerSecond);
        QCOMPARE(model.latency().window(), 6 * 3600 * kUsPerSecond);
        QCOMPARE(model.topicRates().window(), 6 * 3600 * kUsPerSecond);
        QCOMPARE(model.errorRates().window(), 6 * 3600 * kUsPerSecond);
    }

    void partitionRanges_data()
    {
        QTest::addColumn<QVector<int>>("partitions");
        QTest::addColumn<QString>("text");
        QTest::newRow("none") << QVector<int>{} << "none";
        QTest::newRow("one") << QVector<int>{3} << "3";
        QTest::newRow("all of 24") << [] {
            QVector<int> all;
            for (int p = 0; p < 24; ++p)
                all << p;
            return all;
        }() << "0–23";
        QTest::newRow("runs and singles") << QVector<int>{0, 1, 2, 5, 7, 8} << "0–2, 5, 7–8";
        QTest::newRow("unsorted, repeated") << QVector<int>{5, 1, 2, 2, 0} << "0–2, 5";
    }

    void partitionRanges()
    {
        QFETCH(QVector<int>, partitions);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(stackhealth::partitionRanges({partitions.begin(), partitions.end()})), text);
    }

    void processorStateComesFromItsLoop()
    {
        stackhealth::ProcessorFacts f;
        f.group = "nexus-processors";
        f.topic = "health-metrics";
        QCOMPARE(stackhealth::processor(f, kT0).state, ComponentState::Stopped); // never started

        f.upSinceUs = kT0;
        f.reportedAtUs = kT0 + 200 * kUsPerMs;
        ComponentStatus c = stackhealth::processor(f, kT0 + 300 * kUsPerMs);
        QCOMPARE(c.state, ComponentState::Starting); // no partitions yet: joining the group
        QVERIFY2(QString::fromStdString(c.detail).contains("joining"), c.detail.c_str());
        QCOMPARE(c.address, std::string("group nexus-processors"));

        for (std::int32_t p = 0; p < 12; ++p)
            f.partitions.push_back(p);
        f.lag = 1234;
        f.malformed = 2;
        c = stackhealth::processor(f, kT0 + 300 * kUsPerMs);
        QCOMPARE(c.state, ComponentState::Running);
        QVERIFY2(QString::fromStdString(c.detail).startsWith("health-metrics partitions 0–11"), c.detail.c_str());
        QVERIFY2(QString::fromStdString(c.detail).contains("2 malformed"), c.detail.c_str());
        QVERIFY(c.lastError.empty());

        f.lost = 7;
        c = stackhealth::processor(f, kT0 + 300 * kUsPerMs);
        QCOMPARE(c.state, ComponentState::Running);
        QVERIFY2(QString::fromStdString(c.lastError).startsWith("7 messages lost"), c.lastError.c_str());

        // The loop stopped reporting (blocked): degraded, whatever it held.
        c = stackhealth::processor(f, f.reportedAtUs + stackhealth::kProcessorStallUs + kUsPerSecond);
        QCOMPARE(c.state, ComponentState::Degraded);
        QVERIFY2(QString::fromStdString(c.lastError).contains("has not reported"), c.lastError.c_str());
        // One without a heartbeat is judged by its assignment alone.
        f.reportedAtUs = stackhealth::kNoHeartbeat;
        QCOMPARE(stackhealth::processor(f, kT0 + 3600 * kUsPerSecond).state, ComponentState::Running);
    }

    void kafkaStoreAndApiStates()
    {
        stackhealth::KafkaFacts k;
        k.brokers = 3;
        k.bootstrap = "127.0.0.1:1,127.0.0.1:2,127.0.0.1:3";
        QCOMPARE(stackhealth::kafka(k, kT0).state, ComponentState::Stopped);
        k.upSinceUs = kT0;
        QCOMPARE(stackhealth::kafka(k, kT0).state, ComponentState::Starting); // no metadata yet
        k.sampledAtUs = kT0 + kUsPerSecond;
        k.topics = 10;
        ComponentStatus c = stackhealth::kafka(k, kT0 + 2 * kUsPerSecond);
        QCOMPARE(c.state, ComponentState::Running);
        QCOMPARE(c.detail, std::string("embedded mock cluster, 3 brokers · 10 topics"));
        QCOMPARE(c.address, k.bootstrap);
        QVERIFY(c.embedded);
        c = stackhealth::kafka(k, k.sampledAtUs + stackhealth::kBrokerViewStaleUs + kUsPerSecond);
        QCOMPARE(c.state, ComponentState::Degraded); // the broker view went stale
        k.problem = "metadata: Local: Broker transport failure";
        c = stackhealth::kafka(k, kT0 + 2 * kUsPerSecond);
        QCOMPARE(c.state, ComponentState::Degraded);
        QCOMPARE(c.lastError, k.problem);

        stackhealth::StoreFacts st;
        st.enabled = false;
        c = stackhealth::store(st);
        QCOMPARE(c.state, ComponentState::Stopped);
        QVERIFY2(QString::fromStdString(c.detail).startsWith("off"), c.detail.c_str());
        st.enabled = true;
        st.url = "postgresql://nexus@localhost/nexus";
        st.upSinceUs = kT0;
        st.rowsStored = 1500;
        QCOMPARE(stackhealth::store(st).state, ComponentState::Running);
        st.lastError = "could not write: disk full";
        c = stackhealth::store(st);
        QCOMPARE(c.state, ComponentState::Degraded);
        QCOMPARE(c.lastError, st.lastError);

        QCOMPARE(stackhealth::api({}).state, ComponentState::Stopped);
        c = stackhealth::api({"http://127.0.0.1:41234", kT0, {}});
        QCOMPARE(c.state, ComponentState::Running);
        QCOMPARE(c.address, std::string("http://127.0.0.1:41234"));
        QCOMPARE(stackhealth::api({{}, 0, "cannot listen"}).state, ComponentState::Failed);

        stackhealth::RemoteApiFacts backend;
        backend.url = "ws://api.example:8080/ws";
        c = stackhealth::remoteApi(backend);
        QCOMPARE(c.state, ComponentState::Starting); // not checked yet
        QCOMPARE(c.name, std::string(stackhealth::kBackendApi));
        QVERIFY(!c.embedded);
        backend.checkedAtUs = kT0;
        backend.reachable = true;
        backend.upSinceUs = kT0;
        backend.connectMs = 12.4;
        c = stackhealth::remoteApi(backend);
        QCOMPARE(c.state, ComponentState::Running);
        QCOMPARE(c.sinceUs, kT0);
        QCOMPARE(c.address, backend.url);
        QCOMPARE(c.detail, std::string("WebSocket connected in 12 ms at the latest check"));
        backend.reachable = false;
        backend.upSinceUs = 0;
        backend.error = "Host not found";
        c = stackhealth::remoteApi(backend);
        QCOMPARE(c.state, ComponentState::Failed);
        QCOMPARE(c.lastError, std::string("Host not found"));
    }

    void startFailureNamesThePart()
    {
        std::vector<ComponentStatus> parts =
            stackhealth::starting(true, {}, {stackhealth::kHealthProcessor}, true, {}, kT0);
        QCOMPARE(parts.size(), std::size_t(4)); // Kafka, processor, PostgreSQL, API
        QVERIFY(std::all_of(parts.begin(), parts.end(),
                            [](const ComponentStatus& c) { return c.state == ComponentState::Starting; }));
        QVERIFY(!stackhealth::healthy(parts));

        stackhealth::markStartFailure(parts, stackhealth::kStore, "PostgreSQL: initdb failed");
        QCOMPARE(parts[2].state, ComponentState::Failed);
        QCOMPARE(parts[2].lastError, std::string("PostgreSQL: initdb failed"));
        QCOMPARE(parts[0].state, ComponentState::Starting);
        QVERIFY(stackhealth::healthy(runningStack(kT0)));
    }

    void componentTableFromASnapshot()
    {
        StackHealthModel model;
        QCOMPARE(model.modeText(), QStringLiteral("Stack not started"));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setComponents(stackhealth::starting(true, {}, {stackhealth::kHealthProcessor}, true, {}, kT0), kT0);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(reset.count(), 1);
        const int kafka = model.rowOf("Kafka");
        QCOMPARE(kafka, 0);
        QCOMPARE(model.index(kafka, StackHealthModel::State).data().toString(), QStringLiteral("starting"));

        StackSnapshot s = snapshotAt(kT0 + 65 * kUsPerSecond);
        s.components = runningStack(kT0 + kUsPerSecond);
        s.components.push_back(stackhealth::api({"http://127.0.0.1:41234", kT0 + kUsPerSecond, {}}));
        model.setComponents(s.components, s.wallUs);
        QCOMPARE(reset.count(), 1); // the same rows: updated in place
        QCOMPARE(changed.count(), 4);
        QCOMPARE(model.index(kafka, StackHealthModel::State).data().toString(), QStringLiteral("running"));
        QCOMPARE(model.index(kafka, StackHealthModel::Uptime).data().toString(), QStringLiteral("1 min 04 s"));
        QCOMPARE(model.index(kafka, StackHealthModel::Uptime).data(clusterrole::Sort).toDouble(), 64.0);
        QCOMPARE(model.rows()[std::size_t(kafka)].stateSinceUs, s.wallUs);
        QCOMPARE(model.index(model.rowOf("API server"), StackHealthModel::Address).data().toString(),
                 QStringLiteral("http://127.0.0.1:41234"));
        QCOMPARE(model.modeText(), QStringLiteral("Kafka: embedded · PostgreSQL: embedded"));

        changed.clear();
        model.setComponents(s.components, s.wallUs); // nothing new: no signal per row
        QCOMPARE(changed.count(), 0);

        // The store fails a write, then recovers: the error stays visible, marked cleared.
        const int store = model.rowOf("PostgreSQL");
        s.components[std::size_t(store)] = component(stackhealth::kStore, ComponentKind::Store,
                                                     ComponentState::Degraded, kT0 + kUsPerSecond, "disk full");
        model.setComponents(s.components, s.wallUs);
        QCOMPARE(model.index(store, StackHealthModel::State).data().toString(), QStringLiteral("degraded"));
        QCOMPARE(model.index(store, StackHealthModel::LastError).data().toString(), QStringLiteral("disk full"));
        QCOMPARE(model.rows()[std::size_t(store)].lastErrorAtUs, s.wallUs);
        QCOMPARE(changed.count(), 1); // only the store's row
        // Sorting by state puts the worst first.
        QVERIFY(model.index(store, StackHealthModel::State).data(clusterrole::Sort).toInt() <
                model.index(kafka, StackHealthModel::State).data(clusterrole::Sort).toInt());
        s.components[std::size_t(store)] = component(stackhealth::kStore, ComponentKind::Store,
                                                     ComponentState::Running, kT0 + kUsPerSecond);
        model.setComponents(s.components, kT0 + 80 * kUsPerSecond);
        QCOMPARE(model.index(store, StackHealthModel::State).data().toString(), QStringLiteral("running"));
        QCOMPARE(model.index(store, StackHealthModel::LastError).data().toString(), QStringLiteral("disk full (cleared)"));
        QCOMPARE(model.rows()[std::size_t(store)].clearedAtUs, kT0 + 80 * kUsPerSecond);
        QCOMPARE(model.rows()[std::size_t(store)].stateSinceUs, kT0 + 80 * kUsPerSecond);

        // A new part (another processor) resets the rows; a stop leaves failed ones failed.
        s.components.push_back(component(stackhealth::kActivityProcessor, ComponentKind::Processor,
                                         ComponentState::Failed, 0, "cannot join"));
        model.setComponents(s.components, kT0 + 90 * kUsPerSecond);
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.rowCount(), 5);
        model.markStopped(kT0 + 95 * kUsPerSecond);
        for (int row = 0; row < model.rowCount(); ++row) {
            const bool failed = model.rows()[std::size_t(row)].status.name == stackhealth::kActivityProcessor;
            QCOMPARE(model.index(row, StackHealthModel::State).data().toString(),
                     failed ? QStringLiteral("failed") : QStringLiteral("stopped"));
            QCOMPARE(model.uptimeText(row), QStringLiteral("—"));
        }
    }
};

QTEST_GUILESS_MAIN(TestStackHealthModels)
#include "tst_stack_health_models.moc"
