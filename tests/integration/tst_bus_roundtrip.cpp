// Produce → consume through the embedded cluster (librdkafka's mock cluster on loopback):
// 10,000 keyed messages, none lost, per-key order kept, each key in one partition.

#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"
#include "models/events/Topics.h"

#include <QElapsedTimer>
#include <QtTest>

#include <map>
#include <set>

using namespace nexus;

class TestBusRoundTrip : public QObject
{
    Q_OBJECT
    std::unique_ptr<EmbeddedCluster> m_cluster;

private slots:
    void initTestCase()
    {
        std::string error;
        m_cluster = EmbeddedCluster::start(3, error);
        QVERIFY2(m_cluster, error.c_str());
        QVERIFY(!m_cluster->bootstrap().empty());
    }

    void catalogueTopicsExist()
    {
        BusSettings bus{m_cluster->bootstrap(), {}, true};
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        const rd_kafka_metadata_t* md = nullptr;
        QCOMPARE(rd_kafka_metadata(producer->handle(), 1, nullptr, &md, 5000), RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(md->broker_cnt, 3);
        std::map<std::string, int> partitions;
        for (int i = 0; i < md->topic_cnt; ++i)
            partitions[md->topics[i].topic] = md->topics[i].partition_cnt;
        rd_kafka_metadata_destroy(md);
        for (const TopicSpec& t : kTopicCatalogue)
            QCOMPARE(partitions[std::string(t.name)], t.partitions);
    }

    void tenThousandKeyedMessages()
    {
        constexpr int kKeys = 100;
        constexpr int kPerKey = 100;
        BusSettings bus{m_cluster->bootstrap(), {}, true};
        std::string error;
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        for (int seq = 0; seq < kPerKey; ++seq) {
            for (int k = 0; k < kKeys; ++k) {
                const std::string key = "user-" + std::to_string(k);
                const std::string payload = key + ":" + std::to_string(seq);
                QVERIFY2(producer->produce(topics::kHealthMetrics, key, payload), producer->lastError().c_str());
            }
        }
        QVERIFY(producer->flush(10000));
        QCOMPARE(producer->delivered(), std::uint64_t(kKeys * kPerKey));
        QCOMPARE(producer->failed(), std::uint64_t(0));

        auto consumer = KafkaConsumer::create(bus, "tst-roundtrip", error);
        QVERIFY2(consumer, error.c_str());
        QVERIFY2(consumer->subscribe({std::string(topics::kHealthMetrics)}, error), error.c_str());

        std::map<std::string, int> nextSeq;
        std::map<std::string, int> partitionOf;
        int received = 0;
        std::vector<KafkaMessagePtr> batch;
        QElapsedTimer clock;
        clock.start();
        while (received < kKeys * kPerKey && clock.elapsed() < 30000) {
            consumer->consumeBatch(batch, 1000, 100);
            for (const KafkaMessagePtr& m : batch) {
                if (m->err)
                    continue;
                const std::string key(static_cast<const char*>(m->key), m->key_len);
                const std::string payload(static_cast<const char*>(m->payload), m->len);
                const int seq = std::stoi(payload.substr(payload.find(':') + 1));
                QCOMPARE(payload.substr(0, payload.find(':')), key);
                QCOMPARE(seq, nextSeq[key]); // per-key order kept, nothing skipped
                nextSeq[key] = seq + 1;
                auto [it, first] = partitionOf.emplace(key, m->partition);
                QVERIFY2(first || it->second == m->partition, "a key moved between partitions");
                ++received;
            }
        }
        QCOMPARE(received, kKeys * kPerKey);
        QCOMPARE(int(nextSeq.size()), kKeys);
        for (const auto& [key, next] : nextSeq)
            QCOMPARE(next, kPerKey);
        // Keys spread over many of the 24 partitions.
        std::set<int> used;
        for (const auto& [key, p] : partitionOf)
            used.insert(p);
        QVERIFY2(used.size() >= 12, QByteArray::number(int(used.size())));
        QCOMPARE(consumer->lag(), std::int64_t(0));
        consumer->close();
    }

    void cleanupTestCase() { m_cluster.reset(); }
};

QTEST_GUILESS_MAIN(TestBusRoundTrip)
#include "tst_bus_roundtrip.moc"
