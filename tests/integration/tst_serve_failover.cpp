// Two `nexus-twin serve` processes in one consumer group share a broker process and a real
// PostgreSQL server; one is SIGKILLed mid-stream, after both its processors saved snapshots and
// went on. The survivor takes its partitions (restoring twins, detectors and activity days from
// those snapshots and replaying from their offsets) and, at the end, every sample is stored exactly
// once, every user's twin (read back from the snapshots the survivor saves on SIGTERM) has counted
// every sample once, the stored alert episodes are exactly those one analyzer fed the whole stream
// finds, and on activity-progress every user's day ends with the totals one activity tracker fed
// the whole stream reports, with the same goals reached — as a single process would have. The
// goal-reached messages of the window the survivor replays may come twice (documented in
// docs/activity-tracker.md, "Handover"), as repeats of the same (user, day, goal) only.

#include "backend/activity/ActivityTracker.h"
#include "backend/analysis/HealthAnalyzer.h"
#include "backend/bus/BroadcastReader.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/bus/KeyPartitioner.h"
#include "backend/codec/ActivityProgressCodec.h"
#include "backend/codec/AppEventCodec.h"
#include "backend/processing/PartitionState.h"
#include "backend/processing/TwinTable.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/StoreQueries.h"
#include "models/events/Topics.h"
#include "tests/support/CliProcess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

#include <algorithm>
#include <csignal>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

using namespace nexus;

namespace {

using Goal = UserEvent::Goal;

constexpr int kUsers = 40;
constexpr int kBatchesPerUserPerPhase = 30;
constexpr int kSamplesPerBatch = 5;                // one a minute: 5 min per upload, 5 h per user in all
constexpr TimestampUs kT0 = 1'767'225'600'000'000; // 2026-01-01T00:00:00Z
// serve's consumer groups on health-metrics (ProcessorOptions, ActivityProcessorOptions).
const std::string kHealthGroup = "nexus-processors";
const std::string kActivityGroup = "nexus-activity";

TimestampUs atMinute(int minute)
{
    return kT0 + TimestampUs(minute) * 60 * kUsPerSecond;
}

std::string userName(int user)
{
    return QString::asprintf("u%03d", user).toStdString();
}

std::int32_t partitionCount(std::string_view topic)
{
    for (const TopicSpec& t : kTopicCatalogue)
        if (t.name == topic)
            return t.partitions;
    return 0;
}

double metric(quint16 port, const char* name)
{
    return testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"), name);
}

/// What serve's activity processor has applied from `topic` so far.
double activityConsumed(quint16 port, std::string_view topic)
{
    return testsupport::prometheusValue(testsupport::httpGet(port, "/metrics"),
                                        "nexus_activity_messages_consumed_total", "topic", std::string(topic).c_str());
}

/// Upload `i` of the stream: user i % kUsers, its (i / kUsers)-th upload. Every user's hour has
/// 20 min of HR 115–120 at rest from minute 5 (a tachycardia episode), rest, and 15 min walking
/// (about 100 steps a minute). The snapshots before the kill cover up to minute 75, inside an
/// episode: a survivor that restarted the detectors instead of restoring them would open another
/// one.
HealthBatch upload(int i)
{
    const int user = i % kUsers;
    HealthBatch b{userName(user), "d", wallClockUs(), {}, 0, {}};
    for (int k = 0; k < kSamplesPerBatch; ++k) {
        const int minute = (i / kUsers) * kSamplesPerBatch + k;
        const int phase = minute % 60;
        const bool tachycardia = phase >= 5 && phase < 25, walking = phase >= 45;
        const int hr = tachycardia ? 115 + (minute * 7 + user) % 6
                                   : walking ? 75 + (minute * 3 + user) % 8 : 62 + (minute * 5 + user) % 7;
        const int steps = walking ? 95 + (minute + user) % 11 : 0;
        b.samples.push_back({atMinute(minute), std::uint16_t(hr), std::uint16_t(steps)});
    }
    return b;
}

// The activity side's input. Every user signs up in UTC−02:00, so local midnight falls at minute
// 120: day 0 (minutes 0–119, about 3,000 steps and 37 active minutes: every walking minute and
// those at 120 bpm) closes at minute 240 (2 h lateness), after the kill, and day 1 (120–299, about
// 4,500 steps) stays open. Goals are reached before the snapshots (the smaller step goals, the
// weekly load with the workout), between them and the kill (the other step goals and 30 active
// minutes of day 0, the weekly load again as day 1 starts: what the survivor publishes again) and
// after it; the largest step goal never is. Whole values: exact on the wire.

/// user-events: the sign-up (HRrest 60, HRmax 180: 120 bpm makes a minute active), a steps goal
/// of 1,000–4,750 and a weekly TRIMP goal of 40.
std::vector<UserEvent> accountEvents(int user)
{
    UserEvent signUp;
    signUp.kind = UserEvent::Kind::SignUp;
    signUp.userId = userName(user);
    signUp.tsUs = kT0 - 86400 * kUsPerSecond;
    signUp.sentAtUs = wallClockUs();
    signUp.profile.ageYears = 40.0f;
    signUp.profile.hrRestBpm = 60.0f;
    signUp.profile.hrMaxBpm = 180.0f;
    signUp.timeZone = "UTC-02:00";
    UserEvent steps = signUp;
    steps.kind = UserEvent::Kind::GoalSet;
    steps.tsUs = kT0 - 3600 * kUsPerSecond;
    steps.goal = Goal::DailySteps;
    steps.goalTarget = 1000 + 250 * (user % 16);
    UserEvent load = steps;
    load.goal = Goal::WeeklyTrimp;
    load.goalTarget = 40;
    return {signUp, steps, load};
}

/// workout-data: the first walk (minutes 45–60, day 0) as a summary with TRIMP 20–65. It is
/// applied before the uploads and moves the user's event time to its start, which leaves every
/// sample of the stream within the lateness.
WorkoutEvent walkSummary(int user)
{
    WorkoutEvent w;
    w.phase = WorkoutEvent::Phase::Summary;
    w.userId = userName(user);
    w.deviceId = "d";
    w.startUs = atMinute(45);
    w.tsUs = atMinute(60);
    w.workoutId = w.deviceId + "-" + std::to_string(w.startUs / kUsPerSecond);
    w.sport = "walk";
    w.sentAtUs = wallClockUs();
    w.durationS = 15 * 60;
    w.avgHrBpm = 80;
    w.maxHrBpm = 90;
    w.steps = 1500;
    w.trimp = 20 + 5 * (user % 10);
    return w;
}

/// What one process publishes on activity-progress for the whole stream: one tracker fed the
/// user events, then the workouts, then the uploads in order — the order serve applies them in
/// here, since each is published and applied before the next.
std::vector<std::string> singleProcessActivity(int uploads)
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    for (int u = 0; u < kUsers; ++u)
        for (const UserEvent& e : accountEvents(u))
            tracker.addUserEvent(e, out);
    for (int u = 0; u < kUsers; ++u)
        tracker.addWorkout(walkSummary(u), out);
    for (int i = 0; i < uploads; ++i)
        tracker.addBatch(upload(i), out);
    std::vector<std::string> payloads;
    for (const ActivityProgress& a : out)
        payloads.push_back(activitycodec::encode(a));
    return payloads;
}

/// The last word on a user's day: the day-closed message once the day closed, else the progress
/// with the newest event time (a day's totals only grow, so that is also the highest).
struct DayTotals
{
    bool closed = false;
    TimestampUs eventTimeUs = 0;
    std::int64_t steps = 0;
    int activeMinutes = 0;
    double trimpDay = 0.0;
    double trimpWeek = 0.0;

    auto fields() const { return std::tie(closed, eventTimeUs, steps, activeMinutes, trimpDay, trimpWeek); }
    bool operator==(const DayTotals& o) const { return fields() == o.fields(); }
    std::string text() const
    {
        return QString::asprintf("%s at %s: %lld steps, %d active min, TRIMP %.2f (week %.2f)",
                                 closed ? "closed" : "open", calendar::isoDateTimeUtc(eventTimeUs).c_str(),
                                 static_cast<long long>(steps), activeMinutes, trimpDay, trimpWeek)
            .toStdString();
    }
};

/// What a run's activity-progress messages come to.
struct ActivityOutcome
{
    std::map<std::pair<std::string, DayNumber>, DayTotals> days; // by user and local day
    /// The identity of a goal-reached announcement (docs/activity-tracker.md, "Handover"): user, day, goal.
    std::set<std::tuple<std::string, DayNumber, Goal>> goalsReached;
    std::size_t announcements = 0; // goals listed in goal_reached, repeats included
    std::size_t messages = 0;
    std::size_t undecodable = 0;
};

ActivityOutcome summarise(const std::vector<std::string>& payloads)
{
    ActivityOutcome o;
    ActivityProgressDecoder decoder;
    ActivityProgress a;
    for (const std::string& payload : payloads) {
        ++o.messages;
        if (!decoder.decode(payload, a).ok()) {
            ++o.undecodable;
            continue;
        }
        for (const Goal g : a.goalReached)
            o.goalsReached.insert({a.userId, a.day, g});
        o.announcements += a.goalReached.size();
        const DayTotals t{a.reason == ActivityProgress::Reason::DayClosed,
                          a.eventTimeUs,
                          a.steps,
                          a.activeMinutes,
                          a.trimpDay,
                          a.trimpWeek};
        DayTotals& last = o.days[{a.userId, a.day}];
        if (last.fields() < t.fields())
            last = t;
    }
    return o;
}

/// Whether `group` has saved a snapshot of every health-metrics partition that holds users, each
/// taken after at least `uploadsPerUser` uploads of each of its users (`usersPerPartition`).
bool snapshotsCover(const std::string& conninfo, const std::string& group,
                    const std::map<std::int32_t, int>& usersPerPartition, int uploadsPerUser)
{
    pqxx::connection db(conninfo);
    pqxx::read_transaction tx(db);
    std::map<std::int32_t, std::int64_t> nextOffset;
    for (const auto& row : tx.exec_params("SELECT partition, next_offset FROM twin_snapshots "
                                          "WHERE consumer_group = $1 AND topic = $2",
                                          group, std::string(topics::kHealthMetrics)))
        nextOffset[row[0].as<std::int32_t>()] = row[1].as<std::int64_t>();
    for (const auto& [partition, users] : usersPerPartition) {
        const auto it = nextOffset.find(partition);
        if (it == nextOffset.end() || it->second < std::int64_t(users) * uploadsPerUser)
            return false;
    }
    return true;
}

/// Stored alert episodes: episode key → state.
std::map<std::string, std::string> storedEpisodes(const std::string& conninfo)
{
    pqxx::connection db(conninfo);
    pqxx::read_transaction tx(db);
    std::map<std::string, std::string> episodes;
    for (const auto& row : tx.exec("SELECT episode_key, state FROM alerts"))
        episodes[row[0].as<std::string>()] = row[1].as<std::string>();
    return episodes;
}

long long count(const std::string& conninfo, const char* sql)
{
    pqxx::connection db(conninfo);
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].as<long long>();
}

long long storedRows(const std::string& conninfo)
{
    return count(conninfo, "SELECT count(*) FROM health_samples WHERE metric = 1");
}

} // namespace

class TestServeFailover : public QObject
{
    Q_OBJECT

    QString m_binary;
    QTemporaryDir m_dir;

    /// Starts `serve` and returns its HTTP port (0 on failure).
    quint16 startServe(QProcess& p, const QString& bootstrap, const std::string& conninfo)
    {
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its log lines in the test output
        p.start(m_binary, {"serve", "--kafka-bootstrap", bootstrap, "--pg-url", QString::fromStdString(conninfo),
                           "--http-port", "0"});
        if (!p.waitForStarted())
            return 0;
        QString out;
        QRegularExpressionMatch m;
        QElapsedTimer clock;
        clock.start();
        while (!m.hasMatch() && clock.elapsed() < 30000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            out += QString::fromUtf8(p.readAllStandardOutput());
            m = QRegularExpression(R"(serving http://127\.0\.0\.1:(\d+)/health)").match(out);
        }
        return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
    }

    static BusSettings bus(const QString& bootstrap) { return {bootstrap.toStdString(), {}, false}; }

    void publish(const QString& bootstrap, int from, int to)
    {
        std::string error;
        auto producer = KafkaProducer::create(bus(bootstrap), error);
        QVERIFY2(producer, error.c_str());
        KafkaHealthSink sink(std::move(producer));
        for (int i = from; i < to; ++i)
            QVERIFY(sink.publish(upload(i)));
        sink.producer().flush(10000);
    }

    template <typename Event>
    void publishEvents(const QString& bootstrap, std::string_view topic, const std::vector<Event>& events)
    {
        std::string error;
        auto producer = KafkaProducer::create(bus(bootstrap), error);
        QVERIFY2(producer, error.c_str());
        for (const Event& e : events)
            QVERIFY(producer->produce(topic, e.userId, appcodec::encode(e)));
        QVERIFY(producer->flush(10000));
    }

    /// Every message on activity-progress, read to the end of each partition.
    void readActivityProgress(const QString& bootstrap, std::vector<std::string>& payloads)
    {
        std::string error;
        auto reader = BroadcastReader::create(bus(bootstrap), {std::string(topics::kActivityProgress)}, 5000, error);
        QVERIFY2(reader && reader->rewind(error), error.c_str());
        std::vector<KafkaMessagePtr> batch;
        QElapsedTimer clock;
        clock.start();
        while (!reader->caughtUp() && clock.elapsed() < 20000) {
            reader->consumeBatch(batch, 1000, 100);
            for (const KafkaMessagePtr& m : batch)
                if (!m->err)
                    payloads.emplace_back(static_cast<const char*>(m->payload), m->len);
        }
        QVERIFY(reader->caughtUp());
    }

private slots:
    void survivorTakesOverWithoutLossOrDoubleCounting()
    {
        m_binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QVERIFY(m_dir.isValid());
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther);
        QString pgError;
        auto postgres = EmbeddedPostgres::start(m_dir.filePath("pg"), pgError);
        QVERIFY2(postgres, qPrintable(pgError));
        const std::string conninfo = postgres->connectionString();

        QProcess broker;
        const QString bootstrap = testsupport::startBroker(broker, m_binary);
        QVERIFY(!bootstrap.isEmpty());
        // Where the producers put each user's uploads, so that snapshots can be checked per partition.
        std::string error;
        const std::optional<KeyPartitioner> keys = KeyPartitioner::fromSettings(bus(bootstrap), error);
        QVERIFY2(keys, error.c_str());
        const std::int32_t healthPartitions = partitionCount(topics::kHealthMetrics);
        std::map<std::int32_t, int> usersPerPartition;
        for (int u = 0; u < kUsers; ++u)
            ++usersPerPartition[keys->partitionOf(userName(u), healthPartitions)];

        QProcess a, survivor;
        const quint16 portA = startServe(a, bootstrap, conninfo);
        const quint16 portB = startServe(survivor, bootstrap, conninfo);
        QVERIFY(portA && portB);
        // Both members have partitions in both groups (each settles after the second join).
        QTRY_VERIFY_WITH_TIMEOUT(metric(portA, "nexus_consumer_lag_messages") >= 0 &&
                                     metric(portB, "nexus_consumer_lag_messages") >= 0 &&
                                     metric(portA, "nexus_activity_partitions_owned") > 0 &&
                                     metric(portB, "nexus_activity_partitions_owned") > 0,
                                 40000);

        // The activity side's goals, then workouts, each applied before the next (a workout ahead
        // of the sign-up would count on a UTC day), all before the uploads.
        std::vector<UserEvent> userEvents;
        std::vector<WorkoutEvent> workouts;
        for (int u = 0; u < kUsers; ++u) {
            for (const UserEvent& e : accountEvents(u))
                userEvents.push_back(e);
            workouts.push_back(walkSummary(u));
        }
        const auto activityApplied = [&](std::string_view topic) {
            return activityConsumed(portA, topic) + activityConsumed(portB, topic);
        };
        publishEvents(bootstrap, topics::kUserEvents, userEvents);
        QTRY_VERIFY_WITH_TIMEOUT(activityApplied(topics::kUserEvents) >= double(userEvents.size()), 20000);
        publishEvents(bootstrap, topics::kWorkoutData, workouts);
        QTRY_VERIFY_WITH_TIMEOUT(activityApplied(topics::kWorkoutData) >= double(workouts.size()), 20000);

        const int phase = kUsers * kBatchesPerUserPerPhase;
        const int half = phase / 2;
        const auto consumed = [&] {
            return metric(portA, "nexus_messages_consumed_total") + metric(portB, "nexus_messages_consumed_total");
        };
        publish(bootstrap, 0, half);
        QTRY_VERIFY_WITH_TIMEOUT(consumed() >= half, 30000);
        // Both processors of both members save their partitions' snapshots every 30 s (they
        // started together). A is killed after those of its partitions hold the first half of
        // the input and it read more: the survivor restores them and then replays.
        const int uploadsBeforeSnapshots = half / kUsers;
        QTRY_VERIFY_WITH_TIMEOUT(
            snapshotsCover(conninfo, kHealthGroup, usersPerPartition, uploadsBeforeSnapshots) &&
                snapshotsCover(conninfo, kActivityGroup, usersPerPartition, uploadsBeforeSnapshots),
            70000);
        publish(bootstrap, half, phase);
        QTRY_VERIFY_WITH_TIMEOUT(consumed() >= phase && activityApplied(topics::kHealthMetrics) >= phase, 30000);
        const double shareA = metric(portA, "nexus_messages_consumed_total");
        QVERIFY2(shareA > 0 && shareA < phase, qPrintable(QString::number(shareA))); // they split the work
        qInfo("A handled %.0f of %d messages (activity: %.0f); the snapshots of both groups' %zu partitions with "
              "users hold the first %d uploads of each user",
              shareA, phase, activityConsumed(portA, topics::kHealthMetrics), usersPerPartition.size(),
              uploadsBeforeSnapshots);

        ::kill(pid_t(a.processId()), SIGKILL);
        QVERIFY(a.waitForFinished(5000));
        publish(bootstrap, phase, 2 * phase);
        // The survivor takes A's partitions after the session timeout and catches up.
        QElapsedTimer clock;
        clock.start();
        long long rows = 0;
        double lag = -1;
        while (clock.elapsed() < 90000) {
            rows = storedRows(conninfo);
            lag = metric(portB, "nexus_consumer_lag_messages");
            if (rows == 2LL * phase * kSamplesPerBatch)
                break;
            QTest::qWait(500);
        }
        qInfo("survivor caught up after %.1f s: %lld rows stored, lag %.0f", double(clock.elapsed()) / 1000, rows, lag);
        QCOMPARE(rows, 2LL * phase * kSamplesPerBatch);
        // Not asserted: after the takeover the survivor's reported lag stays above 0 although it
        // has read everything (a known issue of the lag figure after a rebalance; see issue 6).
        // So the activity side's progress is read from its snapshots instead: its next one (at
        // most 30 s on) holds every upload once it read them all.
        QTRY_VERIFY_WITH_TIMEOUT(
            snapshotsCover(conninfo, kActivityGroup, usersPerPartition, 2 * kBatchesPerUserPerPhase), 45000);
        qInfo("survivor's activity processor read every upload after %.1f s", double(clock.elapsed()) / 1000);

        survivor.terminate(); // SIGTERM: saves every partition's twins (and activity days)
        QVERIFY(survivor.waitForFinished(20000));
        QCOMPARE(survivor.exitCode(), 0);

        // What one process would have made of the whole stream.
        HealthAnalyzer reference;
        std::map<std::string, std::string> expectedEpisodes;
        std::map<std::string, std::uint64_t> expectedSteps;
        std::vector<AlertEvent> alerts;
        for (int i = 0; i < 2 * phase; ++i) {
            const HealthBatch b = upload(i);
            for (const HealthSample& sample : b.samples)
                expectedSteps[b.userId] += sample.steps;
            alerts.clear();
            reference.analyze(b, alerts);
            for (const AlertEvent& alert : alerts)
                expectedEpisodes[alert.alertId] = alert.state == AlertState::Closed ? "closed" : "open";
        }
        // About 5 tachycardia episodes per user: the comparison below means something.
        QVERIFY2(expectedEpisodes.size() >= std::size_t(kUsers) * 4, qPrintable(QString::number(expectedEpisodes.size())));

        // Every user's twin counted each of its samples exactly once.
        pqxx::connection db(conninfo);
        TwinTable twins;
        int restored = 0;
        for (std::int32_t p = 0; p < healthPartitions; ++p)
            if (auto s = store::loadSnapshot(db, kHealthGroup, std::string(topics::kHealthMetrics), p)) {
                PartitionState state;
                QCOMPARE(s->format, kPartitionStateFormat);
                QVERIFY(decodePartitionState(s->state, state));
                QVERIFY(twins.restorePartition(p, state.twins));
                QCOMPARE(int(state.detectors.size()), s->twins); // every user's detectors went along
                restored += s->twins;
            }
        QCOMPARE(restored, kUsers);
        for (int u = 0; u < kUsers; ++u) {
            const std::string user = userName(u);
            const TwinSummary* t = twins.find(user);
            QVERIFY(t);
            QCOMPARE(t->sampleCount, std::uint64_t(2 * kBatchesPerUserPerPhase * kSamplesPerBatch));
            QCOMPARE(t->stepsTotal, expectedSteps[user]);
        }
        QCOMPARE(storedRows(conninfo), 2LL * phase * kSamplesPerBatch);

        // The same alert episodes, each once, in the same final state.
        const std::map<std::string, std::string> stored = storedEpisodes(conninfo);
        for (const auto& [key, state] : expectedEpisodes) {
            const auto it = stored.find(key);
            QVERIFY2(it != stored.end(), ("missing episode " + key).c_str());
            QVERIFY2(it->second == state, (key + ": stored " + it->second + ", expected " + state).c_str());
        }
        for (const auto& [key, state] : stored)
            QVERIFY2(expectedEpisodes.count(key), ("episode a single process would not have: " + key).c_str());
        qInfo("%zu alert episodes, as a single process found", stored.size());

        // Every user's days end with the totals one process reports, and the same goals are reached.
        const ActivityOutcome single = summarise(singleProcessActivity(2 * phase));
        std::vector<std::string> published;
        readActivityProgress(bootstrap, published);
        const ActivityOutcome failover = summarise(published);
        QCOMPARE(failover.undecodable, std::size_t(0));
        std::set<std::string> users;
        std::set<DayNumber> days;
        std::size_t closedDays = 0;
        for (const auto& [key, totals] : single.days) {
            users.insert(key.first);
            days.insert(key.second);
            closedDays += totals.closed;
        }
        // The input means something: every user has two days, the first closed after the kill,
        // and goals are reached on both (not every one by every user).
        QCOMPARE(users.size(), std::size_t(kUsers));
        QCOMPARE(single.days.size(), std::size_t(2 * kUsers));
        QCOMPARE(closedDays, std::size_t(kUsers));
        QVERIFY2(single.goalsReached.size() > std::size_t(2 * kUsers) &&
                     single.goalsReached.size() < std::size_t(6 * kUsers),
                 qPrintable(QString::number(single.goalsReached.size())));
        QCOMPARE(single.announcements, single.goalsReached.size()); // one process announces each once
        // Counted whole, so that a failure tells how much differs.
        std::size_t daysDiffering = 0;
        std::string firstDifference;
        for (const auto& [key, totals] : single.days) {
            const auto it = failover.days.find(key);
            if (it != failover.days.end() && it->second == totals)
                continue;
            if (daysDiffering++ == 0)
                firstDifference = key.first + " " + calendar::isoDate(key.second) + ": after the failover " +
                                  (it == failover.days.end() ? "no message" : it->second.text()) +
                                  "; one process: " + totals.text();
        }
        QVERIFY2(daysDiffering == 0, (std::to_string(daysDiffering) + " of " + std::to_string(single.days.size()) +
                                      " user days differ, first " + firstDifference)
                                         .c_str());
        QCOMPARE(failover.days.size(), single.days.size()); // and it has no others
        using GoalIdentity = std::tuple<std::string, DayNumber, Goal>;
        std::vector<GoalIdentity> missing, extra;
        std::set_difference(single.goalsReached.begin(), single.goalsReached.end(), failover.goalsReached.begin(),
                            failover.goalsReached.end(), std::back_inserter(missing));
        std::set_difference(failover.goalsReached.begin(), failover.goalsReached.end(), single.goalsReached.begin(),
                            single.goalsReached.end(), std::back_inserter(extra));
        const auto describe = [](const std::vector<GoalIdentity>& goals) {
            return goals.empty() ? std::string()
                                 : ", first " + std::get<0>(goals[0]) + " " + calendar::isoDate(std::get<1>(goals[0])) +
                                       " " + goalName(std::get<2>(goals[0]));
        };
        QVERIFY2(missing.empty() && extra.empty(),
                 (std::to_string(missing.size()) + " goals reached never announced" + describe(missing) + "; " +
                  std::to_string(extra.size()) + " announced that one process does not reach" + describe(extra))
                     .c_str());
        const std::size_t repeats = failover.announcements - failover.goalsReached.size();
        qInfo("activity: %zu users, %zu user days (%zu closed) over %zu local days and %zu goals reached, as a single "
              "process; %zu goal-reached announcements repeated after the takeover (%zu messages against %zu)",
              users.size(), single.days.size(), closedDays, days.size(), single.goalsReached.size(), repeats,
              failover.messages, single.messages);

        broker.terminate();
        QVERIFY(broker.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestServeFailover)
#include "tst_serve_failover.moc"
