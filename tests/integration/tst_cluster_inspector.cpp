// The cluster inspector against a real embedded cluster (librdkafka's mock cluster): watermarks,
// a group's committed offsets, lag = the unread messages per partition, lag time from the oldest
// unread message, a topic's mean message size from its newest messages (and the Topics table's
// bytes/s from it), single-message reads that end early at a partition's end, and what the mock
// cluster cannot tell (group members). The inspection must not disturb the group it measures.

#include "backend/bus/ClusterInspector.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/GroupDescription.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/bus/MessageSizeSampler.h"
#include "backend/bus/SingleMessageReader.h"
#include "models/ops/ClusterModel.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <map>
#include <set>
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

/// A topic "t" whose partitions have these high watermarks (and low 0).
TopicView topicWithHighs(const std::vector<std::int64_t>& highs)
{
    TopicView t;
    t.name = "t";
    for (std::size_t i = 0; i < highs.size(); ++i) {
        PartitionView p;
        p.partition = std::int32_t(i);
        p.low = 0;
        p.high = highs[i];
        t.partitions.push_back(p);
    }
    return t;
}

/// Produces message `n` of exactly `bytes` of key, value and one header (name and value), to
/// `partition` (by default the key's).
bool produceSized(KafkaProducer& producer, const std::string& topic, int n, int bytes,
                  std::int32_t partition = RD_KAFKA_PARTITION_UA)
{
    const std::string key = "user-" + std::to_string(1000 + n % 9000); // 9 bytes
    static const char kHeader[] = "trace-id";
    const std::string trace(16, 't');
    const std::string value(std::size_t(bytes) - key.size() - (sizeof kHeader - 1) - trace.size(), 'x');
    return rd_kafka_producev(producer.handle(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_KEY(key.data(), key.size()),
                             RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                             RD_KAFKA_V_HEADER(kHeader, trace.data(), ssize_t(trace.size())),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR;
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

    void sizeSamplerTakesGrowingPartitionsInTurn()
    {
        using Request = SingleMessageReader::Request;
        MessageSizeSampler sampler;
        std::vector<Request> requests;
        std::vector<TopicView> topics;
        // One pass of the inspector: the lag-time reads first (`lagTimeReads`), then the sampler's;
        // the reads answered with `sizes` in request order (−1: unanswered); the result published.
        const auto passWith = [&](std::vector<std::int64_t> highs, std::vector<std::int64_t> sizes,
                                  std::vector<Request> lagTimeReads = {}) {
            topics = {topicWithHighs(highs)};
            requests = std::move(lagTimeReads);
            std::set<MessageSizeSampler::Partition> taken;
            for (const Request& r : requests)
                taken.insert({r.topic, r.partition});
            sampler.addRequests(topics, taken, requests);
            for (std::size_t i = 0; i < requests.size() && i < sizes.size(); ++i)
                requests[i].sizeBytes = sizes[i];
            sampler.takeResults(requests);
            sampler.publish(topics);
        };

        passWith({10, 10, 10}, {});
        QVERIFY(requests.empty()); // first sight: no growth known yet
        QCOMPARE(topics[0].meanMessageBytes, -1.0);
        QCOMPARE(topics[0].sizeSamples, 0);

        // Partitions 0 and 2 grew, but a lag-time read already holds partition 0 this pass.
        Request lagTimeRead;
        lagTimeRead.topic = "t";
        lagTimeRead.partition = 0;
        lagTimeRead.offset = 3;
        passWith({12, 10, 15}, {5000, 100}, {lagTimeRead}); // the lag-time read's message is no size sample
        QCOMPARE(requests.size(), std::size_t(2));
        QCOMPARE(requests[1].partition, 2);
        QCOMPARE(requests[1].offset, 14); // the newest message: high − 1
        QCOMPARE(topics[0].meanMessageBytes, 100.0);
        QCOMPARE(topics[0].sizeSamples, 1);

        // Every partition grows: one read per topic and pass, the turn going on after partition 2.
        passWith({13, 11, 16}, {300});
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].partition, 0);
        QCOMPARE(requests[0].offset, 12);
        QCOMPARE(topics[0].meanMessageBytes, 200.0);
        QCOMPARE(topics[0].sizeSamples, 2);
        passWith({14, 12, 17}, {-1}); // unanswered within the read timeout: no sample
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].partition, 1);
        QCOMPARE(topics[0].sizeSamples, 2);
        passWith({14, 12, 17}, {}); // nothing grew: nothing to read, the mean stays
        QVERIFY(requests.empty());
        QCOMPARE(topics[0].meanMessageBytes, 200.0);
        passWith({14, 13, 17}, {400}); // only partition 1 grew: it is read, whoever's turn it was
        QCOMPARE(requests[0].partition, 1);
        QCOMPARE(topics[0].sizeSamples, 3);

        // The mean covers the latest kMessageSizeWindow samples.
        for (int i = 0; i < kMessageSizeWindow; ++i)
            passWith({15 + i, 14 + i, 18 + i}, {1000});
        QCOMPARE(topics[0].sizeSamples, kMessageSizeWindow);
        QCOMPARE(topics[0].meanMessageBytes, 1000.0);

        // A topic that went away is forgotten, and starts afresh when it comes back.
        std::vector<TopicView> none;
        sampler.publish(none);
        passWith({100, 100, 100}, {});
        QVERIFY(requests.empty());
        QCOMPARE(topics[0].sizeSamples, 0);
        QCOMPARE(topics[0].meanMessageBytes, -1.0);
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

    void estimatesTopicBytesPerSecond()
    {
        // Every message is exactly kMessageBytes of key + value + header: the inspector's mean
        // sampled size must say so, and the Topics table's bytes/s in must be msgs/s × that size.
        const std::string topic = "inspector-bytes";
        constexpr int kMessageBytes = 1000;
        std::string error;
        QVERIFY2(m_cluster->createTopic(topic, kPartitions, error), error.c_str());
        const BusSettings bus{m_cluster->bootstrap(), {}, true};
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        ClusterInspectorOptions options;
        options.groups = {};
        options.topics = {topic};
        options.interval = 200 * kUsPerMs;
        ClusterInspector inspector(bus, options);
        QVERIFY2(inspector.start(error), error.c_str());

        // Keep producing while the inspector passes: only a partition that grew is sampled.
        ClusterModel model;
        std::shared_ptr<const ClusterView> view;
        const TopicView* sampled = nullptr;
        int produced = 0;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 20000) {
            for (int i = 0; i < 20; ++i, ++produced)
                QVERIFY(produceSized(*producer, topic, produced, kMessageBytes));
            QVERIFY(producer->flush(5000));
            QTest::qWait(50);
            view = inspector.view();
            model.update(view);
            sampled = findTopic(*view, topic);
            const int row = model.topics()->rowOf(QString::fromStdString(topic));
            if (sampled && sampled->sizeSamples >= 6 && row >= 0 &&
                model.topics()->rows()[std::size_t(row)].inBytesPerSecond > 0)
                break;
        }
        QVERIFY2(sampled && sampled->sizeSamples >= 6,
                 qPrintable(QString("%1 samples").arg(sampled ? sampled->sizeSamples : -1)));
        qInfo("%d messages produced; pass %llu took %.1f ms; mean size %.1f B over %d samples", produced,
              qulonglong(view->sequence), double(view->passUs) / 1000.0, sampled->meanMessageBytes,
              sampled->sizeSamples);
        QVERIFY2(std::abs(sampled->meanMessageBytes - kMessageBytes) <= 4,
                 qPrintable(QString::number(sampled->meanMessageBytes)));

        const int row = model.topics()->rowOf(QString::fromStdString(topic));
        QVERIFY(row >= 0);
        const TopicsModel::Row& r = model.topics()->rows()[std::size_t(row)];
        QVERIFY(r.inPerSecond > 0);
        QCOMPARE(r.inBytesPerSecond, r.inPerSecond * sampled->meanMessageBytes);
        QVERIFY2(std::abs(r.inBytesPerSecond - r.inPerSecond * kMessageBytes) <= 0.005 * r.inPerSecond * kMessageBytes,
                 qPrintable(QString("%1 B/s at %2 msgs/s").arg(r.inBytesPerSecond).arg(r.inPerSecond)));
        QCOMPARE(r.outBytesPerSecond, -1.0); // no watched group reads it
        const QString text = model.topics()->index(row, TopicsModel::InBytes).data().toString();
        QVERIFY2(text.startsWith(QStringLiteral("≈ ")) && text.endsWith(QStringLiteral("B/s")), qPrintable(text));
        inspector.stop();
    }

    void readerAnswersEachPartitionOrItsEnd()
    {
        // One read: the newest message of partition 0 (its size, headers included), and the end
        // of partition 1, where there is nothing to read — which must not cost the whole timeout.
        const std::string topic = "inspector-reader";
        std::string error;
        QVERIFY2(m_cluster->createTopic(topic, 2, error), error.c_str());
        const BusSettings bus{m_cluster->bootstrap(), {}, true};
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        for (int i = 0; i < 5; ++i)
            QVERIFY(produceSized(*producer, topic, i, 100 + i, 0));
        QVERIFY(produceSized(*producer, topic, 5, 700, 1));
        QVERIFY(producer->flush(5000));

        SingleMessageReader reader;
        QVERIFY2(reader.open(bus, error), error.c_str());
        std::vector<SingleMessageReader::Request> requests(2);
        requests[0].topic = topic;
        requests[0].partition = 0;
        requests[0].offset = 4; // the newest of five
        requests[1].topic = topic;
        requests[1].partition = 1;
        requests[1].offset = 1; // the high watermark: the end
        constexpr int kTimeoutMs = 4000;
        QElapsedTimer clock;
        clock.start();
        reader.read(requests, kTimeoutMs);
        const qint64 tookMs = clock.elapsed();
        QCOMPARE(requests[0].offsetRead, 4);
        QCOMPARE(requests[0].sizeBytes, 104);
        QVERIFY(requests[0].timestampMs > 0);
        QCOMPARE(requests[1].offsetRead, -1);
        QCOMPARE(requests[1].sizeBytes, -1);
        QVERIFY2(tookMs < kTimeoutMs / 2, qPrintable(QString("%1 ms").arg(tookMs)));
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
