// The health-batch and twin-update codecs: round trips, and rejection of malformed input with a
// reason that names the field.

#include "backend/codec/HealthBatchCodec.h"
#include "backend/codec/TwinUpdateCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace nexus;

class TestHealthCodec : public QObject
{
    Q_OBJECT

    static HealthBatch sampleBatch()
    {
        HealthBatch b;
        b.userId = "u0000042";
        b.deviceId = "d0000042";
        b.sentAtUs = 1'764'000'005'123'456;
        for (int i = 0; i < 5; ++i)
            b.samples.push_back({1'764'000'000'000'000 + i * kUsPerSecond, std::uint16_t(70 + i), std::uint16_t(i)});
        return b;
    }

private slots:
    void roundTrip()
    {
        const HealthBatch in = sampleBatch();
        const std::string json = healthcodec::encode(in);
        HealthBatchDecoder decoder;
        HealthBatch out;
        const DecodeError err = decoder.decode(json, out);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(out, in);
        QVERIFY(json.find("\"schema\":1") != std::string::npos);
    }

    void roundTripOptionalReadings()
    {
        HealthBatch in = sampleBatch();
        in.samples[0].spo2Pct = 94;
        in.samples[1].skinTempCentiC = 3352;
        in.samples[2].skinTempCentiC = 3300; // written as 33, read back exactly
        in.samples[3].workout = true;
        in.rrStartUs = in.samples[0].tsUs;
        in.rrMs = {812, 790, 845};
        const std::string json = healthcodec::encode(in);
        QVERIFY(json.find("\"skin_temp_c\":33.52") != std::string::npos);
        QVERIFY(json.find("\"rr_ms\":[812,790,845]") != std::string::npos);
        HealthBatchDecoder decoder;
        HealthBatch out;
        const DecodeError err = decoder.decode(json, out);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(out, in);

        // A decoder reused for a batch without an RR window must not keep the previous one.
        QVERIFY(decoder.decode(healthcodec::encode(sampleBatch()), out).ok());
        QVERIFY(out.rrMs.empty());
        QCOMPARE(out.rrStartUs, TimestampUs(0));
    }

    void roundTripEscapesIds()
    {
        HealthBatch in = sampleBatch();
        in.userId = "odd \"user\"\\\n\x01";
        HealthBatchDecoder decoder;
        HealthBatch out;
        QVERIFY(decoder.decode(healthcodec::encode(in), out).ok());
        QCOMPARE(out.userId, in.userId);
    }

    void decoderIsReusable()
    {
        HealthBatchDecoder decoder;
        HealthBatch out;
        QVERIFY(!decoder.decode("{", out).ok());
        HealthBatch small = sampleBatch();
        small.samples.resize(1);
        QVERIFY(decoder.decode(healthcodec::encode(small), out).ok());
        QCOMPARE(out.samples.size(), std::size_t(1));
    }

    void unknownFieldsAreIgnored()
    {
        HealthBatchDecoder decoder;
        HealthBatch out;
        const std::string json = R"({"schema":1,"type":"health-batch","user_id":"u1","device_id":"d1","sent_at_us":5,)"
                                 R"("firmware":"2.1","samples":[{"ts_us":1,"hr_bpm":60,"steps":0,"spo2":98}]})";
        QVERIFY(decoder.decode(json, out).ok());
        QCOMPARE(out.samples.at(0).hrBpm, std::uint16_t(60));
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("mentions");
        const QByteArray head = R"({"schema":1,"type":"health-batch","user_id":"u1","device_id":"d1","sent_at_us":5,)";
        QTest::newRow("empty") << QByteArray("") << "not-json" << "";
        QTest::newRow("truncated") << head << "not-json" << "";
        QTest::newRow("trailing garbage") << QByteArray(head + R"("samples":[]} x)") << "not-json" << "";
        QTest::newRow("array document") << QByteArray("[1,2]") << "bad-type" << "object";
        QTest::newRow("schema 2") << QByteArray(R"({"schema":2})") << "unsupported-schema" << "schema 2";
        QTest::newRow("schema string") << QByteArray(R"({"schema":"1"})") << "bad-type" << "schema";
        QTest::newRow("wrong type") << QByteArray(R"({"schema":1,"type":"twin-update"})") << "wrong-type"
                                    << "twin-update";
        QTest::newRow("no user") << QByteArray(R"({"schema":1,"type":"health-batch","device_id":"d","sent_at_us":1,)"
                                               R"("samples":[]})")
                                 << "missing-field" << "user_id";
        QTest::newRow("empty user") << QByteArray(R"({"schema":1,"type":"health-batch","user_id":"","device_id":"d",)"
                                                  R"("sent_at_us":1,"samples":[]})")
                                    << "out-of-range" << "user_id";
        QTest::newRow("user number") << QByteArray(R"({"schema":1,"user_id":7})") << "bad-type" << "user_id";
        QTest::newRow("samples object") << QByteArray(head + R"("samples":{}})") << "bad-type" << "samples";
        QTest::newRow("hr too high") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":400,"steps":0}]})")
                                     << "out-of-range" << "samples[0].hr_bpm = 400";
        QTest::newRow("hr too low") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":5,"steps":0}]})")
                                    << "out-of-range" << "hr_bpm";
        QTest::newRow("hr float") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":60.5,"steps":0}]})")
                                  << "bad-type" << "hr_bpm";
        QTest::newRow("negative steps") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":60,"steps":-1}]})")
                                        << "out-of-range" << "steps";
        QTest::newRow("sample missing hr") << QByteArray(head + R"("samples":[{"ts_us":1,"steps":0}]})")
                                           << "missing-field" << "samples[0].hr_bpm";
        QTest::newRow("unordered") << QByteArray(head + R"("samples":[{"ts_us":2,"hr_bpm":60,"steps":0},)"
                                                        R"({"ts_us":2,"hr_bpm":61,"steps":0}]})")
                                   << "unordered" << "samples[1].ts_us";
        QTest::newRow("spo2 too low") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":60,"steps":0,"spo2_pct":20}]})")
                                      << "out-of-range" << "samples[0].spo2_pct";
        QTest::newRow("skin temp string")
            << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":60,"steps":0,"skin_temp_c":"warm"}]})") << "bad-type"
            << "samples[0].skin_temp_c";
        QTest::newRow("skin temp hot") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":60,"steps":0,"skin_temp_c":50}]})")
                                       << "out-of-range" << "samples[0].skin_temp_c";
        QTest::newRow("workout number") << QByteArray(head + R"("samples":[{"ts_us":1,"hr_bpm":60,"steps":0,"workout":1}]})")
                                        << "bad-type" << "samples[0].workout";
        QTest::newRow("rr too short") << QByteArray(head + R"("samples":[],"rr_start_us":1,"rr_ms":[800,90]})")
                                      << "out-of-range" << "rr_ms[1]";
        QTest::newRow("rr without start") << QByteArray(head + R"("samples":[],"rr_ms":[800]})") << "missing-field"
                                          << "rr_start_us";
    }

    void rejectsMalformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        QFETCH(QString, mentions);
        HealthBatchDecoder decoder;
        HealthBatch out;
        const DecodeError err = decoder.decode(std::string_view(json.constData(), std::size_t(json.size())), out);
        QCOMPARE(QString::fromStdString(err.reason), reason);
        QVERIFY2(QString::fromStdString(err.detail).contains(mentions), err.detail.c_str());
    }

    void schemaFilesMatchTheCodecs()
    {
        // The documented JSON Schemas and the code must not drift apart: each schema's example
        // decodes, and the encoder writes every field the schema requires.
        const QString dir = qEnvironmentVariable("NEXUS_SOURCE_DIR") + "/resources/schemas/";
        const auto load = [&](const char* name) {
            QFile f(dir + name);
            if (!f.open(QIODevice::ReadOnly))
                qFatal("cannot open %s", qPrintable(f.fileName()));
            return QJsonDocument::fromJson(f.readAll()).object();
        };
        const auto requiredOf = [](const QJsonObject& schema) {
            QStringList keys;
            for (const QJsonValue& v : schema.value("required").toArray())
                keys << v.toString();
            return keys;
        };

        const QJsonObject health = load("health-batch.v1.schema.json");
        const QByteArray example = QJsonDocument(health.value("examples").toArray().at(0).toObject()).toJson();
        HealthBatchDecoder decoder;
        HealthBatch batch;
        const DecodeError err = decoder.decode(std::string_view(example.constData(), std::size_t(example.size())), batch);
        QVERIFY2(err.ok(), err.detail.c_str());
        const QJsonObject encoded = QJsonDocument::fromJson(QByteArray::fromStdString(healthcodec::encode(batch))).object();
        for (const QString& key : requiredOf(health))
            QVERIFY2(encoded.contains(key), qPrintable(key));

        const QJsonObject twin = load("twin-update.v2.schema.json");
        const QByteArray twinExample = QJsonDocument(twin.value("examples").toArray().at(0).toObject()).toJson();
        TwinSummary summary;
        QVERIFY(twincodec::decode(std::string_view(twinExample.constData(), std::size_t(twinExample.size())), summary).ok());
        const QJsonObject twinEncoded =
            QJsonDocument::fromJson(QByteArray::fromStdString(twincodec::encode(summary))).object();
        for (const QString& key : requiredOf(twin))
            QVERIFY2(twinEncoded.contains(key), qPrintable(key));
    }

    void twinUpdateRoundTrip()
    {
        // Values chosen to survive the encoder's rounding to 2 decimals exactly.
        TwinSummary t;
        t.userId = "u0000007";
        t.lastHrBpm = 88;
        t.meanHrBpm = 71.25;
        t.sampleCount = 1234;
        t.stepsTotal = 5678;
        t.lastEventUs = 1'764'000'000'000'000;
        t.sourceSentAtUs = 1'764'000'000'500'000;
        t.day = 20416;
        t.loadToday = 12.5;
        t.ctl = 30.25;
        t.atl = 41.75;
        t.tsb = -10.5;
        t.acwrEwma = 1.125;
        t.readiness.add(ContributionInput::Base, 70);
        t.readiness.add(ContributionInput::Recovery, -4.5);
        t.readiness.add(ContributionInput::Form, -2.25);
        t.readiness.finish();
        t.recovery.add(ContributionInput::Base, 70);
        t.recovery.add(ContributionInput::SleepDuration, -4.5);
        t.recovery.finish();
        t.energy.add(ContributionInput::Base, 55);
        t.energy.add(ContributionInput::Stress, -0.25);
        t.energy.finish();
        TwinSummary out;
        const std::string json = twincodec::encode(t);
        QVERIFY(twincodec::decode(json, out).ok());
        QCOMPARE(out, t);
        QVERIFY(json.find("\"day\":\"2025-11-24\"") != std::string::npos);
        QVERIFY(json.find("\"form\":-2.25") != std::string::npos);
        t.acwrEwma = kNoValue; // no ratio yet: null, and back to NaN
        QVERIFY(twincodec::decode(twincodec::encode(t), out).ok());
        QCOMPARE(out, t);
        QVERIFY(twincodec::encode(t).find("\"acwr_ewma\":null") != std::string::npos);
        QVERIFY(!twincodec::decode(R"({"schema":2,"type":"twin-update"})", out).ok());
        QVERIFY(!twincodec::decode(R"({"schema":1,"type":"twin-update"})", out).ok());
    }
};

QTEST_GUILESS_MAIN(TestHealthCodec)
#include "tst_health_codec.moc"
