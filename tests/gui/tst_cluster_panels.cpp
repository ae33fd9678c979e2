// The Topics and Consumer-groups panels, offscreen, fed with known inspector passes: sorting,
// drill-down, the growing-lag highlight, the chart window selector and Clear, CSV and PNG
// export. Saves screenshots with realistic data to the build directory
// (screenshots/console-topics.png, screenshots/console-consumer-groups.png).

#include "models/events/Topics.h"
#include "models/ops/ClusterFormat.h"
#include "models/ops/ClusterModel.h"
#include "widgets/ops/ConsumerGroupsPanel.h"
#include "widgets/ops/LagTrendChart.h"
#include "widgets/ops/TopicsPanel.h"

#include <QBrush>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QtTest>

#include <cmath>

using namespace nexus;

namespace {
constexpr TimestampUs kStartUs = 1'763'996'400LL * kUsPerSecond; // a fixed instant: repeatable pictures
const std::string kGroup = "nexus-processors";
constexpr int kStuckPartition = 7;
constexpr int kStuckFromStep = 4; // from this pass on, nobody commits on kStuckPartition

/// Messages per second of each catalogue topic, roughly what `--demo` produces.
double topicRate(std::string_view topic)
{
    if (topic == topics::kHealthMetrics)
        return 1240;
    if (topic == topics::kTwinUpdates)
        return 1180;
    if (topic == topics::kUserEvents)
        return 86;
    if (topic == topics::kAiInteractions)
        return 24;
    if (topic == topics::kWorkoutData)
        return 14;
    if (topic == topics::kSocialEvents)
        return 9;
    if (topic == topics::kAlerts)
        return 1.5;
    if (topic == topics::kCoachMessages)
        return 0.6;
    if (topic == topics::kActivityProgress)
        return 2.2;
    return 0;
}

/// A pass of the inspector `step` seconds after kStartUs over the catalogue topics on three
/// brokers, with nexus-processors reading health-metrics: a committing consumer's saw-tooth lag
/// everywhere except kStuckPartition, where commits stop at kStuckFromStep.
ClusterView realisticPass(int step)
{
    ClusterView v;
    v.sequence = std::uint64_t(step + 1);
    v.sampledAtUs = kStartUs + step * kUsPerSecond;
    v.brokers = 3;
    GroupView g;
    g.groupId = kGroup;
    g.membersNote = "not reported by this broker (it does not implement DescribeGroups)";
    for (const TopicSpec& spec : kTopicCatalogue) {
        TopicView t;
        t.name = std::string(spec.name);
        const double perPartition = topicRate(spec.name) / spec.partitions;
        const int messageBytes = spec.name == topics::kHealthMetrics ? 390
                                 : spec.name == topics::kTwinUpdates ? 310
                                                                     : 240;
        t.meanMessageBytes = messageBytes; // as the inspector's size samples would find
        t.sizeSamples = kMessageSizeWindow;
        for (int p = 0; p < spec.partitions; ++p) {
            PartitionView pv;
            pv.partition = p;
            pv.leader = 1 + (p + int(t.name.size())) % 3;
            pv.replicas = 3;
            pv.inSync = 3;
            const double skew = 0.8 + 0.4 * double((p * 7) % 11) / 10.0;
            const std::int64_t base = std::int64_t(perPartition * skew * 5400); // 1.5 h of traffic
            pv.high = base + std::int64_t(perPartition * skew * step);
            // The embedded bus keeps 5 MiB per partition and drops older messages (DESIGN.md).
            pv.low = std::max<std::int64_t>(0, pv.high - 5 * 1024 * 1024 / messageBytes + (p * 53) % 200);
            t.partitions.push_back(pv);
            if (spec.name != topics::kHealthMetrics)
                continue;
            GroupPartitionLag lag;
            lag.topic = t.name;
            lag.partition = p;
            lag.low = pv.low;
            lag.high = pv.high;
            const double rate = perPartition * skew;
            const int sinceCommit =
                p == kStuckPartition && step >= kStuckFromStep ? step - kStuckFromStep + 3 : step % 5;
            const std::int64_t behind = 20 + (p * 37) % 90 + std::int64_t(rate * sinceCommit);
            lag.committed = pv.high - behind;
            computeLag(lag);
            lag.lagTimeUs = std::int64_t((double(behind) / rate + 0.12) * double(kUsPerSecond));
            lag.lagTimeReadAtUs = v.sampledAtUs - (step % 5) * kUsPerSecond;
            g.partitions.push_back(lag);
        }
        v.topics.push_back(std::move(t));
    }
    std::sort(v.topics.begin(), v.topics.end(), [](const TopicView& a, const TopicView& b) { return a.name < b.name; });
    v.groups.push_back(std::move(g));
    return v;
}

/// An hour of total lag before kStartUs: a steady few thousand messages, with an incident 40 to
/// 25 minutes ago (the processor was restarted and caught up).
void fillHistory(LagTrendSeries& series)
{
    for (int s = 3600; s > 0; --s) {
        const double minutesAgo = s / 60.0;
        double lag = 3600 + 900 * std::sin(s / 47.0) + (s * 7919 % 400);
        if (minutesAgo < 40 && minutesAgo > 25) {
            const double into = 40 - minutesAgo;
            lag += into < 6 ? into * 9000 : std::max(0.0, 54000 - (into - 6) * 6200);
        }
        series.append(QString::fromStdString(kGroup), kStartUs - s * kUsPerSecond, std::int64_t(lag));
    }
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
    QDir().mkpath(dir);
    return dir;
}

QStringList readLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(f.readAll());
    if (text.endsWith("\r\n"))
        text.chop(2);
    return text.split("\r\n");
}
} // namespace

class TestClusterPanels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void topicsSortDrillDownAndExport()
    {
        ClusterModel model;
        TopicsPanel panel(model.topics(), model.partitions());
        panel.resize(1100, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (int step = 0; step < 8; ++step)
            model.update(realisticPass(step));
        QTableView* topicsView = panel.topicsView();
        QCOMPARE(topicsView->model()->rowCount(), int(kTopicCatalogue.size()));

        // Sorted by name first; by the rate in, busiest first, when asked.
        QCOMPARE(topicsView->model()->index(0, TopicsModel::Topic).data().toString(),
                 QStringLiteral("activity-progress"));
        topicsView->sortByColumn(TopicsModel::InRate, Qt::DescendingOrder);
        QCOMPARE(topicsView->model()->index(0, TopicsModel::Topic).data().toString(), QStringLiteral("health-metrics"));
        QCOMPARE(topicsView->model()->index(1, TopicsModel::Topic).data().toString(), QStringLiteral("twin-updates"));
        const double rate = topicsView->model()->index(0, TopicsModel::InRate).data(clusterrole::Sort).toDouble();
        QVERIFY2(std::abs(rate - 1240) < 60, qPrintable(QString::number(rate)));
        QVERIFY(topicsView->model()->index(0, TopicsModel::OutRate).data(clusterrole::Sort).toDouble() > 0);
        QCOMPARE(topicsView->model()->index(int(kTopicCatalogue.size()) - 1, TopicsModel::Topic).data().toString(),
                 QStringLiteral("dead-letters")); // the only topic without traffic

        // Drill down: the topic's partitions, sortable too.
        QVERIFY(panel.partitionsView()->model()->rowCount() == 0);
        QVERIFY(panel.showTopic("health-metrics"));
        QCOMPARE(panel.partitionsView()->model()->rowCount(), 24);
        panel.partitionsView()->sortByColumn(PartitionsModel::Partition, Qt::DescendingOrder);
        QCOMPARE(panel.partitionsView()->model()->index(0, PartitionsModel::Partition).data().toInt(), 23);
        model.update(realisticPass(8)); // a new pass keeps the drill-down and its order
        QCOMPARE(panel.partitionsView()->model()->rowCount(), 24);
        QCOMPARE(panel.partitionsView()->model()->index(0, PartitionsModel::Partition).data().toInt(), 23);

        const QString path = qEnvironmentVariable("TMPDIR") + "/topics.csv";
        QVERIFY(panel.exportTopicsCsv(path));
        const QStringList lines = readLines(path);
        QCOMPARE(lines.size(), 1 + int(kTopicCatalogue.size()));
        QCOMPARE(lines[0], QStringLiteral("Topic,Partitions,Leaders,In (msgs/s),Out (msgs/s),Bytes/s in,Bytes/s out,"
                                          "Low watermark,High watermark,Retained"));
        QVERIFY2(lines[1].startsWith("health-metrics,24,\"1, 2, 3\","), qPrintable(lines[1])); // the view's order
        // Bytes/s as plain whole numbers, not "≈ 484 kB/s".
        QVERIFY2(QRegularExpression(R"(^health-metrics,24,"1, 2, 3",[0-9.]+,[0-9.]+,[0-9]+,[0-9]+,)")
                     .match(lines[1])
                     .hasMatch(),
                 qPrintable(lines[1]));
        const QString partitionsPath = qEnvironmentVariable("TMPDIR") + "/partitions.csv";
        QVERIFY(panel.exportPartitionsCsv(partitionsPath));
        const QStringList partitionLines = readLines(partitionsPath);
        QCOMPARE(partitionLines.size(), 25);
        QVERIFY2(partitionLines[0].endsWith(",In (msgs/s),Bytes/s in"), qPrintable(partitionLines[0]));
        QVERIFY(panel.findChild<QLabel*>("exportNote")->text().contains("Exported 24 partitions"));
    }

    void growingLagIsHighlighted()
    {
        ClusterModel model;
        ConsumerGroupsPanel panel(model.groupLag(), model.lagTrend());
        panel.resize(1100, 760);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (int step = 0; step < 12; ++step)
            model.update(realisticPass(step));
        QAbstractItemModel* table = panel.table()->model();
        QCOMPARE(table->rowCount(), 24);
        int growing = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            const QModelIndex lag = table->index(r, GroupLagModel::Lag);
            if (!lag.data(clusterrole::Growing).toBool()) {
                QVERIFY(!lag.data(Qt::BackgroundRole).isValid());
                continue;
            }
            ++growing;
            QCOMPARE(table->index(r, GroupLagModel::Partition).data().toInt(), kStuckPartition);
            QCOMPARE(lag.data(Qt::BackgroundRole).value<QBrush>().color(), QColor(255, 214, 130));
            QVERIFY2(lag.data(Qt::ToolTipRole).toString().contains("Lag grew on each of the last 5 passes"),
                     qPrintable(lag.data(Qt::ToolTipRole).toString()));
            QVERIFY(table->index(r, GroupLagModel::Trend).data().toString().startsWith("↑"));
        }
        QCOMPARE(growing, 1);
        // Sorting by lag puts the stuck partition first.
        panel.table()->sortByColumn(GroupLagModel::Lag, Qt::DescendingOrder);
        QCOMPARE(table->index(0, GroupLagModel::Partition).data().toInt(), kStuckPartition);
        const QString summary = panel.summary()->text();
        QVERIFY2(summary.contains("nexus-processors") && summary.contains("not reported by this broker"),
                 qPrintable(summary));

        const QString path = qEnvironmentVariable("TMPDIR") + "/lag.csv";
        QVERIFY(panel.exportCsv(path));
        const QStringList lines = readLines(path);
        QCOMPARE(lines.size(), 25);
        QVERIFY2(lines[0].startsWith("Group,Topic,Partition,Member,Committed,High watermark,Lag (msgs),Lag (time)"),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith("nexus-processors,health-metrics,7,,"), qPrintable(lines[1]));
    }

    void windowSelectorAndClear()
    {
        ClusterModel model;
        fillHistory(*model.lagTrend());
        ConsumerGroupsPanel panel(model.groupLag(), model.lagTrend());
        panel.resize(1100, 760);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (int step = 0; step < 3; ++step)
            model.update(realisticPass(step));
        QComboBox* window = panel.windowChoice();
        QCOMPARE(window->count(), 5);
        QCOMPARE(window->currentText(), QStringLiteral("1 h"));
        const qint64 seconds[] = {300, 900, 3600, 21600, 86400};
        for (int i = 0; i < window->count(); ++i) {
            window->setCurrentIndex(i);
            QCOMPARE(panel.chart()->rangeStart().msecsTo(panel.chart()->rangeEnd()), seconds[i] * 1000);
            QCOMPARE(panel.chart()->rangeEnd().toMSecsSinceEpoch(), (kStartUs + 2 * kUsPerSecond) / kUsPerMs);
            // Decimated to the plot's width: never more than two points per pixel column.
            QVERIFY(panel.chart()->pointCount() > 0);
            QVERIFY2(panel.chart()->pointCount() <= 2 * panel.chart()->drawnColumns(),
                     qPrintable(QString::number(panel.chart()->pointCount())));
            QVERIFY(panel.chart()->drawnColumns() <= panel.chart()->width());
        }
        window->setCurrentIndex(0);
        QVERIFY(panel.chart()->pointCount() <= 302);

        const QString png = qEnvironmentVariable("TMPDIR") + "/lag.png";
        QVERIFY(panel.exportPng(png));
        QVERIFY(QImage(png).width() > 500);

        panel.findChild<QPushButton*>("clearLagTrend")->click();
        QCOMPARE(panel.chart()->pointCount(), 0);
        model.update(realisticPass(3));
        QCOMPARE(panel.chart()->pointCount(), 1);
    }

    void screenshots()
    {
        ClusterModel model;
        fillHistory(*model.lagTrend());
        TopicsPanel topics(model.topics(), model.partitions());
        ConsumerGroupsPanel groups(model.groupLag(), model.lagTrend());
        for (QWidget* w : {static_cast<QWidget*>(&topics), static_cast<QWidget*>(&groups)}) {
            w->resize(1200, 820);
            w->show();
            QVERIFY(QTest::qWaitForWindowExposed(w));
        }
        for (int step = 0; step < 12; ++step)
            model.update(realisticPass(step));
        topics.topicsView()->sortByColumn(TopicsModel::InRate, Qt::DescendingOrder);
        QVERIFY(topics.showTopic("health-metrics"));
        groups.table()->sortByColumn(GroupLagModel::Lag, Qt::DescendingOrder);
        QTest::qWait(50);
        const QString dir = screenshotDir();
        QVERIFY(topics.grab().save(dir + "/console-topics.png"));
        QVERIFY(groups.grab().save(dir + "/console-consumer-groups.png"));
        qInfo("screenshots: %s/console-{topics,consumer-groups}.png", qPrintable(dir));
    }
};

QTEST_MAIN(TestClusterPanels)
#include "tst_cluster_panels.moc"
