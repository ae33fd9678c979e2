// The Topics and Consumer-groups panels' models, on known inputs: rates from two inspector passes,
// estimated bytes/s (rate × mean sampled message size), lag and the growing flag, the lag trend's
// window, decimation and clear, and CSV quoting.

#include "models/ops/ClusterFormat.h"
#include "models/ops/ClusterModel.h"
#include "models/ops/CsvExport.h"
#include "models/ops/GroupLagModel.h"
#include "models/ops/LagTrendSeries.h"
#include "models/ops/LocalMembers.h"
#include "models/ops/TopicsModel.h"

#include <QBrush>
#include <QBuffer>
#include <QLocale>
#include <QStandardItemModel>
#include <QtTest>

#include <algorithm>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'700'000'000LL * kUsPerSecond;

PartitionView partition(std::int32_t id, std::int64_t low, std::int64_t high, std::int32_t leader = 1)
{
    PartitionView p;
    p.partition = id;
    p.leader = leader;
    p.replicas = 3;
    p.inSync = 3;
    p.low = low;
    p.high = high;
    return p;
}

GroupPartitionLag lagOf(const std::string& topic, std::int32_t partition, std::int64_t committed, std::int64_t low,
                        std::int64_t high)
{
    GroupPartitionLag l;
    l.topic = topic;
    l.partition = partition;
    l.committed = committed;
    l.low = low;
    l.high = high;
    computeLag(l);
    return l;
}

/// A pass over one topic of two partitions, consumed by group "g".
ClusterView pass(std::uint64_t sequence, TimestampUs at, std::int64_t high0, std::int64_t high1,
                 std::int64_t committed0, std::int64_t committed1)
{
    ClusterView v;
    v.sequence = sequence;
    v.sampledAtUs = at;
    v.brokers = 3;
    v.topics.push_back(TopicView{"health-metrics", {partition(0, 0, high0, 1), partition(1, 10, high1, 2)}, {}});
    v.topics.push_back(TopicView{"alerts", {partition(0, 0, 5, 3)}, {}});
    GroupView g;
    g.groupId = "g";
    g.membersNote = "not reported by this broker";
    g.partitions.push_back(lagOf("health-metrics", 0, committed0, 0, high0));
    g.partitions.push_back(lagOf("health-metrics", 1, committed1, 10, high1));
    v.groups.push_back(g);
    return v;
}

/// `v` with health-metrics' mean sampled message size set, as the inspector publishes it.
ClusterView withSizes(ClusterView v, double meanMessageBytes, int samples)
{
    for (TopicView& t : v.topics) {
        if (t.name == "health-metrics") {
            t.meanMessageBytes = meanMessageBytes;
            t.sizeSamples = samples;
        }
    }
    return v;
}

int rowOf(const GroupLagModel& m, std::int32_t partition)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.rows()[std::size_t(r)].lag.partition == partition)
            return r;
    return -1;
}
} // namespace

class TestClusterModels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // The expected texts use a decimal point, whatever the machine's locale.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void lagFromOffsets()
    {
        GroupPartitionLag l = lagOf("t", 0, 40, 0, 100);
        QCOMPARE(l.lagMessages, 60);
        QCOMPARE(l.lostMessages, 0);
        l = lagOf("t", 0, -1, 20, 100); // nothing committed: from the oldest retained message
        QCOMPARE(l.lagMessages, 80);
        l = lagOf("t", 0, 5, 20, 100); // the bus dropped 15 the group never read
        QCOMPARE(l.lagMessages, 95);
        QCOMPARE(l.lostMessages, 15);
        l = lagOf("t", 0, 100, 0, 100);
        QCOMPARE(l.lagMessages, 0);
        l = lagOf("t", 0, 10, -1, -1);
        QCOMPARE(l.lagMessages, -1);
    }

    void localMembersFillWhatTheBrokersDidNotDescribe()
    {
        ClusterView v = pass(1, kT0, 100, 200, 50, 150);
        GroupView described;
        described.groupId = "other";
        described.membersReported = true;
        described.partitions.push_back(lagOf("health-metrics", 0, 1, 0, 100));
        described.partitions.back().member = "remote-1";
        v.groups.push_back(described);
        addLocalMembers(v, {{"g", "health-metrics", "this console", {1, 7}}, {"other", "health-metrics", "me", {0}}});

        const GroupView& g = v.groups[0];
        QVERIFY(!g.membersReported); // still: members in other processes are not known
        QCOMPARE(g.membersNote, std::string("not reported by this broker"));
        QCOMPARE(g.members.size(), std::size_t(1));
        QCOMPARE(g.members[0].clientId, std::string("this console"));
        QCOMPARE(g.members[0].assignment.size(), std::size_t(2)); // 7: assigned, nothing committed there yet
        QCOMPARE(g.partitions[0].member, std::string()); // held elsewhere, or by nobody
        QCOMPARE(g.partitions[1].member, std::string("this console"));
        // The brokers' own description wins.
        QCOMPARE(v.groups[1].members.size(), std::size_t(0));
        QCOMPARE(v.groups[1].partitions[0].member, std::string("remote-1"));

        GroupLagModel model;
        model.setView(v);
        QCOMPARE(model.data(model.index(rowOf(model, 1), GroupLagModel::Member)).toString(), QStringLiteral("this console"));
    }

    void topicRatesFromTwoPasses()
    {
        TopicsModel model;
        const ClusterView a = pass(1, kT0, 100, 200, 50, 100);
        const ClusterView b = pass(2, kT0 + 2 * kUsPerSecond, 300, 400, 150, 200);
        model.setView(a, nullptr);
        QCOMPARE(model.rowCount(), 2);
        const int hm = model.rowOf("health-metrics");
        QVERIFY(hm >= 0);
        QCOMPARE(model.rows()[std::size_t(hm)].inPerSecond, -1.0); // one pass: no rate yet
        QCOMPARE(model.data(model.index(hm, TopicsModel::InRate)).toString(), QStringLiteral("—"));

        model.setView(b, &a);
        const TopicsModel::Row& row = model.rows()[std::size_t(hm)];
        QCOMPARE(row.inPerSecond, 200.0);  // (300 + 400 − 100 − 200) / 2 s
        QCOMPARE(row.outPerSecond, 100.0); // (150 + 200 − 50 − 100) / 2 s
        QCOMPARE(row.low, 10);
        QCOMPARE(row.high, 700);
        QCOMPARE(model.data(model.index(hm, TopicsModel::Retained), clusterrole::Sort).toLongLong(), 690);
        QCOMPARE(model.data(model.index(hm, TopicsModel::Partitions)).toInt(), 2);
        QCOMPARE(model.data(model.index(hm, TopicsModel::Leaders)).toString(), QStringLiteral("1, 2"));
        const int alerts = model.rowOf("alerts");
        QCOMPARE(model.rows()[std::size_t(alerts)].inPerSecond, 0.0);
        QCOMPARE(model.rows()[std::size_t(alerts)].outPerSecond, -1.0); // no watched group reads it
        QCOMPARE(model.sampledAtUs(), b.sampledAtUs);
        QCOMPARE(model.brokers(), 3);
    }

    void topicBytesPerSecond()
    {
        TopicsModel model;
        const ClusterView a = withSizes(pass(1, kT0, 100, 200, 50, 100), 380, 31);
        const ClusterView b = withSizes(pass(2, kT0 + 2 * kUsPerSecond, 300, 400, 150, 200), 390, 32);
        model.setView(a, nullptr);
        const int hm = model.rowOf("health-metrics");
        const int alerts = model.rowOf("alerts");
        const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(cell(hm, TopicsModel::InBytes).toString(), QStringLiteral("—")); // one pass: no rate yet
        QCOMPARE(cell(hm, TopicsModel::InBytes, clusterrole::Export).toString(), QString());
        QVERIFY(cell(hm, TopicsModel::InBytes, Qt::ToolTipRole).toString().contains("needs two samples"));

        model.setView(b, &a);
        const TopicsModel::Row& row = model.rows()[std::size_t(hm)];
        QCOMPARE(row.inBytesPerSecond, 78'000.0);  // 200 msgs/s × 390 B (the latest pass's mean)
        QCOMPARE(row.outBytesPerSecond, 39'000.0); // 100 msgs/s × 390 B
        QCOMPARE(cell(hm, TopicsModel::InBytes).toString(), QStringLiteral("≈ 78.0 kB/s"));
        QCOMPARE(cell(hm, TopicsModel::OutBytes).toString(), QStringLiteral("≈ 39.0 kB/s"));
        QCOMPARE(cell(hm, TopicsModel::InBytes, clusterrole::Sort).toDouble(), 78'000.0);
        QCOMPARE(cell(hm, TopicsModel::InBytes, clusterrole::Export).toString(), QStringLiteral("78000"));
        QCOMPARE(cell(hm, TopicsModel::OutBytes, clusterrole::Export).toString(), QStringLiteral("39000"));
        QCOMPARE(cell(hm, TopicsModel::InBytes, Qt::ToolTipRole).toString(),
                 QStringLiteral("200 messages/s × 390 B mean message size (key + value + headers) ≈ 78.0 kB/s\n"
                                "messages/s × mean size of the 32 newest messages sampled (one partition per pass); "
                                "the brokers' byte counters are not readable through librdkafka 2.0.2"));
        QCOMPARE(model.headerData(TopicsModel::InBytes, Qt::Horizontal).toString(), QStringLiteral("Bytes/s in"));
        QCOMPARE(model.headerData(TopicsModel::OutBytes, Qt::Horizontal).toString(), QStringLiteral("Bytes/s out"));
        QVERIFY(model.headerData(TopicsModel::InBytes, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains("messages/s × mean size of the 32 newest messages sampled (one partition per pass); "
                              "the brokers' byte counters are not readable through librdkafka 2.0.2"));

        // alerts: nothing appended (exactly 0 B/s, sampled or not), and no watched group reads it.
        QCOMPARE(cell(alerts, TopicsModel::InBytes).toString(), QStringLiteral("0 B/s"));
        QCOMPARE(cell(alerts, TopicsModel::InBytes, clusterrole::Export).toString(), QStringLiteral("0"));
        QCOMPARE(cell(alerts, TopicsModel::OutBytes).toString(), QStringLiteral("—"));
        QCOMPARE(cell(alerts, TopicsModel::OutBytes, clusterrole::Export).toString(), QString());
        QCOMPARE(cell(alerts, TopicsModel::OutBytes, Qt::ToolTipRole).toString(),
                 QStringLiteral("No watched consumer group has committed offsets on this topic"));

        // Messages flow but none was sampled yet: no figure, and the tooltip says why.
        model.setView(withSizes(b, -1, 0), &a);
        QCOMPARE(cell(hm, TopicsModel::InBytes).toString(), QStringLiteral("—"));
        QVERIFY(
            cell(hm, TopicsModel::InBytes, Qt::ToolTipRole).toString().contains("no message of this topic sampled"));

        // Megabytes: 200 msgs/s × 6.2 kB.
        model.setView(withSizes(b, 6200, 12), &a);
        QCOMPARE(cell(hm, TopicsModel::InBytes).toString(), QStringLiteral("≈ 1.2 MB/s"));
        QCOMPARE(cell(hm, TopicsModel::InBytes, clusterrole::Export).toString(), QStringLiteral("1240000"));
        QVERIFY(cell(hm, TopicsModel::InBytes, Qt::ToolTipRole).toString().contains("of the 12 newest messages"));
    }

    void topicBytesInTheCsvExport()
    {
        TopicsModel model;
        const ClusterView a = withSizes(pass(1, kT0, 100, 200, 50, 100), 390, 32);
        model.setView(withSizes(pass(2, kT0 + 2 * kUsPerSecond, 300, 400, 150, 200), 390, 32), &a);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY(writeCsv(model, out, clusterrole::Export));
        const QStringList lines = QString::fromUtf8(out.data()).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("Topic,Partitions,Leaders,In (msgs/s),Out (msgs/s),Bytes/s in,Bytes/s out,"
                                          "Low watermark,High watermark,Retained"));
        QCOMPARE(lines[1], QStringLiteral("health-metrics,2,\"1, 2\",200,100,78000,39000,10,700,690"));
        QCOMPARE(lines[2], QStringLiteral("alerts,1,3,0,-1,0,,0,5,5"));
    }

    void byteRateText_data()
    {
        QTest::addColumn<double>("bytesPerSecond");
        QTest::addColumn<QString>("text");
        QTest::newRow("unknown") << -1.0 << "—";
        QTest::newRow("nothing") << 0.0 << "0 B/s";
        QTest::newRow("bytes") << 850.4 << "≈ 850 B/s";
        QTest::newRow("rounds up a unit") << 999.6 << "≈ 1.0 kB/s";
        QTest::newRow("kB") << 12'345.0 << "≈ 12.3 kB/s";
        QTest::newRow("hundreds of kB") << 123'456.0 << "≈ 123 kB/s";
        QTest::newRow("MB") << 1'240'000.0 << "≈ 1.2 MB/s";
        QTest::newRow("GB") << 3.4e9 << "≈ 3.4 GB/s";
    }

    void byteRateText()
    {
        QFETCH(double, bytesPerSecond);
        QFETCH(QString, text);
        QCOMPARE(formatByteRate(bytesPerSecond), text);
    }

    void outRateIgnoresFirstCommit()
    {
        // A partition committed for the first time says nothing about the rate: skipped.
        TopicsModel model;
        const ClusterView a = pass(1, kT0, 100, 200, 50, -1);
        const ClusterView b = pass(2, kT0 + kUsPerSecond, 100, 200, 60, 200);
        model.setView(b, &a);
        QCOMPARE(model.rows()[std::size_t(model.rowOf("health-metrics"))].outPerSecond, 10.0);
    }

    void clusterModelAveragesOverTheRateWindow()
    {
        ClusterModel model;
        QSignalSpy updated(&model, &ClusterModel::updated);
        for (int i = 0; i <= 10; ++i)
            model.update(pass(std::uint64_t(i + 1), kT0 + i * kUsPerSecond, 100 + 50 * i, 200, 0, 0));
        QCOMPARE(updated.count(), 11);
        model.update(pass(11, kT0 + 10 * kUsPerSecond, 0, 0, 0, 0)); // same sequence: ignored
        QCOMPARE(updated.count(), 11);
        const int hm = model.topics()->rowOf("health-metrics");
        QCOMPARE(model.topics()->rows()[std::size_t(hm)].inPerSecond, 50.0);
        QCOMPARE(model.lagTrend()->size("g"), 11);
        model.partitions()->setTopic("health-metrics");
        QCOMPARE(model.partitions()->rowCount(), 2);
        QCOMPARE(model.partitions()->rows()[0].inPerSecond, 50.0);
        QCOMPARE(model.partitions()->rows()[1].inPerSecond, 0.0);
        QCOMPARE(model.partitions()->rows()[0].inBytesPerSecond, -1.0); // no size sampled in these passes
    }

    void partitionBytesPerSecond()
    {
        // The drill-down multiplies each partition's rate by its topic's mean sampled size.
        ClusterModel model;
        for (int i = 0; i <= 5; ++i)
            model.update(
                withSizes(pass(std::uint64_t(i + 1), kT0 + i * kUsPerSecond, 100 + 50 * i, 200, 0, 0), 250, 20));
        PartitionsModel* partitions = model.partitions();
        partitions->setTopic("health-metrics");
        QCOMPARE(partitions->rows()[0].inBytesPerSecond, 12'500.0); // 50 msgs/s × 250 B
        QCOMPARE(partitions->rows()[1].inBytesPerSecond, 0.0);
        QCOMPARE(partitions->data(partitions->index(0, PartitionsModel::InBytes)).toString(),
                 QStringLiteral("≈ 12.5 kB/s"));
        QCOMPARE(partitions->data(partitions->index(0, PartitionsModel::InBytes), clusterrole::Export).toString(),
                 QStringLiteral("12500"));
        QVERIFY(partitions->data(partitions->index(0, PartitionsModel::InBytes), Qt::ToolTipRole)
                    .toString()
                    .startsWith("50 messages/s × 250 B mean message size"));
        QVERIFY(partitions->headerData(PartitionsModel::InBytes, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains("of this topic, not just this partition"));
    }

    void growingFlag()
    {
        // Partition 0's lag rises on every pass; partition 1's saws up and drops at each commit,
        // like a healthy consumer committing every 5 s.
        GroupLagModel model(nullptr, 5);
        const std::int64_t lag0[] = {10, 20, 30, 40, 50, 60, 70};
        const std::int64_t lag1[] = {10, 20, 30, 40, 50, 5, 15};
        for (int i = 0; i < 7; ++i) {
            const std::int64_t high = 1000;
            model.setView(
                pass(std::uint64_t(i + 1), kT0 + i * kUsPerSecond, high, high, high - lag0[i], high - lag1[i]));
            const bool expected0 = i >= 5; // five rises need six passes
            QCOMPARE(model.rows()[std::size_t(rowOf(model, 0))].growing, expected0);
            QCOMPARE(model.rows()[std::size_t(rowOf(model, 1))].growing, false);
        }
        const QModelIndex growing = model.index(rowOf(model, 0), GroupLagModel::Lag);
        QCOMPARE(growing.data(clusterrole::Growing).toBool(), true);
        QCOMPARE(growing.data().toString(), QStringLiteral("70"));
        QVERIFY(growing.data(Qt::BackgroundRole).value<QBrush>().color().isValid());
        QVERIFY2(growing.data(Qt::ToolTipRole).toString().contains("20 → 30 → 40 → 50 → 60 → 70"),
                 qPrintable(growing.data(Qt::ToolTipRole).toString()));
        const QModelIndex healthy = model.index(rowOf(model, 1), GroupLagModel::Lag);
        QCOMPARE(healthy.data(clusterrole::Growing).toBool(), false);
        QVERIFY(!healthy.data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(rowOf(model, 1), GroupLagModel::Member).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Members: not reported by this broker"));

        model.clearHistory();
        QCOMPARE(model.rows()[std::size_t(rowOf(model, 0))].growing, false);
    }

    void trend()
    {
        GroupLagModel model;
        for (int i = 0; i < 30; ++i) // partition 0 falls behind 10 messages a second; 1 stays at 40
            model.setView(pass(std::uint64_t(i + 1), kT0 + i * kUsPerSecond, 1000 + 10 * i, 1000, 500, 960));
        const GroupLagModel::Row& rising = model.rows()[std::size_t(rowOf(model, 0))];
        QVERIFY(rising.trendKnown);
        QVERIFY2(std::abs(rising.trendPerSecond - 10.0) < 1e-6, qPrintable(QString::number(rising.trendPerSecond)));
        QCOMPARE(model.index(rowOf(model, 0), GroupLagModel::Trend).data().toString(), QStringLiteral("↑ +10/s"));
        QCOMPARE(model.rows()[std::size_t(rowOf(model, 1))].trendPerSecond, 0.0);
        QCOMPARE(model.index(rowOf(model, 1), GroupLagModel::Trend).data().toString(), QStringLiteral("→"));
        QVERIFY(model.groupGrowing("g"));
    }

    void trendWindowAndDecimation()
    {
        LagTrendSeries series(5 * 60 * kUsPerSecond);
        for (int i = 0; i < 3600; ++i) // an hour at 1 s; a spike of 5000 at i = 1000
            series.append("g", kT0 + i * kUsPerSecond, i == 1000 ? 5000 : 100 + i % 7);
        QCOMPARE(series.size("g"), 3600);
        QCOMPARE(series.latestUs(), kT0 + 3599 * kUsPerSecond);

        // 5 min = 301 samples (both ends inclusive) fit 1000 columns: all of them, none older.
        QVector<QPointF> points = series.decimated("g", 1000);
        QCOMPARE(points.size(), 301);
        QCOMPARE(points.front().x(), double((kT0 + 3299 * kUsPerSecond) / kUsPerMs));
        QCOMPARE(points.back().x(), double(series.latestUs() / kUsPerMs));

        // 1 h in 100 columns: at most 200 points, in time order, and the spike survives.
        series.setWindow(3600 * kUsPerSecond);
        points = series.decimated("g", 100);
        QVERIFY2(points.size() <= 200 && points.size() >= 100, qPrintable(QString::number(points.size())));
        QVERIFY(std::is_sorted(points.begin(), points.end(),
                               [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
        const auto top = std::max_element(points.begin(), points.end(),
                                          [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
        QCOMPARE(top->y(), 5000.0);
        QCOMPARE(series.peakInWindow(), 5000);

        series.setWindow(60 * kUsPerSecond);
        QCOMPARE(series.peakInWindow(), 106); // the spike is out of the last minute

        const std::uint64_t revision = series.revision();
        series.clear();
        QVERIFY(series.revision() != revision);
        QCOMPARE(series.size("g"), 0);
        QCOMPARE(series.latestUs(), 0);
        QVERIFY(series.decimated("g", 100).isEmpty());
        series.append("g", kT0, 1);
        QCOMPARE(series.size("g"), 1);
    }

    void trendIsBounded()
    {
        LagTrendSeries small(kUsPerSecond * 3600, 10);
        for (int i = 0; i < 25; ++i)
            small.append("g", kT0 + i * kUsPerSecond, i);
        QCOMPARE(small.size("g"), 10); // the capacity
        QCOMPARE(small.decimated("g", 100).front().y(), 15.0);

        LagTrendSeries day;
        day.append("g", kT0, 1);
        day.append("g", kT0 + LagTrendSeries::kSpan + kUsPerSecond, 2); // over 24 h later
        QCOMPARE(day.size("g"), 1);
    }

    void csvField_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << "health-metrics"
                               << "health-metrics";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comma") << "1,234"
                               << "\"1,234\"";
        QTest::newRow("quote") << "say \"hi\""
                               << "\"say \"\"hi\"\"\"";
        QTest::newRow("newline") << "a\nb"
                                 << "\"a\nb\"";
        QTest::newRow("cr") << "a\rb"
                            << "\"a\rb\"";
        QTest::newRow("spaces kept") << " x "
                                     << " x ";
    }

    void csvField()
    {
        QFETCH(QString, value);
        QFETCH(QString, field);
        QCOMPARE(nexus::csvField(value), field);
    }

    void csvOfAModel()
    {
        QStandardItemModel model(2, 2);
        model.setHorizontalHeaderLabels({"Topic", "Lag, msgs"});
        model.setItem(0, 0, new QStandardItem("a"));
        model.setItem(0, 1, new QStandardItem("1,234"));
        model.item(0, 1)->setData(1234, clusterrole::Export);
        model.setItem(1, 0, new QStandardItem("b \"quoted\""));
        model.setItem(1, 1, new QStandardItem("7"));
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY(writeCsv(model, out, clusterrole::Export));
        QCOMPARE(QString::fromUtf8(out.data()),
                 QStringLiteral("Topic,\"Lag, msgs\"\r\na,1234\r\n\"b \"\"quoted\"\"\",7\r\n"));
    }

    void exportRoleOfTheLagTable()
    {
        GroupLagModel model;
        ClusterView v = pass(1, kT0, 5000, 200, 1000, 200);
        v.groups[0].partitions[0].lagTimeUs = 12'345'678;
        model.setView(v);
        const QModelIndex lagTime = model.index(rowOf(model, 0), GroupLagModel::LagTime);
        QCOMPARE(lagTime.data().toString(), QStringLiteral("12.3 s"));
        QCOMPARE(lagTime.data(clusterrole::Export).toString(), QStringLiteral("12.346"));
        QCOMPARE(model.index(rowOf(model, 0), GroupLagModel::Lag).data(clusterrole::Export).toLongLong(), 4000);
    }

    void lagTimeText_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("unknown") << qint64(-1) << "—";
        QTest::newRow("none") << qint64(0) << "0 s";
        QTest::newRow("ms") << qint64(850 * kUsPerMs) << "850 ms";
        QTest::newRow("s") << qint64(12'400 * kUsPerMs) << "12.4 s";
        QTest::newRow("min") << qint64(185 * kUsPerSecond) << "3 min 05 s";
        QTest::newRow("h") << qint64(7800 * kUsPerSecond) << "2 h 10 min";
    }

    void lagTimeText()
    {
        QFETCH(qint64, us);
        QFETCH(QString, text);
        QCOMPARE(formatLagTime(us), text);
    }
};

QTEST_GUILESS_MAIN(TestClusterModels)
#include "tst_cluster_models.moc"
