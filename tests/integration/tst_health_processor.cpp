// The health processor against the embedded cluster: known batches in, the right twin update
// out on twin-updates; malformed messages counted by reason and skipped without stopping it.

#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/codec/HealthBatchCodec.h"
#include "backend/codec/TwinUpdateCodec.h"
#include "backend/processing/HealthProcessor.h"
#include "models/events/Topics.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'764'000'000'000'000; // a multiple of 10 s

HealthBatch batchOf(const std::string& user, TimestampUs start, std::vector<int> hrs)
{
    HealthBatch b;
    b.userId = user;
    b.deviceId = "d-" + user;
    b.sentAtUs = wallClockUs();
    for (std::size_t i = 0; i < hrs.size(); ++i)
        b.samples.push_back({start + TimestampUs(i) * kUsPerSecond, std::uint16_t(hrs[i]), 1});
    return b;
}
/// Five readings a minute apart from `startMinute` after kT0.
HealthBatch minutesOf(const std::string& user, int startMinute, int hr)
{
    HealthBatch b = batchOf(user, 0, {});
    for (int m = startMinute; m < startMinute + 5; ++m)
        b.samples.push_back({kT0 + TimestampUs(m) * 60 * kUsPerSecond, std::uint16_t(hr), 0});
    return b;
}

/// The JSON of every message on `topic` until `expected` were read (or 20 s passed).
std::vector<QJsonObject> readTopic(const BusSettings& bus, std::string_view topic, std::size_t expected)
{
    std::string error;
    auto consumer = KafkaConsumer::create(bus, "tst-reader-" + std::string(topic), error);
    std::vector<QJsonObject> read;
    if (!consumer || !consumer->subscribe({std::string(topic)}, error))
        return read;
    std::vector<KafkaMessagePtr> batch;
    QElapsedTimer clock;
    clock.start();
    while (read.size() < expected && clock.elapsed() < 20000) {
        consumer->consumeBatch(batch, 100, 100);
        for (const KafkaMessagePtr& m : batch)
            if (!m->err)
                read.push_back(QJsonDocument::fromJson(QByteArray(static_cast<const char*>(m->payload), int(m->len)))
                                   .object());
    }
    consumer->close();
    return read;
}
} // namespace

class TestHealthProcessor : public QObject
{
    Q_OBJECT
private slots:
    void knownInputGivesKnownTwinAndCountsMalformed()
    {
        std::string error;
        auto cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(cluster, error.c_str());
        BusSettings bus{cluster->bootstrap(), {}, true};

        ProcessorOptions options;
        options.groupId = "tst-processor";
        options.mostActiveCount = 10;
        HealthProcessor processor(bus, options);
        QVERIFY2(processor.start(error), error.c_str());

        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        // alice: 30 samples, HR 60 + i at t0 + i s (i = 1..30), one step each, in six uploads with a
        // malformed message between them. Any twin update after n samples must then hold
        // last HR 60 + n, mean 60 + (n + 1)/2, n steps and event time t0 + n s.
        const auto send = [&](const HealthBatch& b) {
            QVERIFY(producer->produce(topics::kHealthMetrics, b.userId, healthcodec::encode(b)));
        };
        for (int upload = 0; upload < 6; ++upload) {
            std::vector<int> hrs;
            for (int i = upload * 5 + 1; i <= upload * 5 + 5; ++i)
                hrs.push_back(60 + i);
            send(batchOf("alice", kT0 + (upload * 5 + 1) * kUsPerSecond, hrs));
            if (upload == 2)
                QVERIFY(producer->produce(topics::kHealthMetrics, "alice", "{not json"));
        }
        HealthBatch bad = batchOf("bob", kT0, {400});
        QVERIFY(producer->produce(topics::kHealthMetrics, "bob", healthcodec::encode(bad)));
        send(batchOf("bob", kT0 + kUsPerSecond, {55, 57}));
        QVERIFY(producer->flush(5000));

        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().batches == 7 && processor.stats().malformed == 2, 30000);
        // Let the shared part (twins, histogram) refresh, then check it.
        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().usersTracked == 2, 5000);
        const ProcessorStats s = processor.stats();
        QCOMPARE(s.samples, std::uint64_t(32));
        QCOMPARE(s.malformedByReason.at("not-json"), std::uint64_t(1));
        QCOMPARE(s.malformedByReason.at("out-of-range"), std::uint64_t(1));
        QCOMPARE(s.endToEnd.count(), std::uint64_t(7));
        QCOMPARE(s.mostActive.front().userId, std::string("alice"));
        QCOMPARE(s.mostActive.front().stepsTotal, std::uint64_t(30));
        // The 29 s from alice's first sample to her last cross two or three of her 10 s boundaries.
        QVERIFY2(s.twinUpdates >= 2 && s.twinUpdates <= 3, QByteArray::number(qulonglong(s.twinUpdates)));

        // The updates on twin-updates, read back through another consumer.
        auto consumer = KafkaConsumer::create(bus, "tst-processor-reader", error);
        QVERIFY2(consumer, error.c_str());
        QVERIFY(consumer->subscribe({std::string(topics::kTwinUpdates)}, error));
        std::vector<KafkaMessagePtr> batch;
        std::uint64_t received = 0;
        QElapsedTimer clock;
        clock.start();
        while (received < s.twinUpdates && clock.elapsed() < 20000) {
            consumer->consumeBatch(batch, 100, 100);
            for (const KafkaMessagePtr& m : batch) {
                if (m->err)
                    continue;
                QCOMPARE(std::string(static_cast<const char*>(m->key), m->key_len), std::string("alice"));
                TwinSummary twin;
                const DecodeError err = twincodec::decode({static_cast<const char*>(m->payload), m->len}, twin);
                QVERIFY2(err.ok(), err.detail.c_str());
                const auto n = std::int64_t(twin.sampleCount);
                QVERIFY(n >= 1 && n <= 30);
                QCOMPARE(twin.userId, std::string("alice"));
                QCOMPARE(int(twin.lastHrBpm), int(60 + n));
                QCOMPARE(twin.meanHrBpm, 60.0 + double(n + 1) / 2.0);
                QCOMPARE(twin.stepsTotal, std::uint64_t(n));
                QCOMPARE(twin.lastEventUs, kT0 + n * kUsPerSecond);
                // The twin engine's view of the day came along (HR 61–90 is below the training
                // threshold: no load yet, but the scores and their reasons are there).
                QCOMPARE(twin.day, dayOf(twin.lastEventUs));
                QVERIFY(twin.sourceSentAtUs > 0 && twin.sourceSentAtUs <= wallClockUs()); // the triggering upload's
                QCOMPARE(twin.loadToday, 0.0);
                QVERIFY(twin.readiness.has(ContributionInput::Base));
                QVERIFY(twin.energy.has(ContributionInput::WakingHours));
                QVERIFY(twin.energy.value > 0.0f && twin.energy.value <= 100.0f);
                ++received;
            }
        }
        QCOMPARE(received, s.twinUpdates);
        consumer->close();
        processor.stop();
    }

    void lateUploadsCountAndTooLateOnesAreDeadLettered()
    {
        std::string error;
        auto cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(cluster, error.c_str());
        BusSettings bus{cluster->bootstrap(), {}, true};
        ProcessorOptions options;
        options.groupId = "tst-lateness";
        options.allowedLatenessUs = 30 * 60 * kUsPerSecond;
        HealthProcessor processor(bus, options);
        QVERIFY2(processor.start(error), error.c_str());
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());

        // Minutes 0–4 and 60–64 in order; 40–44 arrive 20 min behind the newest (counted), 10–14
        // 50 min behind (too late), and 60–64 again (a duplicate).
        const HealthBatch tooLate = minutesOf("carol", 10, 70);
        const std::string tooLateBytes = healthcodec::encode(tooLate);
        for (const std::string& bytes : {healthcodec::encode(minutesOf("carol", 0, 70)),
                                         healthcodec::encode(minutesOf("carol", 60, 70)),
                                         healthcodec::encode(minutesOf("carol", 40, 70)), tooLateBytes,
                                         healthcodec::encode(minutesOf("carol", 60, 70))})
            QVERIFY(producer->produce(topics::kHealthMetrics, "carol", bytes));
        QVERIFY(producer->flush(5000));

        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().batches == 5, 30000);
        const ProcessorStats s = processor.stats();
        QCOMPARE(s.samples, std::uint64_t(15));
        QCOMPARE(s.lateSamples, std::uint64_t(5));
        QCOMPARE(s.tooLateSamples, std::uint64_t(5));
        QCOMPARE(s.tooLateMessages, std::uint64_t(1));
        QCOMPARE(s.duplicateSamples, std::uint64_t(5));
        QCOMPARE(s.deadLetters, std::uint64_t(1));

        const std::vector<QJsonObject> letters = readTopic(bus, topics::kDeadLetters, 1);
        QCOMPARE(letters.size(), std::size_t(1));
        QCOMPARE(letters[0]["reason"].toString(), QString("late"));
        QCOMPARE(letters[0]["key"].toString(), QString("carol"));
        QVERIFY2(letters[0]["detail"].toString().contains("50 min older"), qPrintable(letters[0]["detail"].toString()));
        QCOMPARE(QByteArray::fromBase64(letters[0]["payload_base64"].toString().toLatin1()),
                 QByteArray::fromStdString(tooLateBytes));
        processor.stop();
    }

    void messagesDroppedByTheBusAreCountedLost()
    {
        // Regression: messages the embedded cluster dropped before the processor first read a
        // partition were not counted (the first message read armed the gap check). ~9 MiB into one
        // partition, more than the ~5 MiB the mock cluster keeps, before the processor starts.
        std::string error;
        auto cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(cluster, error.c_str());
        BusSettings bus{cluster->bootstrap(), {}, true};
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        constexpr int kMessages = 600;
        for (int i = 0; i < kMessages; ++i) {
            std::vector<int> hrs(300, 70); // ~15 KB per message
            HealthBatch b = batchOf("heavy", kT0 + TimestampUs(i) * 300 * kUsPerSecond, hrs);
            QVERIFY(producer->produce(topics::kHealthMetrics, b.userId, healthcodec::encode(b)));
        }
        QVERIFY(producer->flush(10000));
        QCOMPARE(producer->delivered(), std::uint64_t(kMessages));

        ProcessorOptions options;
        options.groupId = "tst-processor-lost";
        options.mostActiveCount = 10;
        options.topicsStartEmpty = true; // as the runtime sets it for the cluster it created
        HealthProcessor processor(bus, options);
        QVERIFY2(processor.start(error), error.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().batches + processor.stats().lostMessages == kMessages, 30000);
        const ProcessorStats s = processor.stats();
        QVERIFY2(s.lostMessages > 100, QByteArray::number(qulonglong(s.lostMessages)));
        QVERIFY2(s.batches > 100, QByteArray::number(qulonglong(s.batches)));
        processor.stop();
    }
};

QTEST_GUILESS_MAIN(TestHealthProcessor)
#include "tst_health_processor.moc"
