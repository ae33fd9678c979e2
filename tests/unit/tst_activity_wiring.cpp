// The activity processor's wiring that needs no bus: the key → partition mapping it shares with
// the producers (CRC32 for librdkafka's default partitioner) and its Prometheus text. (The
// settings that turn it off are in tst_stack_config.)

#include "backend/api/ActivityMetrics.h"
#include "backend/bus/KeyPartitioner.h"

#include <QtTest>

using namespace nexus;

namespace {

/// CRC-32 (IEEE 802.3, reflected, as zlib and librdkafka's rd_crc32), bit by bit: the reference.
std::uint32_t crc32(std::string_view bytes)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char c : bytes) {
        crc ^= std::uint8_t(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

} // namespace

class TestActivityWiring : public QObject
{
    Q_OBJECT

private slots:
    void defaultPartitionerIsCrc32OfTheKey()
    {
        std::string error;
        const std::optional<KeyPartitioner> p = KeyPartitioner::fromSettings(BusSettings{}, error);
        QVERIFY2(p, error.c_str());
        QCOMPARE(p->name(), std::string("consistent_random"));
        for (int i = 0; i < 500; ++i) {
            const std::string key = "u" + std::to_string(1000000 + i);
            for (const std::int32_t partitions : {24, 12, 8, 6})
                QCOMPARE(p->partitionOf(key, partitions), std::int32_t(crc32(key) % std::uint32_t(partitions)));
        }
        QCOMPARE(crc32("123456789"), 0xCBF43926u); // the reference's own check value
        QCOMPARE(p->partitionOf("", 24), -1);      // librdkafka spreads empty keys at random
        QCOMPARE(p->partitionOf("u1", 0), -1);
    }

    void partitionerFollowsTheProducersSetting()
    {
        std::string error;
        BusSettings bus;
        bus.properties["partitioner"] = "murmur2_random";
        const std::optional<KeyPartitioner> murmur = KeyPartitioner::fromSettings(bus, error);
        QVERIFY2(murmur, error.c_str());
        QCOMPARE(murmur->name(), std::string("murmur2_random"));
        // A *_random variant hashes a key as its plain one does (only empty keys go at random).
        QCOMPARE(murmur->partitionOf("u0000042", 24), KeyPartitioner::named("murmur2")->partitionOf("u0000042", 24));
        QVERIFY(KeyPartitioner::named("fnv1a_random"));
        bus.properties["partitioner"] = "random";
        QVERIFY(!KeyPartitioner::fromSettings(bus, error));
        QVERIFY2(QString::fromStdString(error).contains("random"), error.c_str());
        QVERIFY(!KeyPartitioner::named("nonsense"));
    }

    void prometheusTextNamesEveryCounter()
    {
        ActivityProcessorStats s;
        s.healthMessages = 40;
        s.workoutMessages = 3;
        s.userEventMessages = 7;
        s.progressMessages = 12;
        s.goalsReached = 2;
        s.deadLetters = 1;
        s.malformedByReason = {{"not-json", 1}};
        s.usersTracked = 4;
        s.partitions = {0, 1, 2};
        s.lag = 0;
        const QString text = QString::fromStdString(activityPrometheusText(s));
        QVERIFY2(text.contains("# TYPE nexus_activity_messages_consumed_total counter"), qPrintable(text));
        QVERIFY2(text.contains("nexus_activity_messages_consumed_total{topic=\"health-metrics\"} 40"),
                 qPrintable(text));
        QVERIFY(text.contains("nexus_activity_messages_consumed_total{topic=\"user-events\"} 7"));
        QVERIFY(text.contains("nexus_activity_malformed_messages_total{reason=\"not-json\"} 1"));
        QVERIFY(text.contains("\nnexus_activity_progress_messages_total 12"));
        QVERIFY(text.contains("\nnexus_activity_goals_reached_total 2"));
        QVERIFY(text.contains("\nnexus_activity_dead_letters_total 1"));
        QVERIFY(text.contains("# TYPE nexus_activity_users_tracked gauge\nnexus_activity_users_tracked 4"));
        QVERIFY(text.contains("\nnexus_activity_partitions_owned 3"));
    }
};

QTEST_GUILESS_MAIN(TestActivityWiring)
#include "tst_activity_wiring.moc"
