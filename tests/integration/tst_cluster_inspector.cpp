// The cluster inspector against a real embedded cluster (librdkafka's mock cluster): watermarks,
// a group's committed offsets, lag = the unread messages per partition, lag time from the oldest
// unread message, and what the mock cluster cannot tell (group members). The inspection must
// not disturb the group it measures.

#include "backend/bus/ClusterInspector.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/GroupDescription.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"

#include <QElapsedTimer>
#include <QtTest>

#include <map>
#include <thread>

using namespace nexus;

namespace {
const std::string kTopic = "inspector-test";
const std::string kGroup = "inspector-test-group";
constexpr int kPartitions = 3;
constexpr int kMessages = 300;
constexpr int kRead = 120;

const GroupView* findGroup(const ClusterView& v, const std::string& id)
{
    for (const GroupView& g : v.groups)
        if (g.groupId == id)
            return &g;
    return nullptr;
}

const TopicView* findTopic(const ClusterView& v, const std::string& name)
{
    for (const TopicView& t : v.topics)
        if (t.name == name)
            return &t;
    return nullptr;
}

/// Big-endian protocol bytes, for hand-made member assignments.
struct Bytes
{
    QByteArray data;
    Bytes& i16(int v) { return put(v, 2); }
    Bytes& i32(int v) { return put(v, 4); }
    Bytes& str(const char* s)
    {
        i16(int(qstrlen(s)));
        data.append(s);
        return *this;
    }
    Bytes& put(int v, int n)
    {
        for (int i = n - 1; i >= 0; --i)
            data.append(char((unsigned(v) >> (8 * i)) & 0xff));
        return *this;
    }
};
} // namespace

class TestClusterInspector : public QObject
{
    Q_OBJECT
    std::unique_ptr<EmbeddedCluster> m_cluster;

private slots:
    void initTestCase()
    {
        std::string error;
        m_cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(m_cluster, error.c_str());
        QVERIFY2(m_cluster->createTopic(kTopic, kPartitions, error), error.c_str());
    }

    void parsesConsumerAssignments()
    {
        Bytes b;
        b.i16(1)
            .i32(2)
            .str("health-metrics")
            .i32(2)
            .i32(0)
            .i32(5)
            .str("alerts")
            .i32(1)
            .i32(3)
            .i32(4)
            .data.append("ud12");
        std::vector<std::pair<std::string, std::int32_t>> assignment;
        QVERIFY(parseConsumerAssignment(b.data.constData(), std::size_t(b.data.size()), assignment));
        QCOMPARE(assignment.size(), std::size_t(3));
        QCOMPARE(assignment[0], std::make_pair(std::string("health-metrics"), std::int32_t(0)));
        QCOMPARE(assignment[1], std::make_pair(std::string("health-metrics"), std::int32_t(5)));
        QCOMPARE(assignment[2], std::make_pair(std::string("alerts"), std::int32_t(3)));
        QVERIFY(parseConsumerAssignment(nullptr, 0, assignment)); // assigned nothing
        QVERIFY(assignment.empty());
        QVERIFY(!parseConsumerAssignment(b.data.constData(), 12, assignment)); // truncated
    }

    void reportsOffsetsLagAndLagTime()
    {
        const BusSettings bus{m_cluster->bootstrap(), {}, true};
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        for (int i = 0; i < kMessages; ++i)
            QVERIFY(producer->produce(kTopic, "user-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}"));
        QVERIFY(producer->flush(10000));
        QCOMPARE(producer->delivered(), std::uint64_t(kMessages));
        const TimestampUs producedBeforeUs = wallClockUs();

        // A member of the group reads kRead messages and commits exactly those.
        auto consumer = KafkaConsumer::create(bus, kGroup, error, {{"enable.auto.commit", "false"}});
        QVERIFY2(consumer, error.c_str());
        QVERIFY2(consumer->subscribe({kTopic}, error), error.c_str());
        std::map<std::int32_t, std::int64_t> read; // partition → messages read
        std::vector<KafkaMessagePtr> batch;
        QElapsedTimer clock;
        clock.start();
        int total = 0;
        while (total < kRead && clock.elapsed() < 30000) {
            consumer->consumeBatch(batch, 1, 100);
            for (const KafkaMessagePtr& m : batch) {
                if (m->err)
                    continue;
                QCOMPARE(m->offset, read[m->partition]); // from the start, in order
                ++read[m->partition];
                ++total;
            }
        }
        QCOMPARE(total, kRead);
        QCOMPARE(rd_kafka_commit(consumer->handle(), nullptr, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
        const std::uint64_t generation = consumer->assignmentGeneration();
        // The unread messages are at least this old when the inspector reads them.
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));

        ClusterInspectorOptions options;
        options.groups = {kGroup};
        options.interval = 300 * kUsPerMs;
        options.lagTimeRefresh = kUsPerSecond;
        ClusterInspector inspector(bus, options);
        QCOMPARE(inspector.view()->sequence, std::uint64_t(0)); // an empty view before the first pass
        QVERIFY2(inspector.start(error), error.c_str());
        std::shared_ptr<const ClusterView> view;
        QTRY_VERIFY_WITH_TIMEOUT((view = inspector.view()) && findGroup(*view, kGroup) &&
                                     findGroup(*view, kGroup)->partitions.size() == kPartitions &&
                                     std::all_of(findGroup(*view, kGroup)->partitions.begin(),
                                                 findGroup(*view, kGroup)->partitions.end(),
                                                 [](const GroupPartitionLag& p) { return p.lagTimeUs >= 0; }),
                                 15000);
        qInfo("pass %llu took %.1f ms", qulonglong(view->sequence), double(view->passUs) / 1000.0);
        QVERIFY2(view->error.empty(), view->error.c_str());
        QCOMPARE(view->brokers, 1);

        const TopicView* topic = findTopic(*view, kTopic);
        QVERIFY(topic);
        QCOMPARE(int(topic->partitions.size()), kPartitions);
        std::int64_t written = 0;
        for (const PartitionView& p : topic->partitions) {
            QVERIFY2(p.error.empty(), p.error.c_str());
            QCOMPARE(p.low, 0);
            QVERIFY(p.leader >= 0);
            written += p.high;
        }
        QCOMPARE(written, kMessages);
        for (const TopicView& t : view->topics)
            QVERIFY(t.name.rfind("__", 0) != 0); // no internal topics

        const GroupView* group = findGroup(*view, kGroup);
        QVERIFY2(group->error.empty(), group->error.c_str());
        std::int64_t unread = 0;
        for (const GroupPartitionLag& p : group->partitions) {
            const std::int64_t high = topic->partitions[std::size_t(p.partition)].high;
            const std::int64_t done = read[p.partition];
            QCOMPARE(p.topic, kTopic);
            QCOMPARE(p.high, high);
            QCOMPARE(p.committed, done > 0 ? done : -1); // nothing read from a partition: nothing committed
            QCOMPARE(p.lagMessages, high - done);
            QCOMPARE(p.lostMessages, 0);
            unread += p.lagMessages;
            if (p.lagMessages > 0) {
                // The oldest unread message was produced before producedBeforeUs, over 1.2 s ago.
                QVERIFY2(p.lagTimeUs >= view->sampledAtUs - producedBeforeUs,
                         qPrintable(QString("lag time %1 us").arg(p.lagTimeUs)));
                QVERIFY(p.lagTimeUs < 60 * kUsPerSecond);
                QVERIFY(p.lagTimeReadAtUs > 0);
            } else {
                QCOMPARE(p.lagTimeUs, 0);
            }
        }
        QCOMPARE(unread, kMessages - kRead);
        QCOMPARE(group->totalLag(), kMessages - kRead);

        // The mock cluster does not implement ListGroups/DescribeGroups: said, not faked.
        QVERIFY(!group->membersReported);
        QVERIFY2(QString::fromStdString(group->membersNote).contains("not reported by this broker"),
                 group->membersNote.c_str());
        QVERIFY(group->members.empty());

        // Reading the group's offsets did not rebalance it: the member keeps its partitions.
        consumer->consumeBatch(batch, 1, 200); // serves a rebalance, were there one
        for (const KafkaMessagePtr& m : batch)
            total += m->err ? 0 : 1;
        QCOMPARE(consumer->assignmentGeneration(), generation);
        rd_kafka_topic_partition_list_t* assignment = nullptr;
        QCOMPARE(rd_kafka_assignment(consumer->handle(), &assignment), RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(assignment->cnt, kPartitions);
        rd_kafka_topic_partition_list_destroy(assignment);

        // The member catches up and commits: lag and lag time drop to 0.
        clock.restart();
        while (total < kMessages && clock.elapsed() < 30000) {
            consumer->consumeBatch(batch, 100, 100);
            for (const KafkaMessagePtr& m : batch)
                total += m->err ? 0 : 1;
        }
        QCOMPARE(total, kMessages);
        QCOMPARE(rd_kafka_commit(consumer->handle(), nullptr, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
        QTRY_VERIFY_WITH_TIMEOUT((view = inspector.view()) && findGroup(*view, kGroup)->totalLag() == 0, 10000);
        for (const GroupPartitionLag& p : findGroup(*view, kGroup)->partitions) {
            QCOMPARE(p.lagMessages, 0);
            QCOMPARE(p.lagTimeUs, 0);
        }
        QCOMPARE(consumer->assignmentGeneration(), generation);
        inspector.stop();
        consumer->close();
    }

    void unknownTopicAndGroup()
    {
        const BusSettings bus{m_cluster->bootstrap(), {}, true};
        ClusterInspectorOptions options;
        options.groups = {"nobody-uses-this-group"};
        options.topics = {kTopic, "no-such-topic"};
        options.interval = 300 * kUsPerMs;
        ClusterInspector inspector(bus, options);
        std::string error;
        QVERIFY2(inspector.start(error), error.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(inspector.view()->sequence >= 1, 10000);
        const std::shared_ptr<const ClusterView> view = inspector.view();
        QCOMPARE(view->topics.size(), std::size_t(2));
        QVERIFY(findTopic(*view, "no-such-topic") && !findTopic(*view, "no-such-topic")->error.empty());
        const GroupView* group = findGroup(*view, "nobody-uses-this-group");
        QVERIFY(group);
        QVERIFY2(group->error.empty(), group->error.c_str());
        QVERIFY(group->partitions.empty()); // no committed offsets: no topics to show
    }
};

QTEST_GUILESS_MAIN(TestClusterInspector)
#include "tst_cluster_inspector.moc"
