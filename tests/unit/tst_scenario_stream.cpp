// The scenario stream: a simulated population's messages on the five input topics, in send order,
// deterministic, with physiologically plausible readings and labels that match what was injected.

#include "app/simulate/SimEventEncoding.h"
#include "backend/codec/HealthBatchCodec.h"
#include "models/events/Topics.h"
#include "simulator/stream/ScenarioStream.h"
#include "simulator/wearable/DeviceDay.h"

#include <QCryptographicHash>
#include <QTest>

#include <map>
#include <set>

using namespace nexus;

namespace {

scenario::Scenario smallScenario(std::uint64_t seed = 7, int users = 12, int days = 2)
{
    scenario::Scenario s;
    s.name = "test";
    s.seed = seed;
    s.users = users;
    s.days = days;
    s.startDay = calendar::daysFromCivil(2026, 11, 2);
    s.appEvents.socialPerUserDay = 1.0;
    s.appEvents.aiQuestionsPerUserDay = 1.0;
    s.appEvents.profileChangesPerUserDay = 0.5;
    return s;
}

QByteArray streamDigest(const scenario::Scenario& s, std::size_t* messages = nullptr)
{
    sim::ScenarioStream stream(s);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    std::string bytes;
    sim::SimEvent e;
    std::size_t n = 0;
    while (stream.next(e)) {
        encodeSimEvent(e, e.dueUs, bytes);
        hash.addData(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
        hash.addData(QByteArrayView(e.topic().data(), qsizetype(e.topic().size())));
        ++n;
    }
    if (messages)
        *messages = n;
    return hash.result();
}

std::vector<sim::SimEvent> drain(sim::ScenarioStream& stream)
{
    std::vector<sim::SimEvent> all;
    sim::SimEvent e;
    while (stream.next(e))
        all.push_back(e);
    return all;
}

/// Every health sample of one user, in upload order (duplicates included).
std::vector<HealthSample> samplesOf(const std::vector<sim::SimEvent>& events, const std::string& user)
{
    std::vector<HealthSample> out;
    for (const sim::SimEvent& e : events)
        if (const auto* b = std::get_if<HealthBatch>(&e.payload); b && b->userId == user)
            out.insert(out.end(), b->samples.begin(), b->samples.end());
    return out;
}

} // namespace

class TestScenarioStream : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameBytes()
    {
        std::size_t n1 = 0, n2 = 0;
        const QByteArray a = streamDigest(smallScenario(7), &n1);
        const QByteArray b = streamDigest(smallScenario(7), &n2);
        QCOMPARE(n1, n2);
        QVERIFY(n1 > 1000);
        QCOMPARE(a, b);
        QVERIFY(streamDigest(smallScenario(8)) != a);
    }

    void messagesAreInSendOrderOnAllFiveTopics()
    {
        sim::ScenarioStream stream(smallScenario());
        const std::vector<sim::SimEvent> events = drain(stream);
        std::map<std::string_view, int> perTopic;
        TimestampUs last = 0;
        for (const sim::SimEvent& e : events) {
            QVERIFY2(e.dueUs >= last, "messages must come in send order");
            last = e.dueUs;
            ++perTopic[e.topic()];
        }
        for (const TopicSpec& t : kTopicCatalogue)
            if (t.input)
                QVERIFY2(perTopic[t.name] > 0, std::string(t.name).c_str());
        // One sign-up per user, before any of that user's health data.
        std::set<std::string> signedUp;
        for (const sim::SimEvent& e : events) {
            if (const auto* u = std::get_if<UserEvent>(&e.payload); u && u->kind == UserEvent::Kind::SignUp)
                QVERIFY(signedUp.insert(u->userId).second);
            if (const auto* b = std::get_if<HealthBatch>(&e.payload))
                QVERIFY2(signedUp.count(b->userId), "health data before sign-up");
        }
        QCOMPARE(int(signedUp.size()), 12);
    }

    void healthUploadsAreOrderedAndPlausible()
    {
        sim::ScenarioStream stream(smallScenario());
        const std::vector<sim::SimEvent> events = drain(stream);
        for (const wearable::Person& p : stream.population().people()) {
            const std::vector<HealthSample> samples = samplesOf(events, p.userId);
            QVERIFY(samples.size() > 2 * 900); // two days at one a minute at least
            int spo2 = 0, skin = 0, workout = 0;
            for (std::size_t i = 0; i < samples.size(); ++i) {
                const HealthSample& s = samples[i];
                if (i > 0)
                    QVERIFY2(s.tsUs > samples[i - 1].tsUs, "samples of one user strictly increase without anomalies");
                QVERIFY(s.hrBpm >= p.hrRestBpm - 15 && s.hrBpm <= p.hrMaxBpm + 5);
                spo2 += s.spo2Pct != 0;
                skin += s.skinTempCentiC != 0;
                workout += s.workout;
                if (s.spo2Pct)
                    QVERIFY(s.spo2Pct >= 85 && s.spo2Pct <= 100);
            }
            QVERIFY2(spo2 > 2 * 5 * 60, "SpO2 once a minute asleep");
            QVERIFY(skin >= 40 && skin <= 52); // hourly, two days
            if (p.sessionsPerWeek >= 6.0)
                QVERIFY(workout > 0);
        }
    }

    void everyUploadDecodes()
    {
        sim::ScenarioStream stream(smallScenario(3, 4, 1));
        HealthBatchDecoder decoder;
        HealthBatch batch;
        std::string bytes;
        sim::SimEvent e;
        int withRr = 0;
        while (stream.next(e)) {
            if (e.topic() != topics::kHealthMetrics)
                continue;
            encodeSimEvent(e, e.dueUs, bytes);
            const DecodeError err = decoder.decode(bytes, batch);
            QVERIFY2(err.ok(), err.detail.c_str());
            HealthBatch expected = std::get<HealthBatch>(e.payload);
            expected.sentAtUs = e.dueUs;
            QCOMPARE(batch, expected);
            withRr += !batch.rrMs.empty();
        }
        QCOMPARE(withRr, 4); // one night's RR window per user
    }

    void workoutHeartRateRecovers()
    {
        const wearable::Population population(11, 40);
        int checked = 0;
        for (const wearable::Person& p : population.people()) {
            wearable::PhysiologyState state = wearable::initialState(p);
            const DayNumber day = calendar::daysFromCivil(2026, 11, 2);
            const wearable::DayRecord record = wearable::simulateDay(p, state, day);
            const wearable::DeviceDay device =
                wearable::recordDeviceDay(p, record, record.night.bedUs + 24LL * 3600 * kUsPerSecond);
            for (const wearable::WorkoutRecord& w : record.workouts) {
                if (w.spec.type == wearable::WorkoutType::Strength || w.spec.intensity < 0.5f)
                    continue;
                const float atEnd = w.hrBpm[std::size_t(w.activeSeconds() - 1)];
                const float recovered = w.hrBpm.back();
                QVERIFY2(recovered < atEnd - 10, "heart rate falls after exercise");
                ++checked;
            }
            QVERIFY(device.sleep.fromUs < device.sleep.toUs);
            for (const wearable::RrWindow& rr : device.rr)
                QVERIFY(device.sleep.contains(rr.startUs));
        }
        QVERIFY(checked > 5);
    }

    void illnessRaisesRestingHrAndTemperature()
    {
        const wearable::Population population(5, 30);
        const DayNumber day = calendar::daysFromCivil(2026, 11, 2);
        double rhrDelta = 0.0, tempDelta = 0.0;
        for (const wearable::Person& p : population.people()) {
            wearable::PhysiologyState a = wearable::initialState(p), b = a;
            const wearable::DayRecord healthy = wearable::simulateDay(p, a, day);
            wearable::TrainingPlan flu;
            flu.illness = 1.0;
            flu.fromDay = day;
            flu.toDay = day + 1;
            const wearable::DayRecord ill = wearable::simulateDay(p, b, day, flu);
            rhrDelta += (ill.night.restingHrBpm - healthy.night.restingHrBpm) / population.size();
            tempDelta += (ill.skinTempC[12] - healthy.skinTempC[12]) / population.size();
            QVERIFY(ill.trimp <= healthy.trimp);
        }
        QVERIFY2(rhrDelta > 6.0 && rhrDelta < 10.0, qPrintable(QString::number(rhrDelta)));
        QVERIFY2(tempDelta > 0.6 && tempDelta < 1.0, qPrintable(QString::number(tempDelta)));
    }

    void phasesApplyToTheirShareOfUsers()
    {
        scenario::Scenario s = smallScenario(1, 400, 3);
        scenario::Phase phase;
        phase.fromDay = 1;
        phase.toDay = 3;
        phase.userShare = 0.25;
        phase.loadMultiplier = 2.0;
        phase.illness = 0.5;
        s.phases.push_back(phase);
        sim::ScenarioStream stream(s);
        const anomaly::AnomalyInjector injector({}, s.seed);
        int affected = 0;
        for (const wearable::Person& p : stream.population().people()) {
            sim::UserTimeline t(p, s, injector, s.users);
            QCOMPARE(t.planFor(0).loadMultiplier, 1.0);
            const wearable::TrainingPlan day1 = t.planFor(1);
            if (day1.loadMultiplier != 1.0) {
                ++affected;
                QCOMPARE(day1.illness, 0.5);
                QCOMPARE(t.planFor(2).loadMultiplier, 2.0);
            }
        }
        QVERIFY2(affected > 70 && affected < 130, qPrintable(QString::number(affected)));
    }

    void labelsMatchInjectedReadings()
    {
        scenario::Scenario s = smallScenario(21, 30, 2);
        for (anomaly::Kind kind : {anomaly::Kind::TachycardiaAtRest, anomaly::Kind::SensorDropout,
                                   anomaly::Kind::Flatline, anomaly::Kind::DuplicateEvents}) {
            anomaly::Spec spec;
            spec.kind = kind;
            spec.perUserDay = 0.5;
            spec.minDurationS = 900;
            spec.maxDurationS = 1800;
            s.anomalies.push_back(spec);
        }
        sim::ScenarioStream stream(s);
        const std::vector<sim::SimEvent> events = drain(stream);
        const std::vector<anomaly::Label> labels = stream.takeLabels();
        std::map<anomaly::Kind, int> count;
        for (const anomaly::Label& l : labels) {
            ++count[l.kind];
            QVERIFY(l.startUs < l.endUs);
            const std::vector<HealthSample> samples = samplesOf(events, l.userId);
            std::vector<HealthSample> inside;
            for (const HealthSample& x : samples)
                if (x.tsUs >= l.startUs && x.tsUs < l.endUs)
                    inside.push_back(x);
            switch (l.kind) {
            case anomaly::Kind::TachycardiaAtRest:
                QVERIFY(!inside.empty());
                for (const HealthSample& x : inside)
                    QVERIFY2(x.hrBpm >= 100 && x.steps == 0, qPrintable(QString::number(x.hrBpm)));
                break;
            case anomaly::Kind::SensorDropout:
                QVERIFY2(inside.empty(), "no readings inside a dropout");
                break;
            case anomaly::Kind::Flatline:
                QVERIFY(inside.size() >= 10);
                for (const HealthSample& x : inside)
                    QCOMPARE(x.hrBpm, inside.front().hrBpm);
                break;
            case anomaly::Kind::DuplicateEvents: {
                int copies = 0;
                for (const sim::SimEvent& e : events)
                    if (const auto* b = std::get_if<HealthBatch>(&e.payload);
                        b && b->userId == l.userId && !b->samples.empty() && b->samples.front().tsUs == l.startUs)
                        ++copies;
                QCOMPARE(copies, 2);
                break;
            }
            default:
                QFAIL("a kind the scenario did not ask for");
            }
        }
        // 30 users × 2 days × 0.5: about 30 of each; every kind shows up.
        for (const auto& [kind, n] : count)
            QVERIFY2(n >= 10 && n <= 60, anomaly::kindName(kind));
        QCOMPARE(int(count.size()), 4);
    }
};

QTEST_GUILESS_MAIN(TestScenarioStream)
#include "tst_scenario_stream.moc"
