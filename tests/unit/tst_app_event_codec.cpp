// The app-event codecs of workout-data, user-events, social-events and ai-interactions: round
// trips, rejection of malformed input with a reason that names the field, and agreement with the
// JSON Schemas in resources/schemas/.

#include "backend/codec/AppEventCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace nexus;

namespace {

constexpr TimestampUs kT0 = 1'764'000'000'000'000;

WorkoutEvent workout(WorkoutEvent::Phase phase)
{
    WorkoutEvent e;
    e.phase = phase;
    e.userId = "u0000042";
    e.deviceId = "d0000042";
    e.workoutId = "d0000042-1764000000";
    e.sport = "run";
    e.tsUs = phase == WorkoutEvent::Phase::Start ? kT0 : kT0 + 1920 * kUsPerSecond;
    e.sentAtUs = e.tsUs + 412000;
    if (phase == WorkoutEvent::Phase::Summary) {
        e.startUs = kT0;
        e.durationS = 1800;
        e.avgHrBpm = 148;
        e.maxHrBpm = 171;
        e.steps = 5200;
        e.trimp = 62.25; // exact in binary and in 2 decimals: survives the round trip unchanged
    }
    return e;
}

UserEvent userEvent(UserEvent::Kind kind)
{
    UserEvent e;
    e.kind = kind;
    e.userId = "u0000042";
    e.tsUs = kT0 - 3600 * kUsPerSecond;
    e.sentAtUs = e.tsUs + 250000;
    if (kind != UserEvent::Kind::GoalSet) {
        e.profile.sex = kind == UserEvent::Kind::SignUp ? Sex::Female : Sex::Male;
        e.profile.ageYears = 34.5f;
        e.profile.hrRestBpm = 52.0f;
        if (kind == UserEvent::Kind::SignUp) { // profile-change leaves the optional values unknown
            e.profile.hrMaxBpm = 186.0f;
            e.profile.weightKg = 61.5f;
        }
    }
    if (kind == UserEvent::Kind::SignUp)
        e.timeZone = "UTC-03:30";
    if (kind == UserEvent::Kind::GoalSet) {
        e.goal = UserEvent::Goal::WeeklyTrimp;
        e.goalTarget = 450.5;
    }
    return e;
}

SocialEvent socialEvent(SocialEvent::Kind kind)
{
    SocialEvent e;
    e.kind = kind;
    e.userId = "u0000042";
    e.tsUs = kT0 + 300 * kUsPerSecond;
    e.sentAtUs = e.tsUs + 150000;
    if (kind == SocialEvent::Kind::JoinChallenge)
        e.challengeId = "ch-2025-12-steps";
    else
        e.targetUserId = "u0000043";
    return e;
}

AiInteraction question()
{
    AiInteraction e;
    e.userId = "u0000042";
    e.conversationId = "c-u0000042-17";
    e.tsUs = kT0 + 3600 * kUsPerSecond;
    e.sentAtUs = e.tsUs + 230000;
    e.question = "Why is my HRV \"low\"?\n\tJust tired\\sore — Ana \xF0\x9F\x99\x82"; // escapes and 4-byte UTF-8
    return e;
}

/// Every event the codec writes, one of each JSON type, paired with its topic.
struct Sample
{
    QByteArray topic;
    std::string json;
};

QList<Sample> oneOfEachType()
{
    QList<Sample> all;
    for (auto p : {WorkoutEvent::Phase::Start, WorkoutEvent::Phase::Stop, WorkoutEvent::Phase::Summary})
        all.append({"workout-data", appcodec::encode(workout(p))});
    for (auto k : {UserEvent::Kind::SignUp, UserEvent::Kind::ProfileChange, UserEvent::Kind::GoalSet})
        all.append({"user-events", appcodec::encode(userEvent(k))});
    for (auto k : {SocialEvent::Kind::Follow, SocialEvent::Kind::JoinChallenge, SocialEvent::Kind::PartnerRequest})
        all.append({"social-events", appcodec::encode(socialEvent(k))});
    all.append({"ai-interactions", appcodec::encode(question())});
    return all;
}

/// Decodes `json` with the decoder of `topic` and, when it succeeds, re-encodes into `reencoded`.
DecodeError decodeAs(AppEventDecoder& decoder, const QByteArray& topic, std::string_view json,
                     std::string* reencoded = nullptr)
{
    const auto run = [&](auto event) {
        DecodeError err = decoder.decode(json, event);
        if (err.ok() && reencoded)
            *reencoded = appcodec::encode(event);
        return err;
    };
    if (topic == "workout-data")
        return run(WorkoutEvent{});
    if (topic == "user-events")
        return run(UserEvent{});
    if (topic == "social-events")
        return run(SocialEvent{});
    if (topic == "ai-interactions")
        return run(AiInteraction{});
    qFatal("no decoder for topic %s", topic.constData());
}

std::string_view view(const QByteArray& bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QJsonObject parseObject(std::string_view json)
{
    return QJsonDocument::fromJson(QByteArray(json.data(), qsizetype(json.size()))).object();
}

} // namespace

class TestAppEventCodec : public QObject
{
    Q_OBJECT

    template <typename Event> void checkRoundTrip(const Event& in)
    {
        const std::string json = appcodec::encode(in);
        AppEventDecoder decoder;
        Event out;
        const DecodeError err = decoder.decode(json, out);
        QVERIFY2(err.ok(), (err.reason + ": " + err.detail + " in " + json).c_str());
        QVERIFY2(out == in, json.c_str());
        QCOMPARE(appcodec::encode(out), json);
        QVERIFY(json.rfind("{\"schema\":1,\"type\":", 0) == 0);
    }

private slots:
    void roundTripWorkout()
    {
        for (auto p : {WorkoutEvent::Phase::Start, WorkoutEvent::Phase::Stop, WorkoutEvent::Phase::Summary}) {
            checkRoundTrip(workout(p));
            if (QTest::currentTestFailed())
                return;
        }
        const std::string json = appcodec::encode(workout(WorkoutEvent::Phase::Summary));
        QVERIFY2(json.find("\"type\":\"workout-summary\"") != std::string::npos, json.c_str());
        QVERIFY2(json.find("\"trimp\":62.25}") != std::string::npos, json.c_str());
        // Start and stop carry no totals, even if the struct holds some.
        WorkoutEvent start = workout(WorkoutEvent::Phase::Summary);
        start.phase = WorkoutEvent::Phase::Start;
        QVERIFY(appcodec::encode(start).find("duration_s") == std::string::npos);
    }

    void roundTripUserEvents()
    {
        for (auto k : {UserEvent::Kind::SignUp, UserEvent::Kind::ProfileChange, UserEvent::Kind::GoalSet}) {
            checkRoundTrip(userEvent(k));
            if (QTest::currentTestFailed())
                return;
        }
        const std::string signUp = appcodec::encode(userEvent(UserEvent::Kind::SignUp));
        QVERIFY2(signUp.find(R"("profile":{"sex":"female","age_years":34.5,"hr_rest_bpm":52,"hr_max_bpm":186,)"
                             R"("weight_kg":61.5},"time_zone":"UTC-03:30"})") != std::string::npos,
                 signUp.c_str());
        // Unknown HRmax and weight (0) are left out, and come back as 0.
        const std::string change = appcodec::encode(userEvent(UserEvent::Kind::ProfileChange));
        QVERIFY2(change.find("hr_max_bpm") == std::string::npos && change.find("weight_kg") == std::string::npos,
                 change.c_str());
        const std::string goal = appcodec::encode(userEvent(UserEvent::Kind::GoalSet));
        QVERIFY2(goal.find(R"("goal":"weekly_trimp","target":450.5})") != std::string::npos, goal.c_str());
        QVERIFY(goal.find("profile") == std::string::npos);
    }

    void roundTripSocialEvents()
    {
        for (auto k :
             {SocialEvent::Kind::Follow, SocialEvent::Kind::JoinChallenge, SocialEvent::Kind::PartnerRequest}) {
            checkRoundTrip(socialEvent(k));
            if (QTest::currentTestFailed())
                return;
        }
        const std::string join = appcodec::encode(socialEvent(SocialEvent::Kind::JoinChallenge));
        QVERIFY2(join.find(R"("challenge_id":"ch-2025-12-steps"})") != std::string::npos, join.c_str());
    }

    void roundTripQuestion()
    {
        checkRoundTrip(question());
        const std::string json = appcodec::encode(question());
        QVERIFY2(json.find(R"(\"low\"?\n\tJust tired\\sore)") != std::string::npos, json.c_str());
    }

    void roundTripIsByteExactForAnyDouble()
    {
        // Values that do not fit the wire's decimals change once, on the first encode, and then
        // stay: encode(decode(encode(x))) == encode(x).
        WorkoutEvent w = workout(WorkoutEvent::Phase::Summary);
        UserEvent u = userEvent(UserEvent::Kind::SignUp);
        UserEvent g = userEvent(UserEvent::Kind::GoalSet);
        AppEventDecoder decoder;
        for (int i = 0; i < 2000; ++i) {
            w.trimp = 0.1 + i * 0.7131;
            u.profile.ageYears = 10.0f + float(i) * 0.0499f;
            u.profile.hrRestBpm = 30.0f + float(i) * 0.0333f;
            u.profile.weightKg = 25.0f + float(i) * 0.1371f;
            g.goalTarget = 1.0 + i * 2.4567;
            const std::string wj = appcodec::encode(w);
            const std::string uj = appcodec::encode(u);
            const std::string gj = appcodec::encode(g);
            WorkoutEvent w2;
            UserEvent u2;
            UserEvent g2;
            QVERIFY2(decoder.decode(wj, w2).ok(), wj.c_str());
            QVERIFY2(decoder.decode(uj, u2).ok(), uj.c_str());
            QVERIFY2(decoder.decode(gj, g2).ok(), gj.c_str());
            QCOMPARE(appcodec::encode(w2), wj);
            QCOMPARE(appcodec::encode(u2), uj);
            QCOMPARE(appcodec::encode(g2), gj);
        }
        w.trimp = 62.125; // a tie, written with 2 decimals: whichever way it rounds, it then stays
        WorkoutEvent w3;
        QVERIFY(decoder.decode(appcodec::encode(w), w3).ok());
        QVERIFY(w3.trimp == 62.12 || w3.trimp == 62.13);
    }

    void decoderIsReusable()
    {
        AppEventDecoder decoder;
        WorkoutEvent out;
        QVERIFY(!decoder.decode("{", out).ok());
        QVERIFY(decoder.decode(appcodec::encode(workout(WorkoutEvent::Phase::Summary)), out).ok());
        QCOMPARE(out.durationS, 1800);
        // A later start must not keep the previous summary's totals.
        QVERIFY(decoder.decode(appcodec::encode(workout(WorkoutEvent::Phase::Start)), out).ok());
        QVERIFY(out == workout(WorkoutEvent::Phase::Start));
        // Nor a goal the profile of a previous sign-up.
        UserEvent user;
        QVERIFY(decoder.decode(appcodec::encode(userEvent(UserEvent::Kind::SignUp)), user).ok());
        QVERIFY(decoder.decode(appcodec::encode(userEvent(UserEvent::Kind::GoalSet)), user).ok());
        QVERIFY(user == userEvent(UserEvent::Kind::GoalSet));
    }

    void unknownFieldsAreIgnored()
    {
        AppEventDecoder decoder;
        WorkoutEvent w;
        const std::string start = R"({"firmware":"2.1","schema":1,"type":"workout-start","user_id":"u1","ts_us":7,)"
                                  R"("sent_at_us":9,"device_id":"d1","workout_id":"w1","sport":"swim",)"
                                  R"("gps":{"lat":52.5,"lon":13.4},"laps":[1,2,3],"duration_s":"n/a"})";
        const DecodeError err = decoder.decode(start, w);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(w.sport, std::string("swim"));
        QCOMPARE(w.durationS, 0); // a summary field on a start is just another unknown field
        UserEvent u;
        std::string signUp = appcodec::encode(userEvent(UserEvent::Kind::SignUp));
        signUp.insert(signUp.find("\"sex\""), R"("vo2max":51.5,"units":"metric",)");
        signUp.insert(signUp.size() - 1, R"(,"locale":"de-DE","marketing_opt_in":false)");
        QVERIFY2(decoder.decode(signUp, u).ok(), signUp.c_str());
        QVERIFY(u == userEvent(UserEvent::Kind::SignUp));
        AiInteraction q;
        std::string ask = appcodec::encode(question());
        ask.insert(1, R"("question_id":"q-1","attachments":[],)");
        QVERIFY2(decoder.decode(ask, q).ok(), ask.c_str());
        QVERIFY(q == question());
    }

    void wrongTopicIsRejected()
    {
        // Exactly one of the four decoders accepts each type; the others name the right topic.
        const QList<QByteArray> topicNames = {"workout-data", "user-events", "social-events", "ai-interactions"};
        AppEventDecoder decoder;
        for (const Sample& sample : oneOfEachType()) {
            const QString type = parseObject(sample.json).value("type").toString();
            QCOMPARE(QByteArray(appcodec::topicOfType(type.toStdString()).data()), sample.topic);
            for (const QByteArray& topic : topicNames) {
                const DecodeError err = decodeAs(decoder, topic, sample.json);
                if (topic == sample.topic) {
                    QVERIFY2(err.ok(), (err.reason + ": " + err.detail).c_str());
                } else {
                    QCOMPARE(QString::fromStdString(err.reason), QString("wrong-type"));
                    QVERIFY2(QString::fromStdString(err.detail).contains(sample.topic), err.detail.c_str());
                }
            }
        }
        QCOMPARE(appcodec::topicOfType("health-batch"), std::string_view("health-metrics"));
        QVERIFY(appcodec::topicOfType("workout-pause").empty());
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("topic");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("mentions");

        const QByteArray w = "workout-data";
        const QByteArray wHead = R"({"schema":1,"type":"workout-summary","user_id":"u1","ts_us":3600000000,)"
                                 R"("sent_at_us":5,"device_id":"d1","workout_id":"w1","sport":"run")";
        const auto summary = [&](const char* start, const char* dur, const char* avg, const char* max,
                                 const char* steps, const char* trimp) {
            return wHead + ",\"start_us\":" + start + ",\"duration_s\":" + dur + ",\"avg_hr_bpm\":" + avg +
                   ",\"max_hr_bpm\":" + max + ",\"steps\":" + steps + ",\"trimp\":" + trimp + "}";
        };
        const auto workoutWith = [](const char* fields) {
            return QByteArray(R"({"schema":1,"type":"workout-start",)") + fields + "}";
        };
        QTest::newRow("empty") << w << QByteArray("") << "not-json"
                               << "";
        QTest::newRow("truncated") << w << wHead << "not-json"
                                   << "";
        QTest::newRow("trailing garbage")
            << w << QByteArray(summary("0", "1800", "140", "170", "0", "1") + " x") << "not-json"
            << "";
        QTest::newRow("array document") << w << QByteArray("[1,2]") << "bad-type"
                                        << "object";
        QTest::newRow("schema 2") << w << QByteArray(R"({"schema":2,"type":"workout-start"})") << "unsupported-schema"
                                  << "schema 2";
        QTest::newRow("schema string") << w << QByteArray(R"({"schema":"1"})") << "bad-type"
                                       << "schema";
        QTest::newRow("no schema") << w << QByteArray(R"({"type":"workout-start"})") << "missing-field"
                                   << "schema";
        QTest::newRow("no type") << w << QByteArray(R"({"schema":1,"user_id":"u1"})") << "missing-field"
                                 << "type";
        QTest::newRow("type number") << w << QByteArray(R"({"schema":1,"type":3})") << "bad-type"
                                     << "type";
        QTest::newRow("unknown type") << w << QByteArray(R"({"schema":1,"type":"workout-pause"})") << "wrong-type"
                                      << "unknown";
        QTest::newRow("health batch") << w << QByteArray(R"({"schema":1,"type":"health-batch"})") << "wrong-type"
                                      << "health-metrics";
        QTest::newRow("no user") << w << workoutWith(R"("ts_us":1,"sent_at_us":1,"device_id":"d","workout_id":"w")")
                                 << "missing-field"
                                 << "user_id";
        QTest::newRow("empty user") << w << workoutWith(R"("user_id":"")") << "out-of-range"
                                    << "user_id";
        QTest::newRow("user too long") << w << workoutWith(("\"user_id\":\"" + std::string(129, 'u') + "\"").c_str())
                                       << "out-of-range"
                                       << "1..128";
        QTest::newRow("user number") << w << workoutWith(R"("user_id":42)") << "bad-type"
                                     << "user_id";
        QTest::newRow("ts string") << w << workoutWith(R"("user_id":"u","ts_us":"7")") << "bad-type"
                                   << "ts_us";
        QTest::newRow("ts float") << w << workoutWith(R"("user_id":"u","ts_us":7.5)") << "bad-type"
                                  << "ts_us";
        QTest::newRow("ts beyond int64") << w << workoutWith(R"("user_id":"u","ts_us":9223372036854775808)")
                                         << "bad-type"
                                         << "ts_us";
        QTest::newRow("no sent_at") << w << workoutWith(R"("user_id":"u","ts_us":7)") << "missing-field"
                                    << "sent_at_us";
        QTest::newRow("no workout id") << w << workoutWith(R"("user_id":"u","ts_us":7,"sent_at_us":8,"device_id":"d")")
                                       << "missing-field"
                                       << "workout_id";
        QTest::newRow("sport uppercase")
            << w
            << workoutWith(R"("user_id":"u","ts_us":7,"sent_at_us":8,"device_id":"d","workout_id":"w","sport":"Run")")
            << "bad-value"
            << "sport 'Run'";
        QTest::newRow("sport too long") << w
                                        << workoutWith(
                                               R"("user_id":"u","ts_us":7,"sent_at_us":8,"device_id":"d",)"
                                               R"("workout_id":"w","sport":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")")
                                        << "out-of-range"
                                        << "sport";
        QTest::newRow("summary without trimp") << w
                                               << QByteArray(wHead + R"(,"start_us":0,"duration_s":1800,)"
                                                                     R"("avg_hr_bpm":140,"max_hr_bpm":170,"steps":0})")
                                               << "missing-field"
                                               << "trimp";
        QTest::newRow("duration 0") << w << summary("0", "0", "140", "170", "0", "1") << "out-of-range"
                                    << "duration_s = 0";
        QTest::newRow("duration 25 h") << w << summary("0", "90000", "140", "170", "0", "1") << "out-of-range"
                                       << "duration_s";
        QTest::newRow("avg hr 300") << w << summary("0", "1800", "300", "170", "0", "1") << "out-of-range"
                                    << "avg_hr_bpm = 300 is outside 20..250";
        QTest::newRow("max hr float") << w << summary("0", "1800", "140", "170.5", "0", "1") << "bad-type"
                                      << "max_hr_bpm";
        QTest::newRow("negative steps") << w << summary("0", "1800", "140", "170", "-1", "1") << "out-of-range"
                                        << "steps";
        QTest::newRow("trimp negative") << w << summary("0", "1800", "140", "170", "0", "-0.5") << "out-of-range"
                                        << "trimp";
        QTest::newRow("trimp string") << w << summary("0", "1800", "140", "170", "0", "\"5\"") << "bad-type"
                                      << "trimp";
        QTest::newRow("start after end") << w << summary("3600000001", "1", "140", "170", "0", "1") << "inconsistent"
                                         << "start_us";
        QTest::newRow("moving time too long")
            << w << summary("1800000000", "1801", "140", "170", "0", "1") << "inconsistent"
            << "duration_s = 1801";
        QTest::newRow("avg above max") << w << summary("0", "1800", "171", "170", "0", "1") << "inconsistent"
                                       << "avg_hr_bpm";

        const QByteArray u = "user-events";
        const QByteArray head = R"("schema":1,"user_id":"u1","ts_us":7,"sent_at_us":8)";
        const auto signUp = [&](const char* profile, const char* zone = R"("UTC+01:00")") {
            return "{" + head + R"(,"type":"sign-up","profile":)" + profile + ",\"time_zone\":" + zone + "}";
        };
        const auto goalSet = [&](const char* goal, const char* target) {
            return "{" + head + R"(,"type":"goal-set","goal":)" + goal + ",\"target\":" + target + "}";
        };
        QTest::newRow("no profile") << u << QByteArray("{" + head + R"(,"type":"profile-change"})") << "missing-field"
                                    << "profile";
        QTest::newRow("profile array") << u << signUp("[]") << "bad-type"
                                       << "profile";
        QTest::newRow("sex other") << u << signUp(R"({"sex":"other","age_years":30,"hr_rest_bpm":50})") << "bad-value"
                                   << "profile.sex 'other' is not one of 'male', 'female'";
        QTest::newRow("no age") << u << signUp(R"({"sex":"male","hr_rest_bpm":50})") << "missing-field"
                                << "profile.age_years";
        QTest::newRow("age 9") << u << signUp(R"({"sex":"male","age_years":9.9,"hr_rest_bpm":50})") << "out-of-range"
                               << "profile.age_years = 9.9 is outside 10..110";
        QTest::newRow("age 111") << u << signUp(R"({"sex":"male","age_years":111,"hr_rest_bpm":50})") << "out-of-range"
                                 << "profile.age_years";
        QTest::newRow("age string") << u << signUp(R"({"sex":"male","age_years":"30","hr_rest_bpm":50})") << "bad-type"
                                    << "profile.age_years";
        QTest::newRow("resting hr 10") << u << signUp(R"({"sex":"male","age_years":30,"hr_rest_bpm":10})")
                                       << "out-of-range"
                                       << "profile.hr_rest_bpm";
        QTest::newRow("hr max 90") << u << signUp(R"({"sex":"male","age_years":30,"hr_rest_bpm":50,"hr_max_bpm":90})")
                                   << "out-of-range"
                                   << "profile.hr_max_bpm";
        QTest::newRow("hr max 0") << u << signUp(R"({"sex":"male","age_years":30,"hr_rest_bpm":50,"hr_max_bpm":0})")
                                  << "out-of-range"
                                  << "profile.hr_max_bpm";
        QTest::newRow("weight 24.9") << u
                                     << signUp(R"({"sex":"male","age_years":30,"hr_rest_bpm":50,"weight_kg":24.9})")
                                     << "out-of-range"
                                     << "profile.weight_kg";
        QTest::newRow("weight 301") << u << signUp(R"({"sex":"male","age_years":30,"hr_rest_bpm":50,"weight_kg":301})")
                                    << "out-of-range"
                                    << "profile.weight_kg";
        QTest::newRow("hr max below rest")
            << u << signUp(R"({"sex":"male","age_years":30,"hr_rest_bpm":120,"hr_max_bpm":110})") << "inconsistent"
            << "profile.hr_max_bpm";
        const char* okProfile = R"({"sex":"male","age_years":30,"hr_rest_bpm":50})";
        QTest::newRow("no time zone") << u
                                      << QByteArray("{" + head + R"(,"type":"sign-up","profile":)" + okProfile + "}")
                                      << "missing-field"
                                      << "time_zone";
        QTest::newRow("zone name") << u << signUp(okProfile, R"("CET")") << "bad-value"
                                   << "time_zone 'CET'";
        QTest::newRow("zone +15") << u << signUp(okProfile, R"("UTC+15:00")") << "bad-value"
                                  << "time_zone";
        QTest::newRow("zone minutes 60") << u << signUp(okProfile, R"("UTC+01:60")") << "bad-value"
                                         << "time_zone";
        QTest::newRow("zone no sign") << u << signUp(okProfile, R"("UTC 01:00")") << "bad-value"
                                      << "time_zone";
        QTest::newRow("goal unknown") << u << goalSet(R"("marathon")", "1") << "bad-value"
                                      << "goal 'marathon'";
        QTest::newRow("no target") << u << QByteArray("{" + head + R"(,"type":"goal-set","goal":"daily_steps"})")
                                   << "missing-field"
                                   << "target";
        QTest::newRow("target 0") << u << goalSet(R"("daily_steps")", "0") << "out-of-range"
                                  << "target";
        QTest::newRow("steps target") << u << goalSet(R"("daily_steps")", "100001") << "out-of-range"
                                      << "target";
        QTest::newRow("minutes target") << u << goalSet(R"("daily_active_minutes")", "1441") << "out-of-range"
                                        << "1..1440";
        QTest::newRow("trimp target") << u << goalSet(R"("weekly_trimp")", "5000.5") << "out-of-range"
                                      << "1..5000";
        QTest::newRow("workout as user event") << u << summary("0", "1800", "140", "170", "0", "1") << "wrong-type"
                                               << "workout-data";

        const QByteArray s = "social-events";
        QTest::newRow("follow no target") << s << QByteArray("{" + head + R"(,"type":"follow"})") << "missing-field"
                                          << "target_user_id";
        QTest::newRow("follow self") << s << QByteArray("{" + head + R"(,"type":"follow","target_user_id":"u1"})")
                                     << "inconsistent"
                                     << "follow";
        QTest::newRow("partner self") << s
                                      << QByteArray("{" + head + R"(,"type":"partner-request","target_user_id":"u1"})")
                                      << "inconsistent"
                                      << "partner-request";
        QTest::newRow("join no challenge")
            << s << QByteArray("{" + head + R"(,"type":"join-challenge"})") << "missing-field"
            << "challenge_id";
        QTest::newRow("empty challenge") << s
                                         << QByteArray("{" + head + R"(,"type":"join-challenge","challenge_id":""})")
                                         << "out-of-range"
                                         << "challenge_id";
        QTest::newRow("sign-up as social") << s << signUp(okProfile) << "wrong-type"
                                           << "user-events";

        const QByteArray a = "ai-interactions";
        const auto ask = [&](const QByteArray& questionJson) {
            return "{" + head + R"(,"type":"coach-question","conversation_id":"c1","question":)" + questionJson + "}";
        };
        // 1,000 two-byte characters are 2,000 bytes: allowed; one more byte is not.
        QByteArray twoByte;
        for (int i = 0; i < 1000; ++i)
            twoByte += "\xC3\xA9";
        QTest::newRow("question empty") << a << ask("\"\"") << "out-of-range"
                                        << "question";
        QTest::newRow("question 2001 bytes") << a << ask("\"" + twoByte + "x\"") << "out-of-range"
                                             << "1..2000 bytes, not 2001";
        QTest::newRow("question escapes over") << a << ask("\"" + QByteArray(1999, 'q') + "\\u00e9\"") << "out-of-range"
                                               << "not 2001";
        QTest::newRow("question number") << a << ask("42") << "bad-type"
                                         << "question";
        QTest::newRow("question bad utf-8") << a << ask("\"caf\xC3(\"") << "not-json"
                                            << "";
        QTest::newRow("question lone surrogate") << a << ask(R"("\ud800")") << "not-json"
                                                 << "";
        QTest::newRow("no conversation") << a << QByteArray("{" + head + R"(,"type":"coach-question","question":"hi"})")
                                         << "missing-field"
                                         << "conversation_id";
        QTest::newRow("follow as question") << a << QByteArray("{" + head + R"(,"type":"follow"})") << "wrong-type"
                                            << "social-events";
    }

    void rejectsMalformed()
    {
        QFETCH(QByteArray, topic);
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        QFETCH(QString, mentions);
        AppEventDecoder decoder;
        const DecodeError err = decodeAs(decoder, topic, view(json));
        QCOMPARE(QString::fromStdString(err.reason), reason);
        QVERIFY2(QString::fromStdString(err.detail).contains(mentions), err.detail.c_str());
    }

    void acceptsTheLimits()
    {
        // The edges of each range are inside it (the table above checks just outside).
        AppEventDecoder decoder;
        QByteArray twoByte;
        for (int i = 0; i < 1000; ++i)
            twoByte += "\xC3\xA9";
        AiInteraction q;
        const QByteArray ask = "{\"schema\":1,\"type\":\"coach-question\",\"user_id\":\"" + QByteArray(128, 'u') +
                               "\",\"ts_us\":-1,\"sent_at_us\":0,\"conversation_id\":\"c\",\"question\":\"" + twoByte +
                               "\"}";
        DecodeError err = decoder.decode(view(ask), q);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(q.question.size(), std::size_t(2000));
        QCOMPARE(q.userId.size(), std::size_t(128));

        UserEvent u;
        const QByteArray edges =
            R"({"schema":1,"type":"sign-up","user_id":"u","ts_us":1,"sent_at_us":2,"profile":{"sex":"male",)"
            R"("age_years":110,"hr_rest_bpm":150,"hr_max_bpm":250,"weight_kg":300},"time_zone":"UTC-14:00"})";
        err = decoder.decode(view(edges), u);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(u.profile.hrMaxBpm, 250.0f);

        WorkoutEvent w;
        const QByteArray day =
            R"({"schema":1,"type":"workout-summary","user_id":"u","ts_us":86400000000,"sent_at_us":0,"device_id":"d",)"
            R"("workout_id":"w","sport":"ultra_run-2","start_us":0,"duration_s":86400,"avg_hr_bpm":20,)"
            R"("max_hr_bpm":20,"steps":200000,"trimp":2000})";
        err = decoder.decode(view(day), w);
        QVERIFY2(err.ok(), err.detail.c_str());
        QCOMPARE(w.durationS, 86400);
    }

    void schemaExamplesMatchTheCodec_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("topic");
        QTest::addColumn<int>("types");
        QTest::newRow("workout-data") << "workout-data.v1.schema.json" << QByteArray("workout-data") << 3;
        QTest::newRow("user-events") << "user-event.v1.schema.json" << QByteArray("user-events") << 3;
        QTest::newRow("social-events") << "social-event.v1.schema.json" << QByteArray("social-events") << 3;
        QTest::newRow("ai-interactions") << "ai-interaction.v1.schema.json" << QByteArray("ai-interactions") << 1;
    }

    void schemaExamplesMatchTheCodec()
    {
        // The documented schemas and the code must not drift apart: every example decodes and
        // re-encodes to the same document, the encoder writes every field the schema requires
        // for the type, and writes no field the schema does not document.
        QFETCH(QString, file);
        QFETCH(QByteArray, topic);
        QFETCH(int, types);
        QFile f(QStringLiteral(NEXUS_SOURCE_DIR "/resources/schemas/") + file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QJsonParseError parseError;
        const QJsonObject schema = QJsonDocument::fromJson(f.readAll(), &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        QCOMPARE(schema.value("$schema").toString(), QString("https://json-schema.org/draft/2020-12/schema"));

        const QJsonArray examples = schema.value("examples").toArray();
        QCOMPARE(examples.size(), types); // one example of each type
        QSet<QString> typesSeen;
        AppEventDecoder decoder;
        for (const QJsonValue& value : examples) {
            const QJsonObject example = value.toObject();
            const QString type = example.value("type").toString();
            typesSeen.insert(type);
            const QByteArray bytes = QJsonDocument(example).toJson(QJsonDocument::Compact);
            std::string encoded;
            const DecodeError err = decodeAs(decoder, topic, view(bytes), &encoded);
            QVERIFY2(err.ok(), qPrintable(type + ": " + QString::fromStdString(err.reason + ": " + err.detail)));
            const QJsonObject reencoded = parseObject(encoded);
            QVERIFY2(reencoded == example, encoded.c_str());

            const QJsonObject branch = branchOf(schema, type);
            QStringList required = stringsOf(schema.value("required")) + stringsOf(branch.value("required"));
            QJsonObject documented = schema.value("properties").toObject();
            const QJsonObject branchProperties = branch.value("properties").toObject();
            for (auto it = branchProperties.begin(); it != branchProperties.end(); ++it)
                documented.insert(it.key(), it.value());
            checkFields(reencoded, required, documented, type);
            if (reencoded.contains("profile")) {
                const QJsonObject profile = schema.value("$defs").toObject().value("profile").toObject();
                checkFields(reencoded.value("profile").toObject(), stringsOf(profile.value("required")),
                            profile.value("properties").toObject(), type + ".profile");
            }
            if (QTest::currentTestFailed())
                return;
        }
        QCOMPARE(typesSeen.size(), types);
    }

private:
    static QStringList stringsOf(const QJsonValue& array)
    {
        QStringList out;
        for (const QJsonValue& v : array.toArray())
            out << v.toString();
        return out;
    }

    /// The oneOf branch whose "type" is `type`, or an empty object for a topic with one type.
    static QJsonObject branchOf(const QJsonObject& schema, const QString& type)
    {
        for (const QJsonValue& v : schema.value("oneOf").toArray()) {
            const QJsonObject branch = v.toObject();
            if (branch.value("properties").toObject().value("type").toObject().value("const").toString() == type)
                return branch;
        }
        if (schema.contains("oneOf"))
            qWarning("no oneOf branch for type %s", qPrintable(type));
        return {};
    }

    static void checkFields(const QJsonObject& encoded, const QStringList& required, const QJsonObject& documented,
                            const QString& where)
    {
        for (const QString& key : required)
            QVERIFY2(encoded.contains(key), qPrintable(where + " lacks required " + key));
        for (const QString& key : encoded.keys()) {
            QVERIFY2(documented.contains(key), qPrintable(where + " writes undocumented " + key));
            QVERIFY2(documented.value(key).toObject().contains("description"),
                     qPrintable(where + ": " + key + " has no description"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAppEventCodec)
#include "tst_app_event_codec.moc"
