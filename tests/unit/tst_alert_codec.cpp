// The alert codec: round trips of every state, and rejection of malformed alerts with a reason
// that names the problem.

#include "backend/codec/AlertCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace nexus;

// QTest prints these in failure messages (it frees what toString returns).
namespace nexus {
char* toString(AlertSeverity v)
{
    return qstrdup(nameOf(v));
}
char* toString(AlertState v)
{
    return qstrdup(nameOf(v));
}
char* toString(AlertCategory v)
{
    return qstrdup(nameOf(v));
}
} // namespace nexus

namespace {

AlertEvent sampleAlert(AlertState state)
{
    AlertEvent a;
    a.userId = "u0000042";
    a.detector = std::string(detector::kTachycardiaAtRest);
    a.category = AlertCategory::Health;
    a.severity = AlertSeverity::Critical;
    a.state = state;
    a.startUs = 1'764'000'000'000'000;
    a.alertId = a.detector + ":" + a.userId + ":" + std::to_string(a.startUs);
    a.tsUs = a.startUs + 600'000'000;
    a.endUs = state == AlertState::Closed ? a.startUs + 540'000'000 : 0;
    a.message = "HR 128 bpm at rest for 12 min \"quoted\"";
    a.value = 128.0;
    a.unit = "bpm";
    for (int i = 0; i < 5; ++i)
        a.evidence.push_back({a.startUs + i * 60'000'000LL, 120.0 + i + 0.125});
    a.sourceSentAtUs = 1'764'000'900'123'456;
    return a;
}

QJsonObject toObject(const AlertEvent& a)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(alertcodec::encode(a))).object();
}

std::string fromObject(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

class TestAlertCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<int>("state");
        QTest::newRow("open") << int(AlertState::Open);
        QTest::newRow("update") << int(AlertState::Update);
        QTest::newRow("closed") << int(AlertState::Closed);
    }

    void roundTrip()
    {
        QFETCH(int, state);
        const AlertEvent in = sampleAlert(AlertState(state));
        const std::string json = alertcodec::encode(in);
        AlertDecoder decoder;
        AlertEvent out;
        const DecodeError err = decoder.decode(json, out);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(out, in);
        QCOMPARE(json.find("\"end_us\"") != std::string::npos, AlertState(state) == AlertState::Closed);
        // Any JSON reader sees the documented field names and values.
        const QJsonObject o = toObject(in);
        QCOMPARE(o["schema"].toInt(), 1);
        QCOMPARE(o["type"].toString(), QString("alert"));
        QCOMPARE(o["category"].toString(), QString("health"));
        QCOMPARE(o["severity"].toString(), QString("critical"));
        QCOMPARE(o["state"].toString(), QString(nameOf(AlertState(state))));
        QCOMPARE(o["evidence"].toArray().size(), 5);
        QCOMPARE(o["evidence"].toArray()[1].toObject()["value"].toDouble(), 121.125);
    }

    void roundTripSensorAlertWithoutEvidence()
    {
        AlertEvent in = sampleAlert(AlertState::Closed);
        in.detector = std::string(detector::kSensorDropout);
        in.category = AlertCategory::Sensor;
        in.severity = AlertSeverity::Info;
        in.unit = "min";
        in.value = 41.5;
        in.evidence.clear();
        AlertDecoder decoder;
        AlertEvent out;
        QVERIFY(decoder.decode(alertcodec::encode(in), out).ok());
        QCOMPARE(out, in);
        // A reused decoder does not keep the previous alert's end_us.
        QVERIFY(decoder.decode(alertcodec::encode(sampleAlert(AlertState::Open)), out).ok());
        QCOMPARE(out.endUs, TimestampUs(0));
        QCOMPARE(out, sampleAlert(AlertState::Open));
    }

    void rejectsBadAlerts_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("detailPart");

        const QJsonObject good = toObject(sampleAlert(AlertState::Open));
        const QJsonObject closed = toObject(sampleAlert(AlertState::Closed));
        const auto with = [](QJsonObject o, const char* key, const QJsonValue& v) {
            o[key] = v;
            return QString::fromStdString(fromObject(o));
        };
        const auto without = [](QJsonObject o, const char* key) {
            o.remove(key);
            return QString::fromStdString(fromObject(o));
        };
        QJsonArray many;
        for (int i = 0; i < 33; ++i)
            many.append(QJsonObject{{"ts_us", 1}, {"value", 2}});

        QTest::newRow("not json") << QString("{\"schema\":1,") << "not-json"
                                  << "";
        QTest::newRow("array") << QString("[1,2]") << "bad-type"
                               << "object";
        QTest::newRow("schema 2") << with(good, "schema", 2) << "unsupported-schema"
                                  << "schema 2";
        QTest::newRow("wrong type") << with(good, "type", "health-batch") << "wrong-type"
                                    << "health-batch";
        QTest::newRow("missing user") << without(good, "user_id") << "missing-field"
                                      << "user_id";
        QTest::newRow("missing evidence") << without(good, "evidence") << "missing-field"
                                          << "evidence";
        QTest::newRow("empty user") << with(good, "user_id", "") << "out-of-range"
                                    << "user_id";
        QTest::newRow("ts as string") << with(good, "ts_us", "soon") << "bad-type"
                                      << "ts_us";
        QTest::newRow("unknown detector") << with(good, "detector", "vibes") << "out-of-range"
                                          << "vibes";
        QTest::newRow("category mismatch") << with(good, "category", "sensor") << "inconsistent"
                                           << "category";
        QTest::newRow("unknown severity") << with(good, "severity", "panic") << "out-of-range"
                                          << "severity";
        QTest::newRow("unknown state") << with(good, "state", "reopened") << "out-of-range"
                                       << "state";
        QTest::newRow("closed without end") << without(closed, "end_us") << "missing-field"
                                            << "end_us";
        QTest::newRow("open with end") << with(good, "end_us", 1) << "inconsistent"
                                       << "end_us";
        QTest::newRow("ts before start") << with(good, "ts_us", 5) << "unordered"
                                         << "ts_us";
        QTest::newRow("end before start") << with(closed, "end_us", 5) << "unordered"
                                          << "end_us";
        QTest::newRow("too much evidence") << with(good, "evidence", many) << "out-of-range"
                                           << "32";
        QTest::newRow("evidence without value")
            << with(good, "evidence", QJsonArray{QJsonObject{{"ts_us", 1}}}) << "missing-field"
            << "evidence[0].value";
        QTest::newRow("value not a number") << with(good, "value", "high") << "bad-type"
                                            << "value";
        QTest::newRow("message empty") << with(good, "message", "") << "out-of-range"
                                       << "message";
    }

    void rejectsBadAlerts()
    {
        QFETCH(QString, json);
        QFETCH(QString, reason);
        QFETCH(QString, detailPart);
        AlertDecoder decoder;
        AlertEvent out;
        const DecodeError err = decoder.decode(json.toStdString(), out);
        QCOMPARE(QString::fromStdString(err.reason), reason);
        QVERIFY2(QString::fromStdString(err.detail).contains(detailPart), err.detail.c_str());
    }

    void knownDetectorsHaveCategories()
    {
        int sensor = 0;
        for (std::string_view id : detector::kAll) {
            QVERIFY(detector::categoryOf(id).has_value());
            sensor += *detector::categoryOf(id) == AlertCategory::Sensor;
        }
        QCOMPARE(sensor, 3);
        QVERIFY(!detector::categoryOf("tachycardia").has_value());
    }
};

QTEST_GUILESS_MAIN(TestAlertCodec)
#include "tst_alert_codec.moc"
