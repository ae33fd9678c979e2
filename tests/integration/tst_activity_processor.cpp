// The activity processor against the embedded cluster, fed through real producers: sign-ups and
// goals on user-events, workout summaries on workout-data and uploads on health-metrics go in;
// what comes out on activity-progress is, user by user and byte for byte, what an in-process
// ActivityTracker makes of the same inputs. Each goal is announced once, a too-late upload and a
// malformed event land on dead-letters with their reason, and the key → partition mapping the
// processor uses for its broadcast join is where the producers really put every message. Two
// members of one group split the users by health-metrics partition, each keeping only the goals
// of its own users. A partition handed over to another member (through snapshots in a real
// PostgreSQL) carries its users' day on: the outputs of both members together are, byte for byte,
// those of one tracker over the whole input.

#include "backend/activity/ActivityTracker.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/bus/KeyPartitioner.h"
#include "backend/codec/ActivityProgressCodec.h"
#include "backend/codec/AppEventCodec.h"
#include "backend/codec/HealthBatchCodec.h"
#include "backend/processing/ActivityProcessor.h"
#include "backend/processing/PartitionState.h"
#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/Migrator.h"
#include "models/events/Topics.h"
#include "models/twin/CalendarDay.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

#include <map>
#include <set>
#include <tuple>

using namespace nexus;

namespace {

using Goal = UserEvent::Goal;
const DayNumber kDay0 = calendar::daysFromCivil(2025, 11, 24);

/// A UTC time on day kDay0 + `day`.
TimestampUs at(int day, int hour, int minute, int second = 0)
{
    return startOfDayUs(kDay0 + day) + ((hour * 60LL + minute) * 60 + second) * kUsPerSecond;
}

std::string userName(int i)
{
    char id[16];
    std::snprintf(id, sizeof id, "u%07d", i);
    return id;
}

int partitionsOf(std::string_view topic)
{
    for (const TopicSpec& t : kTopicCatalogue)
        if (t.name == topic)
            return t.partitions;
    return 0;
}

UserEvent signUp(const std::string& user, const std::string& zone)
{
    UserEvent e;
    e.kind = UserEvent::Kind::SignUp;
    e.userId = user;
    e.tsUs = at(-30, 8, 0);
    e.sentAtUs = e.tsUs + 1000;
    e.profile.ageYears = 35.0f;
    e.profile.hrRestBpm = 55.0f;
    e.profile.hrMaxBpm = 185.0f;
    e.timeZone = zone;
    return e;
}

UserEvent goalSet(const std::string& user, Goal goal, double target)
{
    UserEvent e;
    e.kind = UserEvent::Kind::GoalSet;
    e.userId = user;
    e.tsUs = at(-1, 12, 0);
    e.sentAtUs = e.tsUs + 1000;
    e.goal = goal;
    e.goalTarget = target;
    return e;
}

WorkoutEvent workout(const std::string& user, WorkoutEvent::Phase phase, double trimp)
{
    WorkoutEvent e;
    e.phase = phase;
    e.userId = user;
    e.deviceId = "d-" + user;
    e.workoutId = e.deviceId + "-" + std::to_string(at(0, 9, 0) / kUsPerSecond);
    e.sport = "run";
    e.tsUs = phase == WorkoutEvent::Phase::Start ? at(0, 9, 0) : at(0, 9, 45);
    e.sentAtUs = e.tsUs + 2000;
    if (phase == WorkoutEvent::Phase::Summary) {
        e.startUs = at(0, 9, 0);
        e.durationS = 45 * 60;
        e.avgHrBpm = 140;
        e.maxHrBpm = 170;
        e.steps = 4000;
        e.trimp = trimp;
    }
    return e;
}

/// `count` samples a minute apart from `fromUs`, `steps` each at 100 bpm (below the HR rule's
/// threshold of 120 for HRrest 55 and HRmax 185, so only steps make a minute active).
HealthBatch upload(const std::string& user, TimestampUs fromUs, int count, int steps)
{
    HealthBatch b;
    b.userId = user;
    b.deviceId = "d-" + user;
    for (int i = 0; i < count; ++i)
        b.samples.push_back({fromUs + i * 60 * kUsPerSecond, 100, std::uint16_t(steps)});
    b.sentAtUs = b.samples.back().tsUs + kUsPerSecond; // event-derived: the messages carry it
    return b;
}

struct Read
{
    std::string topic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::string key;
    std::string payload;
};

/// Reads `topics` from the beginning in a new group until `wanted` messages per topic arrived
/// (or 30 s passed).
std::map<std::string, std::vector<Read>> readBack(const BusSettings& bus, const std::string& group,
                                                  const std::map<std::string, std::size_t>& wanted)
{
    std::map<std::string, std::vector<Read>> got;
    std::string error;
    auto consumer = KafkaConsumer::create(bus, group, error);
    if (!consumer) {
        qWarning("%s", error.c_str());
        return got;
    }
    std::vector<std::string> topics;
    for (const auto& [topic, n] : wanted)
        topics.push_back(topic);
    consumer->subscribe(topics, error);
    const auto done = [&] {
        for (const auto& [topic, n] : wanted)
            if (got[topic].size() < n)
                return false;
        return true;
    };
    std::vector<KafkaMessagePtr> batch;
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < 30000) {
        consumer->consumeBatch(batch, 1000, 100);
        for (const KafkaMessagePtr& m : batch) {
            if (m->err)
                continue;
            got[rd_kafka_topic_name(m->rkt)].push_back({rd_kafka_topic_name(m->rkt), m->partition, m->offset,
                                                        std::string(static_cast<const char*>(m->key), m->key_len),
                                                        std::string(static_cast<const char*>(m->payload), m->len)});
        }
    }
    consumer->close();
    return got;
}

/// A real PostgreSQL server (migrated) and a one-broker embedded cluster with a producer: what
/// the handover tests run on.
struct StoreAndBus
{
    QTemporaryDir dir;
    std::unique_ptr<EmbeddedPostgres> postgres;
    std::unique_ptr<EmbeddedCluster> cluster;
    BusSettings bus;
    std::unique_ptr<KafkaProducer> producer;

    /// Empty when both run, else what failed.
    QString start()
    {
        if (!dir.isValid())
            return "no temporary directory";
        // The server may run as the `postgres` user (when we are root): it must be able to enter the directory.
        QFile::setPermissions(dir.path(), QFile::permissions(dir.path()) | QFileDevice::ExeOther);
        QString pgError;
        postgres = EmbeddedPostgres::start(dir.filePath("pg"), pgError);
        if (!postgres)
            return pgError;
        pqxx::connection db(postgres->connectionString());
        if (!store::migrate(db).ok)
            return "the schema did not migrate";
        std::string error;
        cluster = EmbeddedCluster::start(1, error);
        if (cluster) {
            bus = {cluster->bootstrap(), {}, true};
            producer = KafkaProducer::create(bus, error);
        }
        return producer ? QString() : QString::fromStdString(error);
    }
    void produceUploads(const std::vector<HealthBatch>& uploads)
    {
        for (const HealthBatch& b : uploads)
            QVERIFY(producer->produce(topics::kHealthMetrics, b.userId, healthcodec::encode(b)));
        QVERIFY(producer->flush(5000));
    }
};

template <typename Event> Event roundTrip(const Event& e)
{
    // What the processor sees: the event as decoded from the wire (one decimal on profiles, …).
    Event out;
    AppEventDecoder decoder;
    const DecodeError err = decoder.decode(appcodec::encode(e), out);
    if (!err.ok())
        qFatal("%s", err.detail.c_str());
    return out;
}

/// The expected activity-progress payloads per user: an in-process tracker fed the inputs in
/// the order the processor applies them (all user events, then workouts, then uploads).
std::map<std::string, std::vector<std::string>> expectedPayloads(const std::vector<UserEvent>& userEvents,
                                                                 const std::vector<WorkoutEvent>& workouts,
                                                                 const std::vector<HealthBatch>& uploads,
                                                                 std::size_t& total)
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    for (const UserEvent& e : userEvents)
        tracker.addUserEvent(roundTrip(e), out);
    for (const WorkoutEvent& e : workouts)
        tracker.addWorkout(roundTrip(e), out);
    for (const HealthBatch& b : uploads)
        tracker.addBatch(b, out);
    std::map<std::string, std::vector<std::string>> byUser;
    for (const ActivityProgress& a : out)
        byUser[a.userId].push_back(activitycodec::encode(a));
    total = out.size();
    return byUser;
}

/// The activity-progress payloads read back, per user in offset order (a user's messages share
/// one partition, so its offsets order them).
std::map<std::string, std::vector<std::string>> payloadsByUser(std::vector<Read> messages)
{
    std::sort(messages.begin(), messages.end(), [](const Read& a, const Read& b) {
        return std::tie(a.partition, a.offset) < std::tie(b.partition, b.offset);
    });
    std::map<std::string, std::vector<std::string>> byUser;
    for (const Read& r : messages)
        byUser[r.key].push_back(r.payload);
    return byUser;
}

template <typename Event>
void produceAll(KafkaProducer& producer, std::string_view topic, const std::vector<Event>& events)
{
    for (const Event& e : events)
        QVERIFY(producer.produce(topic, e.userId, appcodec::encode(e)));
}

} // namespace

class TestActivityProcessor : public QObject
{
    Q_OBJECT

private slots:
    void outputsMatchTheTrackerAndDeadLettersAreSent()
    {
        std::string error;
        auto cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(cluster, error.c_str());
        BusSettings bus{cluster->bootstrap(), {}, true};
        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());

        constexpr int kUsers = 6;
        std::vector<UserEvent> userEvents;
        std::vector<WorkoutEvent> workouts;
        std::vector<HealthBatch> uploads;
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(i + 1);
            userEvents.push_back(signUp(user, i % 2 ? "UTC+01:00" : "UTC+00:00"));
            if (i % 2 == 0)
                userEvents.push_back(goalSet(user, Goal::DailySteps, 3000));
            if (i % 3 == 0)
                userEvents.push_back(goalSet(user, Goal::DailyActiveMinutes, 20));
            if (i % 3 == 1)
                userEvents.push_back(goalSet(user, Goal::WeeklyTrimp, 50));
            workouts.push_back(workout(user, WorkoutEvent::Phase::Start, 0));
            workouts.push_back(workout(user, WorkoutEvent::Phase::Summary, 55.5 + i));
        }
        // Uploads, user by user: four hours of day 0, then one 6 h behind the newest (too late),
        // then one early on day 1 that closes day 0 (its end plus the 2 h lateness has passed).
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(i + 1);
            for (int hour = 8; hour < 12; ++hour)
                uploads.push_back(upload(user, at(0, hour, 0), 60, 80));
            uploads.push_back(upload(user, at(0, 6, 0), 5, 80));
            uploads.push_back(upload(user, at(1, 3, 0), 10, 10));
        }
        std::size_t expectedTotal = 0;
        const auto expected = expectedPayloads(userEvents, workouts, uploads, expectedTotal);

        // The user events are on the bus before the processor starts: it replays them when it is
        // assigned its partitions. One of them is not JSON.
        produceAll(*producer, topics::kUserEvents, userEvents);
        QVERIFY(producer->produce(topics::kUserEvents, userName(1), "{not json"));
        QVERIFY(producer->flush(5000));

        ActivityProcessorOptions options;
        options.groupId = "tst-activity";
        ActivityProcessor processor(bus, options);
        QVERIFY2(processor.start(error), error.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().userEventMessages == userEvents.size(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(processor.stats().malformed, std::uint64_t(1), 5000);
        QCOMPARE(processor.stats().catchUps, std::uint64_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(processor.stats().partitions.size(), std::size_t(24), 5000);

        // Workouts next, while it runs, then the uploads: the order the expectation assumes.
        produceAll(*producer, topics::kWorkoutData, workouts);
        QVERIFY(producer->flush(5000));
        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().workoutMessages == workouts.size(), 20000);
        for (const HealthBatch& b : uploads)
            QVERIFY(producer->produce(topics::kHealthMetrics, b.userId, healthcodec::encode(b)));
        QVERIFY(producer->flush(5000));
        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().healthMessages == uploads.size(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(processor.stats().progressMessages == expectedTotal, 10000);

        const ActivityProcessorStats s = processor.stats();
        QCOMPARE(s.lateSamples, std::uint64_t(5 * kUsers));
        QCOMPARE(s.deadLetters, std::uint64_t(kUsers + 1));
        QCOMPARE(s.malformedByReason.at("not-json"), std::uint64_t(1));
        QCOMPARE(s.eventsNotApplied, std::uint64_t(kUsers)); // the workout starts: only a summary carries load
        QCOMPARE(s.misrouted, std::uint64_t(0));
        QCOMPARE(s.othersMessages, std::uint64_t(0)); // the only member owns every user
        QTRY_COMPARE_WITH_TIMEOUT(processor.stats().usersTracked, std::uint64_t(kUsers), 5000);

        const auto got = readBack(bus, "tst-activity-reader",
                                  {{std::string(topics::kActivityProgress), expectedTotal},
                                   {std::string(topics::kDeadLetters), std::size_t(kUsers + 1)},
                                   {std::string(topics::kUserEvents), userEvents.size() + 1},
                                   {std::string(topics::kWorkoutData), workouts.size()},
                                   {std::string(topics::kHealthMetrics), uploads.size()}});
        processor.stop();

        // The mapping the broadcast join relies on: every keyed message, on every topic, sits in
        // the partition the processor computes for its key.
        const std::optional<KeyPartitioner> keys = KeyPartitioner::fromSettings(bus, error);
        QVERIFY(keys);
        for (const auto& [topic, messages] : got)
            for (const Read& r : messages)
                QCOMPARE(keys->partitionOf(r.key, partitionsOf(topic)), r.partition);

        // Byte for byte what the tracker says, user by user and in order.
        const auto& progress = got.at(std::string(topics::kActivityProgress));
        QCOMPARE(progress.size(), expectedTotal);
        const auto received = payloadsByUser(progress);
        QCOMPARE(received.size(), std::size_t(kUsers));
        for (const auto& [user, payloads] : expected) {
            QVERIFY2(received.count(user), user.c_str());
            QCOMPARE(received.at(user).size(), payloads.size());
            for (std::size_t k = 0; k < payloads.size(); ++k)
                QCOMPARE(received.at(user)[k], payloads[k]);
        }

        // And what that means: day 0's final values, and every goal announced exactly once.
        ActivityProgressDecoder decoder;
        std::set<std::tuple<std::string, DayNumber, Goal>> announced;
        std::map<std::string, ActivityProgress> closedDay0;
        for (const Read& r : progress) {
            ActivityProgress a;
            const DecodeError err = decoder.decode(r.payload, a);
            QVERIFY2(err.ok(), err.detail.c_str());
            for (const Goal g : a.goalReached)
                QVERIFY2(announced.insert({a.userId, a.day, g}).second, (a.userId + " twice").c_str());
            if (a.reason == ActivityProgress::Reason::DayClosed && a.day == kDay0)
                closedDay0[a.userId] = a;
        }
        QCOMPARE(closedDay0.size(), std::size_t(kUsers));
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(i + 1);
            const ActivityProgress& day0 = closedDay0.at(user);
            QCOMPARE(day0.steps, std::int64_t(4 * 60 * 80)); // the late upload not counted
            QCOMPARE(day0.activeMinutes, 4 * 60);
            QCOMPARE(day0.trimpDay, 55.5 + i);
            QCOMPARE(day0.utcOffsetMinutes, i % 2 ? 60 : 0);
            QVERIFY(announced.count({user, kDay0, Goal::DailySteps})); // 3000 or the default 8000
            QVERIFY(announced.count({user, kDay0, Goal::DailyActiveMinutes}));
            QCOMPARE(bool(announced.count({user, kDay0, Goal::WeeklyTrimp})), i % 3 == 1);
            QCOMPARE(day0.goal(Goal::DailySteps).target, i % 2 == 0 ? 3000.0 : 8000.0);
        }

        // The rejected inputs, with their reasons and where they came from.
        std::map<std::string, int> reasons;
        for (const Read& r : got.at(std::string(topics::kDeadLetters))) {
            const QJsonObject letter = QJsonDocument::fromJson(QByteArray::fromStdString(r.payload)).object();
            const std::string reason = letter.value("reason").toString().toStdString();
            ++reasons[reason];
            QCOMPARE(letter.value("key").toString().toStdString(), r.key);
            if (reason == "late") {
                QCOMPARE(letter.value("source_topic").toString(), QStringLiteral("health-metrics"));
                QVERIFY2(letter.value("detail").toString().startsWith(
                             "activity: 5 of 5 samples older than the allowed lateness"),
                         qPrintable(letter.value("detail").toString()));
            } else {
                QCOMPARE(reason, std::string("not-json"));
                QCOMPARE(letter.value("source_topic").toString(), QStringLiteral("user-events"));
                QCOMPARE(r.key, userName(1));
            }
        }
        QCOMPARE(reasons["late"], kUsers);
        QCOMPARE(reasons["not-json"], 1);
    }

    void twoMembersSplitTheUsersAndKeepOnlyTheirGoals()
    {
        std::string error;
        auto cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(cluster, error.c_str());
        BusSettings bus{cluster->bootstrap(), {}, true};
        ActivityProcessorOptions options;
        options.groupId = "tst-activity-pair";
        ActivityProcessor a(bus, options);
        ActivityProcessor b(bus, options);
        QVERIFY2(a.start(error), error.c_str());
        QVERIFY2(b.start(error), error.c_str());
        // Both joined and the 24 partitions are split (a rebalance after the first join takes
        // the session timeout, DESIGN.md).
        QTRY_VERIFY_WITH_TIMEOUT(a.stats().partitions.size() + b.stats().partitions.size() == 24 &&
                                     !a.stats().partitions.empty() && !b.stats().partitions.empty(),
                                 45000);
        const std::vector<std::int32_t> ofA = a.stats().partitions;

        // Goals of 2,000 steps a day, which 4,800 steps reach: a member that got a user's uploads
        // without their goal would judge them by the default 8,000 and announce nothing.
        constexpr int kUsers = 16;
        const KeyPartitioner keys = *KeyPartitioner::named("consistent_random");
        std::vector<UserEvent> userEvents;
        std::vector<HealthBatch> uploads;
        std::uint64_t eventsOfA = 0;
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(100 + i);
            userEvents.push_back(signUp(user, "UTC+00:00"));
            userEvents.push_back(goalSet(user, Goal::DailySteps, 2000));
            uploads.push_back(upload(user, at(0, 10, 0), 30, 80));
            uploads.push_back(upload(user, at(0, 10, 30), 30, 80));
            const std::int32_t p = keys.partitionOf(user, partitionsOf(topics::kHealthMetrics));
            if (std::find(ofA.begin(), ofA.end(), p) != ofA.end())
                eventsOfA += 2;
        }
        QVERIFY2(eventsOfA > 0 && eventsOfA < 2 * kUsers, "the users should fall on both members");
        std::size_t expectedTotal = 0;
        const auto expected = expectedPayloads(userEvents, {}, uploads, expectedTotal);

        auto producer = KafkaProducer::create(bus, error);
        QVERIFY2(producer, error.c_str());
        produceAll(*producer, topics::kUserEvents, userEvents);
        QVERIFY(producer->flush(5000));
        // Both read every event; each applies those of its own users and skips the others'.
        QTRY_VERIFY_WITH_TIMEOUT(a.stats().userEventMessages + b.stats().userEventMessages == userEvents.size() &&
                                     a.stats().othersMessages + b.stats().othersMessages == userEvents.size(),
                                 20000);
        QCOMPARE(a.stats().userEventMessages, eventsOfA);
        QCOMPARE(b.stats().othersMessages, eventsOfA);

        for (const HealthBatch& u : uploads)
            QVERIFY(producer->produce(topics::kHealthMetrics, u.userId, healthcodec::encode(u)));
        QVERIFY(producer->flush(5000));
        QTRY_VERIFY_WITH_TIMEOUT(a.stats().progressMessages + b.stats().progressMessages == expectedTotal, 20000);
        QCOMPARE(a.stats().healthMessages, eventsOfA); // two uploads a user, as two events
        QTRY_VERIFY_WITH_TIMEOUT(a.stats().usersTracked + b.stats().usersTracked == kUsers, 5000);
        // The steps goal and the default 30 active minutes (an hour of 80-step minutes), once each.
        QCOMPARE(a.stats().goalsReached + b.stats().goalsReached, std::uint64_t(2 * kUsers));

        const auto got =
            readBack(bus, "tst-activity-pair-reader", {{std::string(topics::kActivityProgress), expectedTotal}});
        a.stop();
        b.stop();
        const auto received = payloadsByUser(got.at(std::string(topics::kActivityProgress)));
        QCOMPARE(received, expected);
    }

    // Regression (partition handover): the member that took a partition over started from the
    // group's committed offset with an empty tracker, so the day's totals lost what came before
    // and a goal already reached that day was announced again.
    void handoverCarriesTheDayOverThroughTheStore()
    {
        StoreAndBus env;
        const QString failed = env.start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        pqxx::connection db(env.postgres->connectionString());
        const BusSettings& bus = env.bus;
        KafkaProducer* producer = env.producer.get();
        std::string error;

        // Per user: a 3,000-step goal and a workout on day 0. A gets four hours of day 0 and an hour
        // early on day 1, which closes day 0 and reaches day 1's goals. B gets half of that last
        // upload again (re-delivered), two more hours of day 1 (enough for the goals on their own)
        // and an upload on day 2 that closes day 1.
        constexpr int kUsers = 4;
        std::vector<UserEvent> userEvents;
        std::vector<WorkoutEvent> workouts;
        std::vector<HealthBatch> first, second;
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(200 + i);
            userEvents.push_back(signUp(user, "UTC+00:00"));
            userEvents.push_back(goalSet(user, Goal::DailySteps, 3000));
            workouts.push_back(workout(user, WorkoutEvent::Phase::Summary, 40.0 + i));
            for (int hour = 8; hour < 12; ++hour)
                first.push_back(upload(user, at(0, hour, 0), 60, 80));
            first.push_back(upload(user, at(1, 4, 0), 60, 80));
            second.push_back(upload(user, at(1, 4, 0), 30, 80));
            second.push_back(upload(user, at(1, 6, 0), 60, 80));
            second.push_back(upload(user, at(1, 7, 0), 60, 80));
            second.push_back(upload(user, at(2, 3, 0), 10, 10));
        }
        std::vector<HealthBatch> all = first;
        all.insert(all.end(), second.begin(), second.end());
        std::size_t expectedTotal = 0;
        const auto expected = expectedPayloads(userEvents, workouts, all, expectedTotal);

        ActivityProcessorOptions options;
        options.groupId = "tst-activity-handover";
        options.storeConnection = env.postgres->connectionString();
        const auto produceUploads = [&](const std::vector<HealthBatch>& uploads) { env.produceUploads(uploads); };

        // A: the goals (replayed when it joins), then the workouts, then the first half.
        produceAll(*producer, topics::kUserEvents, userEvents);
        QVERIFY(producer->flush(5000));
        ActivityProcessorStats statsA;
        {
            ActivityProcessor a(bus, options);
            QVERIFY2(a.start(error), error.c_str());
            QTRY_VERIFY_WITH_TIMEOUT(a.stats().userEventMessages == userEvents.size(), 30000);
            produceAll(*producer, topics::kWorkoutData, workouts);
            QVERIFY(producer->flush(5000));
            QTRY_VERIFY_WITH_TIMEOUT(a.stats().workoutMessages == workouts.size(), 20000);
            produceUploads(first);
            QTRY_VERIFY_WITH_TIMEOUT(a.stats().healthMessages == first.size(), 20000);
            a.stop(); // saves its partitions' users
            statsA = a.stats();
        }
        {
            pqxx::read_transaction tx(db);
            QCOMPARE(tx.exec_params1("SELECT coalesce(sum(twins), 0) FROM twin_snapshots WHERE consumer_group = $1 "
                                     "AND format = $2",
                                     options.groupId, kActivityStateFormat)[0]
                         .as<int>(),
                     kUsers);
        }

        // B, in the same group with the same store, takes every partition over.
        ActivityProcessor b(bus, options);
        QVERIFY2(b.start(error), error.c_str());
        produceUploads(second);
        QTRY_VERIFY_WITH_TIMEOUT(b.stats().healthMessages == second.size(), 30000); // it resumed where A ended
        QTRY_VERIFY_WITH_TIMEOUT(statsA.progressMessages + b.stats().progressMessages >= expectedTotal, 10000);
        const ActivityProcessorStats statsB = b.stats();
        QCOMPARE(statsB.duplicateSamples, std::uint64_t(30 * kUsers)); // the re-delivered half upload
        // The replayed workouts fall on day 0, which A closed: known to B's restored users, not
        // dead-lettered again.
        QCOMPARE(statsA.deadLetters + statsB.deadLetters, std::uint64_t(0));
        const auto got =
            readBack(bus, "tst-activity-handover-reader", {{std::string(topics::kActivityProgress), expectedTotal}});
        b.stop();

        // Both members' messages together: byte for byte what one tracker makes of the whole input.
        const auto& progress = got.at(std::string(topics::kActivityProgress));
        QCOMPARE(progress.size(), expectedTotal);
        QCOMPARE(payloadsByUser(progress), expected);

        // What that means: every goal announced once across A and B, and the days' full totals.
        ActivityProgressDecoder decoder;
        std::set<std::tuple<std::string, DayNumber, Goal>> announced;
        std::map<std::pair<std::string, DayNumber>, ActivityProgress> closed;
        for (const Read& r : progress) {
            ActivityProgress a;
            const DecodeError err = decoder.decode(r.payload, a);
            QVERIFY2(err.ok(), err.detail.c_str());
            for (const Goal g : a.goalReached)
                QVERIFY2(announced.insert({a.userId, a.day, g}).second, (a.userId + " twice").c_str());
            if (a.reason == ActivityProgress::Reason::DayClosed)
                closed[{a.userId, a.day}] = a;
        }
        QCOMPARE(announced.size(), std::size_t(4 * kUsers)); // steps and active minutes, on days 0 and 1
        QCOMPARE(statsB.goalsReached, std::uint64_t(0));     // A had announced them all
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(200 + i);
            QVERIFY2(closed.count({user, kDay0}) && closed.count({user, kDay0 + 1}), user.c_str());
            const ActivityProgress& day0 = closed.at({user, kDay0});
            const ActivityProgress& day1 = closed.at({user, kDay0 + 1});
            QCOMPARE(day0.steps, std::int64_t(4 * 60 * 80));
            QCOMPARE(day0.activeMinutes, 4 * 60);
            QCOMPARE(day0.trimpDay, 40.0 + i);
            QCOMPARE(day1.steps, std::int64_t(3 * 60 * 80)); // A's hour and B's two, the re-delivery once
            QCOMPARE(day1.activeMinutes, 3 * 60);
            QVERIFY(day1.goal(Goal::DailySteps).reached);
        }
    }

    // A member that crashed before its first snapshot left committed offsets but no state. The
    // store has the partitions' samples (the health group's rows), so the next owner knows they
    // were processed and rebuilds its users from the beginning instead of starting the day empty.
    void withoutASnapshotProcessedPartitionsAreRebuiltFromTheBeginning()
    {
        StoreAndBus env;
        const QString failed = env.start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        std::string error;
        constexpr int kUsers = 3;
        std::vector<UserEvent> userEvents;
        std::vector<HealthBatch> first, second;
        for (int i = 0; i < kUsers; ++i) {
            const std::string user = userName(300 + i);
            userEvents.push_back(signUp(user, "UTC+00:00"));
            for (int hour = 8; hour < 11; ++hour)
                first.push_back(upload(user, at(0, hour, 0), 60, 80));
            second.push_back(upload(user, at(0, 12, 0), 60, 80));
            second.push_back(upload(user, at(1, 3, 0), 10, 10)); // closes day 0
        }
        produceAll(*env.producer, topics::kUserEvents, userEvents);
        QVERIFY(env.producer->flush(5000));

        ActivityProcessorOptions options;
        options.groupId = "tst-activity-rebuild";
        options.storeRowsGroup = "tst-health-rows";
        std::uint64_t publishedByA = 0;
        {
            ActivityProcessorOptions noStore = options; // "crashes" before any snapshot: none is saved
            ActivityProcessor a(env.bus, noStore);
            QVERIFY2(a.start(error), error.c_str());
            env.produceUploads(first);
            QTRY_VERIFY_WITH_TIMEOUT(a.stats().healthMessages == first.size(), 30000);
            a.stop(); // commits its offsets
            publishedByA = a.stats().progressMessages;
        }
        {
            // The health group's sample writer stored every partition's samples.
            pqxx::connection db(env.postgres->connectionString());
            pqxx::work tx(db);
            for (int p = 0; p < partitionsOf(topics::kHealthMetrics); ++p)
                tx.exec_params("INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) "
                               "VALUES ($1, $2, $3, 1)",
                               options.storeRowsGroup, std::string(topics::kHealthMetrics), p);
            tx.commit();
        }

        options.storeConnection = env.postgres->connectionString();
        ActivityProcessor b(env.bus, options);
        QVERIFY2(b.start(error), error.c_str());
        env.produceUploads(second);
        // Everything again: A's uploads to rebuild the day, then the new ones.
        QTRY_VERIFY_WITH_TIMEOUT(b.stats().healthMessages == first.size() + second.size(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(b.stats().daysClosed == std::uint64_t(kUsers), 10000);
        const std::size_t published = publishedByA + b.stats().progressMessages;
        const auto got = readBack(env.bus, "tst-activity-rebuild-reader",
                                  {{std::string(topics::kActivityProgress), published}});
        b.stop();

        // The last day-closed message of each user (A's run closed nothing) has the whole day.
        ActivityProgressDecoder decoder;
        std::map<std::string, ActivityProgress> closed;
        for (const Read& r : got.at(std::string(topics::kActivityProgress))) {
            ActivityProgress a;
            QVERIFY(decoder.decode(r.payload, a).ok());
            if (a.reason == ActivityProgress::Reason::DayClosed && a.day == kDay0)
                closed[a.userId] = a;
        }
        QCOMPARE(int(closed.size()), kUsers);
        for (const auto& [user, day] : closed) {
            QCOMPARE(day.steps, std::int64_t(4 * 60 * 80)); // A's three hours and B's one
            QCOMPARE(day.activeMinutes, 4 * 60);
        }
    }
};

QTEST_GUILESS_MAIN(TestActivityProcessor)
#include "tst_activity_processor.moc"
