// The activity tracker: steps and active minutes per local day, goals reached exactly once,
// streaks over days (a missed day and a day without data end them), goal changes mid-day,
// out-of-order samples within the lateness counted and older ones rejected as late, re-delivered
// uploads counted once, training load per day and week, throttled progress, bounded state that
// survives a snapshot, and the activity-progress codec.

#include "backend/activity/ActivityTracker.h"
#include "backend/activity/LocalTime.h"
#include "backend/codec/ActivityProgressCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace nexus;
using activity::InputOutcome;

// QTest prints these in failure messages (it frees what toString returns).
namespace nexus::activity {
char* toString(InputOutcome v)
{
    return qstrdup(outcomeName(v));
}
} // namespace nexus::activity

namespace {

using Goal = UserEvent::Goal;
using Reason = ActivityProgress::Reason;
using Uploads = std::vector<std::vector<HealthSample>>;

const std::string kUser = "u0000042";
const DayNumber kDay0 = calendar::daysFromCivil(2025, 11, 24);

/// A UTC time on day kDay0 + `day`.
TimestampUs at(int day, int hour, int minute, int second = 0)
{
    return startOfDayUs(kDay0 + day) + ((hour * 60LL + minute) * 60 + second) * kUsPerSecond;
}

HealthSample sample(TimestampUs tsUs, int steps = 0, int hrBpm = 70, bool workout = false)
{
    HealthSample s;
    s.tsUs = tsUs;
    s.steps = std::uint16_t(steps);
    s.hrBpm = std::uint16_t(hrBpm);
    s.workout = workout;
    return s;
}

/// One sample a minute from `fromUs`, `steps` each.
std::vector<HealthSample> perMinute(TimestampUs fromUs, int count, int steps, int hrBpm = 70)
{
    std::vector<HealthSample> out;
    for (int i = 0; i < count; ++i)
        out.push_back(sample(fromUs + i * activity::kUsPerMinute, steps, hrBpm));
    return out;
}

HealthBatch batchOf(std::vector<HealthSample> samples, const std::string& user = kUser)
{
    HealthBatch b;
    b.userId = user;
    b.deviceId = "d-" + user;
    b.samples = std::move(samples);
    b.sentAtUs = b.samples.empty() ? 0 : b.samples.back().tsUs + 500000;
    return b;
}

UserEvent signUp(const std::string& zone, float hrRest = 60.0f, float hrMax = 180.0f)
{
    UserEvent e;
    e.kind = UserEvent::Kind::SignUp;
    e.userId = kUser;
    e.tsUs = at(-30, 8, 0);
    e.sentAtUs = e.tsUs + 1000;
    e.profile.ageYears = 35.0f;
    e.profile.hrRestBpm = hrRest;
    e.profile.hrMaxBpm = hrMax;
    e.timeZone = zone;
    return e;
}

UserEvent goalSet(Goal goal, double target, TimestampUs tsUs)
{
    UserEvent e;
    e.kind = UserEvent::Kind::GoalSet;
    e.userId = kUser;
    e.tsUs = tsUs;
    e.sentAtUs = tsUs + 1000;
    e.goal = goal;
    e.goalTarget = target;
    return e;
}

WorkoutEvent summary(const std::string& id, TimestampUs startUs, TimestampUs endUs, double trimp)
{
    WorkoutEvent e;
    e.phase = WorkoutEvent::Phase::Summary;
    e.userId = kUser;
    e.deviceId = "d-" + kUser;
    e.workoutId = id;
    e.sport = "run";
    e.tsUs = endUs;
    e.sentAtUs = endUs + 1000;
    e.startUs = startUs;
    e.durationS = int((endUs - startUs) / kUsPerSecond);
    e.avgHrBpm = 140;
    e.maxHrBpm = 170;
    e.trimp = trimp;
    return e;
}

int countReached(const std::vector<ActivityProgress>& messages, Goal goal, DayNumber day)
{
    int n = 0;
    for (const ActivityProgress& m : messages)
        if (m.day == day)
            n += int(std::count(m.goalReached.begin(), m.goalReached.end(), goal));
    return n;
}

std::vector<ActivityProgress> withReason(const std::vector<ActivityProgress>& messages, Reason reason)
{
    std::vector<ActivityProgress> out;
    for (const ActivityProgress& m : messages)
        if (m.reason == reason)
            out.push_back(m);
    return out;
}

ActivityProgress progressOf(const ActivityTracker& tracker, DayNumber day)
{
    const std::optional<ActivityProgress> p = tracker.progress(kUser, day);
    if (!p)
        qFatal("day %s is not open", calendar::isoDate(day).c_str());
    return *p;
}

} // namespace

Q_DECLARE_METATYPE(Uploads)

class TestActivityTracker : public QObject
{
    Q_OBJECT

private slots:
    void defaultGoals();
    void utcOffsets();
    void stepsOnLocalDays();
    void activeMinutes_data();
    void activeMinutes();
    void goalReachedExactlyOnce();
    void streaksOverDays();
    void goalLoweredMidDay();
    void goalRaisedMidDay();
    void outOfOrderWithinLatenessCounts();
    void beyondLatenessRejectedAsLate();
    void redeliveredBatchesCountOnce();
    void dayClosesAfterLateness();
    void trainingLoadPerDayAndWeek();
    void progressThrottledByEventTime();
    void snapshotResumesExactly();
    void snapshotRejectsForeignBlobs();
    void stateStaysBounded();
    void codecRoundTrip();
    void codecRoundTripOfTrackerOutput();
    void codecRejects_data();
    void codecRejects();
    void schemaExamplesDecode();
};

void TestActivityTracker::defaultGoals()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf({sample(at(0, 9, 0), 10)}), out);
    const ActivityProgress p = progressOf(tracker, kDay0);
    QCOMPARE(p.goal(Goal::DailySteps).target, 8000.0);
    QCOMPARE(p.goal(Goal::DailyActiveMinutes).target, 30.0);
    QCOMPARE(p.goal(Goal::WeeklyTrimp).target, 0.0); // no weekly goal until set
    QCOMPARE(p.goal(Goal::DailySteps).progress, 10.0 / 8000.0);
    QCOMPARE(p.utcOffsetMinutes, 0); // UTC until a sign-up says otherwise
    QCOMPARE(tracker.settings().allowedLatenessUs, 2 * 3600 * kUsPerSecond);
}

void TestActivityTracker::utcOffsets()
{
    const std::pair<const char*, std::optional<int>> cases[] = {
        {"UTC+01:00", 60},           {"UTC-03:30", -210},
        {"UTC+14:00", 840},          {"UTC+00:00", 0},
        {"UTC+14:01", std::nullopt}, {"UTC+01:60", std::nullopt},
        {"UTC01:00", std::nullopt},  {"Europe/Paris", std::nullopt},
        {"", std::nullopt}};
    for (const auto& [zone, minutes] : cases)
        QVERIFY2(activity::parseUtcOffset(zone) == minutes, zone);
}

void TestActivityTracker::stepsOnLocalDays()
{
    // 22:50 UTC is 23:50 in UTC+01:00 (same day); 23:30 UTC is 00:30 of the next local day.
    const std::vector<HealthSample> samples = {sample(at(0, 22, 50), 100), sample(at(0, 23, 30), 200)};
    ActivityTracker local;
    std::vector<ActivityProgress> out;
    QCOMPARE(local.addUserEvent(signUp("UTC+01:00"), out).outcome, InputOutcome::Applied);
    local.addBatch(batchOf(samples), out);
    QCOMPARE(local.openDays(kUser), (std::vector<DayNumber>{kDay0, kDay0 + 1}));
    QCOMPARE(progressOf(local, kDay0).steps, std::int64_t(100));
    QCOMPARE(progressOf(local, kDay0 + 1).steps, std::int64_t(200));
    QCOMPARE(progressOf(local, kDay0 + 1).utcOffsetMinutes, 60);

    ActivityTracker utc; // no sign-up: both on the UTC day
    utc.addBatch(batchOf(samples), out);
    QCOMPARE(utc.openDays(kUser), (std::vector<DayNumber>{kDay0}));
    QCOMPARE(progressOf(utc, kDay0).steps, std::int64_t(300));

    ActivityTracker west; // UTC−03:30: 02:00 UTC on day 1 is 22:30 on day 0
    west.addUserEvent(signUp("UTC-03:30"), out);
    west.addBatch(batchOf({sample(at(1, 2, 0), 70), sample(at(1, 3, 30), 30)}), out);
    QCOMPARE(progressOf(west, kDay0).steps, std::int64_t(70));
    QCOMPARE(progressOf(west, kDay0 + 1).steps, std::int64_t(30));
}

void TestActivityTracker::activeMinutes_data()
{
    QTest::addColumn<Uploads>("uploads");
    QTest::addColumn<int>("expected");

    const TimestampUs m0 = at(0, 10, 0);
    const auto oneHz = [&](int seconds, int steps, int hr, bool workout) {
        std::vector<HealthSample> out;
        for (int i = 0; i < seconds; ++i)
            out.push_back(sample(m0 + i * kUsPerSecond, steps, hr, workout));
        return out;
    };
    std::vector<HealthSample> fiftyNine = oneHz(60, 1, 70, false);
    fiftyNine.back().steps = 0;
    QTest::newRow("59 steps at 1 Hz") << Uploads{fiftyNine} << 0;
    QTest::newRow("60 steps at 1 Hz") << Uploads{oneHz(60, 1, 70, false)} << 1;
    QTest::newRow("60 steps in one sample") << Uploads{{sample(m0 + 30 * kUsPerSecond, 60)}} << 1;
    QTest::newRow("steps split over two uploads")
        << Uploads{{sample(m0 + 10 * kUsPerSecond, 30)}, {sample(m0 + 50 * kUsPerSecond, 30)}} << 1;
    QTest::newRow("steps of two minutes stay apart")
        << Uploads{{sample(m0 + 50 * kUsPerSecond, 40), sample(m0 + 70 * kUsPerSecond, 40)}} << 0;
    // Profile 60/180: 50 % of the reserve is 120 bpm.
    QTest::newRow("HR at 50 % of reserve") << Uploads{{sample(m0, 0, 120)}} << 1;
    QTest::newRow("HR just below") << Uploads{{sample(m0, 0, 119)}} << 0;
    QTest::newRow("workout flag") << Uploads{{sample(m0, 0, 80, true)}} << 1;
    QTest::newRow("3 workout minutes at 1 Hz, every rule") << Uploads{oneHz(180, 2, 150, true)} << 3;
    QTest::newRow("re-delivered minute") << Uploads{oneHz(60, 1, 70, false), oneHz(60, 1, 70, false)} << 1;
}

void TestActivityTracker::activeMinutes()
{
    QFETCH(Uploads, uploads);
    QFETCH(int, expected);
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addUserEvent(signUp("UTC+00:00", 60.0f, 180.0f), out);
    for (const std::vector<HealthSample>& samples : uploads)
        tracker.addBatch(batchOf(samples), out);
    QCOMPARE(progressOf(tracker, kDay0).activeMinutes, expected);
}

void TestActivityTracker::goalReachedExactlyOnce()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    // 60 minutes of 100 steps: 6,000 steps and 60 active minutes (minutes goal reached, not steps).
    tracker.addBatch(batchOf(perMinute(at(0, 10, 0), 60, 100)), out);
    QCOMPARE(countReached(out, Goal::DailyActiveMinutes, kDay0), 1);
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0), 0);

    const HealthBatch crossing = batchOf(perMinute(at(0, 11, 0), 30, 100)); // to 9,000 steps
    out.clear();
    tracker.addBatch(crossing, out);
    const std::vector<ActivityProgress> reached = withReason(out, Reason::GoalReached);
    QCOMPARE(int(reached.size()), 1);
    const ActivityProgress& m = reached.front();
    QCOMPARE(m.goalReached, (std::vector<Goal>{Goal::DailySteps}));
    QCOMPARE(m.userId, kUser);
    QCOMPARE(m.day, kDay0);
    QCOMPARE(m.steps, std::int64_t(9000));
    QCOMPARE(m.activeMinutes, 90);
    QCOMPARE(m.goal(Goal::DailySteps).progress, 9000.0 / 8000.0);
    QVERIFY(m.goal(Goal::DailySteps).reached);
    QCOMPARE(m.goal(Goal::DailySteps).streakDays, 1);
    QCOMPARE(m.sourceSentAtUs, crossing.sentAtUs);
    QCOMPARE(m.eventTimeUs, crossing.samples.back().tsUs);

    // Re-delivered, then more steps: never a second goal-reached for the day.
    out.clear();
    const activity::BatchResult again = tracker.addBatch(crossing, out);
    QCOMPARE(again.counted, std::size_t(0));
    QCOMPARE(again.duplicates, std::size_t(30));
    tracker.addBatch(batchOf(perMinute(at(0, 12, 0), 30, 100)), out);
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0), 0);
    QCOMPARE(countReached(out, Goal::DailyActiveMinutes, kDay0), 0);
    QCOMPARE(progressOf(tracker, kDay0).steps, std::int64_t(12000));
}

void TestActivityTracker::streaksOverDays()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addUserEvent(goalSet(Goal::DailySteps, 1000, at(-1, 0, 0)), out);
    // Steps per day: reached, reached, reached, missed, reached, no data at all, reached.
    const int steps[] = {1200, 1500, 1000, 500, 2000, -1, 1100};
    for (int day = 0; day < 7; ++day) {
        if (steps[day] < 0)
            continue;
        if (day == 2) {
            // 00:30: day 1 is still open (2 h lateness); today's streak already counts it.
            tracker.addBatch(batchOf({sample(at(2, 0, 30), 10)}), out);
            QCOMPARE(tracker.openDays(kUser), (std::vector<DayNumber>{kDay0 + 1, kDay0 + 2}));
            const ActivityProgress early = progressOf(tracker, kDay0 + 2);
            QVERIFY(!early.goal(Goal::DailySteps).reached);
            QCOMPARE(early.goal(Goal::DailySteps).streakDays, 2); // up to yesterday
            tracker.addBatch(batchOf({sample(at(2, 12, 0), steps[day] - 10)}), out);
            QCOMPARE(progressOf(tracker, kDay0 + 2).goal(Goal::DailySteps).streakDays, 3); // plus today
            continue;
        }
        tracker.addBatch(batchOf({sample(at(day, 12, 0), steps[day])}), out);
    }
    const std::vector<ActivityProgress> closed = withReason(out, Reason::DayClosed);
    QCOMPARE(int(closed.size()), 5); // days 0..4; day 5 had no data, day 6 is open
    const int expectedStreak[] = {1, 2, 3, 0, 1};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(closed[std::size_t(i)].day, kDay0 + i);
        QCOMPARE(closed[std::size_t(i)].goal(Goal::DailySteps).streakDays, expectedStreak[i]);
        QCOMPARE(closed[std::size_t(i)].goal(Goal::DailySteps).reached, i != 3);
    }
    // Day 5 without data ends the run of day 4.
    QCOMPARE(progressOf(tracker, kDay0 + 6).goal(Goal::DailySteps).streakDays, 1);
    // Each reached day announced once.
    for (int day : {0, 1, 2, 4, 6})
        QCOMPARE(countReached(out, Goal::DailySteps, kDay0 + day), 1);
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0 + 3), 0);
}

void TestActivityTracker::goalLoweredMidDay()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf(perMinute(at(0, 10, 0), 60, 100)), out); // 6,000 steps by 10:59
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0), 0);

    // Set on the phone at 12:00, ahead of the device's 10:59: not in effect yet.
    out.clear();
    QCOMPARE(tracker.addUserEvent(goalSet(Goal::DailySteps, 5000, at(0, 12, 0)), out).outcome, InputOutcome::Applied);
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0), 0);
    QCOMPARE(progressOf(tracker, kDay0).goal(Goal::DailySteps).target, 8000.0);

    // An older goal-set arriving later does not replace the newer one from 12:00 on.
    QCOMPARE(tracker.addUserEvent(goalSet(Goal::DailySteps, 7000, at(0, 9, 0)), out).outcome, InputOutcome::Applied);
    QCOMPARE(progressOf(tracker, kDay0).goal(Goal::DailySteps).target, 7000.0); // 9:00's goal holds at 10:59
    QCOMPARE(tracker.addUserEvent(goalSet(Goal::DailySteps, 7000, at(0, 9, 0)), out).outcome, InputOutcome::Duplicate);

    tracker.addBatch(batchOf({sample(at(0, 12, 5), 0)}), out); // event time passes 12:00
    const std::vector<ActivityProgress> reached = withReason(out, Reason::GoalReached);
    QCOMPARE(int(reached.size()), 1);
    QCOMPARE(reached.front().goal(Goal::DailySteps).target, 5000.0);
    QCOMPARE(reached.front().goalReached, (std::vector<Goal>{Goal::DailySteps}));

    // Lowered while already in effect: reached at once, by the goal-set itself.
    ActivityTracker other;
    std::vector<ActivityProgress> out2;
    other.addBatch(batchOf(perMinute(at(0, 10, 0), 60, 100)), out2);
    out2.clear();
    other.addUserEvent(goalSet(Goal::DailySteps, 5500, at(0, 10, 30)), out2);
    QCOMPARE(countReached(out2, Goal::DailySteps, kDay0), 1);
}

void TestActivityTracker::goalRaisedMidDay()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf(perMinute(at(0, 10, 0), 90, 100)), out); // 9,000 steps: reached under 8,000
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0), 1);
    tracker.addUserEvent(goalSet(Goal::DailySteps, 12000, at(0, 11, 0)), out);
    ActivityProgress p = progressOf(tracker, kDay0);
    QCOMPARE(p.goal(Goal::DailySteps).target, 12000.0);
    QCOMPARE(p.goal(Goal::DailySteps).progress, 9000.0 / 12000.0);
    QVERIFY(p.goal(Goal::DailySteps).reached);                        // reached today stays reached
    tracker.addBatch(batchOf(perMinute(at(0, 12, 0), 40, 100)), out); // 13,000 steps
    QCOMPARE(countReached(out, Goal::DailySteps, kDay0), 1);          // still once per day
}

void TestActivityTracker::outOfOrderWithinLatenessCounts()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf(perMinute(at(0, 12, 0), 10, 70)), out);
    // 1 h 30 min older than the newest: within the 2 h lateness.
    const activity::BatchResult r = tracker.addBatch(batchOf(perMinute(at(0, 10, 30), 10, 70)), out);
    QCOMPARE(r.counted, std::size_t(10));
    QVERIFY(r.late.empty());
    const ActivityProgress p = progressOf(tracker, kDay0);
    QCOMPARE(p.steps, std::int64_t(1400));
    QCOMPARE(p.activeMinutes, 20);
    QCOMPARE(p.eventTimeUs, at(0, 12, 9)); // a late batch does not move event time back
}

void TestActivityTracker::beyondLatenessRejectedAsLate()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf({sample(at(0, 12, 0), 100)}), out);
    const HealthSample tooOld = sample(at(0, 9, 59, 59), 50);
    const HealthSample justInTime = sample(at(0, 10, 0, 0), 30); // exactly 2 h behind
    const activity::BatchResult r = tracker.addBatch(batchOf({tooOld, justInTime}), out);
    QCOMPARE(r.counted, std::size_t(1));
    QCOMPARE(int(r.late.size()), 1);
    QCOMPARE(r.late.front(), tooOld);
    QCOMPARE(r.acceptFromUs, at(0, 10, 0));
    QCOMPARE(progressOf(tracker, kDay0).steps, std::int64_t(130));
    QCOMPARE(tracker.stats().samplesLate, std::uint64_t(1));

    activity::ActivitySettings strict;
    strict.allowedLatenessUs = 10 * kUsPerSecond;
    ActivityTracker tight(strict);
    tight.addBatch(batchOf({sample(at(0, 12, 0), 100)}), out);
    QCOMPARE(tight.addBatch(batchOf({sample(at(0, 11, 59, 49), 5)}), out).late.size(), std::size_t(1));
    QCOMPARE(tight.addBatch(batchOf({sample(at(0, 11, 59, 50), 5)}), out).counted, std::size_t(1));
}

void TestActivityTracker::redeliveredBatchesCountOnce()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    std::vector<HealthSample> workout;
    for (int i = 0; i < 600; ++i) // 10 minutes at 1 Hz, 2 steps a second
        workout.push_back(sample(at(0, 10, 0, i), 2, 150, true));
    const HealthBatch first = batchOf(workout);
    QCOMPARE(tracker.addBatch(first, out).counted, std::size_t(600));
    const activity::BatchResult again = tracker.addBatch(first, out);
    QCOMPARE(again.counted, std::size_t(0));
    QCOMPARE(again.duplicates, std::size_t(600));

    // A retry that overlaps: the second half again plus 100 new seconds.
    std::vector<HealthSample> overlap(workout.begin() + 300, workout.end());
    for (int i = 600; i < 700; ++i)
        overlap.push_back(sample(at(0, 10, 0, i), 2, 150, true));
    const activity::BatchResult partly = tracker.addBatch(batchOf(overlap), out);
    QCOMPARE(partly.counted, std::size_t(100));
    QCOMPARE(partly.duplicates, std::size_t(300));

    // Event time moves on by an hour; the first upload comes again, still within the lateness.
    tracker.addBatch(batchOf({sample(at(0, 11, 10), 0)}), out);
    QCOMPARE(tracker.addBatch(first, out).duplicates, std::size_t(600));

    // Two readings within one second: the second is taken for a re-delivery (the tracker's unit is 1 s).
    const activity::BatchResult sameSecond =
        tracker.addBatch(batchOf({sample(at(0, 11, 20) + 100, 5), sample(at(0, 11, 20) + 900000, 5)}), out);
    QCOMPARE(sameSecond.counted, std::size_t(1));
    QCOMPARE(sameSecond.duplicates, std::size_t(1));

    const ActivityProgress p = progressOf(tracker, kDay0);
    QCOMPARE(p.steps, std::int64_t(700 * 2 + 5));
    QCOMPARE(p.activeMinutes, 12); // 10:00..10:11 (700 s) — 11:10 and 11:20 are quiet
    QCOMPARE(tracker.stats().samplesDuplicate, std::uint64_t(600 + 300 + 600 + 1));
}

void TestActivityTracker::dayClosesAfterLateness()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf({sample(at(0, 23, 0), 100)}), out);
    tracker.addBatch(batchOf({sample(at(1, 1, 0), 10)}), out); // 01:00: day 0 still open
    QCOMPARE(tracker.openDays(kUser), (std::vector<DayNumber>{kDay0, kDay0 + 1}));
    QVERIFY(withReason(out, Reason::DayClosed).empty());
    QCOMPARE(tracker.addBatch(batchOf({sample(at(0, 23, 30), 50)}), out).counted, std::size_t(1)); // late fill-in

    tracker.addBatch(batchOf({sample(at(1, 1, 59, 59), 0)}), out);
    QVERIFY(withReason(out, Reason::DayClosed).empty()); // the lateness has not passed yet
    tracker.addBatch(batchOf({sample(at(1, 2, 0), 0)}), out);
    std::vector<ActivityProgress> closed = withReason(out, Reason::DayClosed);
    QCOMPARE(int(closed.size()), 1);
    QCOMPARE(closed.front().day, kDay0);
    QCOMPARE(closed.front().steps, std::int64_t(150));
    QCOMPARE(tracker.openDays(kUser), (std::vector<DayNumber>{kDay0 + 1}));

    // Closed for good: a sample of day 0 is late now, and no second close follows.
    QCOMPARE(tracker.addBatch(batchOf({sample(at(0, 23, 45), 5)}), out).late.size(), std::size_t(1));
    tracker.addBatch(batchOf({sample(at(1, 9, 0), 5)}), out);
    QCOMPARE(int(withReason(out, Reason::DayClosed).size()), 1);
    QVERIFY(!tracker.progress(kUser, kDay0));
}

void TestActivityTracker::trainingLoadPerDayAndWeek()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addUserEvent(signUp("UTC+01:00"), out);
    tracker.addUserEvent(goalSet(Goal::WeeklyTrimp, 65, at(-1, 0, 0)), out);
    for (int day = 0; day < 8; ++day) {
        const std::string id = "w-" + std::to_string(day);
        const WorkoutEvent w = summary(id, at(day, 6, 0), at(day, 7, 0), 10.0);
        QCOMPARE(tracker.addWorkout(w, out).outcome, InputOutcome::Applied);
        QCOMPARE(tracker.addWorkout(w, out).outcome, InputOutcome::Duplicate); // re-delivered
        tracker.addBatch(batchOf({sample(at(day, 12, 0), 10)}), out);
        if (day == 5) {
            // Day 6 reaches 65 over the week only with day 0's load still inside the 7 days.
            QCOMPARE(progressOf(tracker, kDay0 + 5).trimpWeek, 60.0);
        }
    }
    const ActivityProgress day7 = progressOf(tracker, kDay0 + 7);
    QCOMPARE(day7.trimpDay, 10.0);
    QCOMPARE(day7.trimpWeek, 70.0); // days 1..7; day 0 fell out
    QCOMPARE(countReached(out, Goal::WeeklyTrimp, kDay0 + 6), 1);
    QCOMPARE(countReached(out, Goal::WeeklyTrimp, kDay0 + 5), 0);
    QCOMPARE(day7.goal(Goal::WeeklyTrimp).streakDays, 2); // days 6 and 7

    // A workout ending 23:30 UTC ends 00:30 local: it counts on the next local day.
    tracker.addWorkout(summary("late-night", at(7, 22, 45), at(7, 23, 30), 25.0), out);
    QCOMPARE(progressOf(tracker, kDay0 + 8).trimpDay, 25.0);
    QCOMPARE(progressOf(tracker, kDay0 + 7).trimpDay, 10.0);

    // Its day closed long ago: late. Start and stop carry no load.
    QCOMPARE(tracker.addWorkout(summary("old", at(2, 6, 0), at(2, 7, 0), 30.0), out).outcome, InputOutcome::Late);
    WorkoutEvent start = summary("x", at(7, 8, 0), at(7, 8, 0), 0.0);
    start.phase = WorkoutEvent::Phase::Start;
    QCOMPARE(tracker.addWorkout(start, out).outcome, InputOutcome::Ignored);
}

void TestActivityTracker::progressThrottledByEventTime()
{
    activity::ActivitySettings s;
    s.defaultDailySteps = 100000; // goals out of reach: only progress messages
    s.defaultDailyActiveMinutes = 1440;
    s.progressIntervalUs = 15 * activity::kUsPerMinute;
    ActivityTracker tracker(s);
    std::vector<ActivityProgress> out;
    for (int minute = 0; minute < 60; ++minute)
        tracker.addBatch(batchOf({sample(at(0, 10, minute), 10)}), out);
    const std::vector<ActivityProgress> progress = withReason(out, Reason::Progress);
    QCOMPARE(int(progress.size()), 4); // 10:00, 10:15, 10:30, 10:45
    QCOMPARE(progress[1].eventTimeUs, at(0, 10, 15));
    QCOMPARE(progress[3].steps, std::int64_t(460));
    QCOMPARE(out.size(), progress.size());

    // Late fill-ins and pure duplicates do not move event time: no message.
    out.clear();
    tracker.addBatch(batchOf({sample(at(0, 10, 0, 30), 10)}), out);
    tracker.addBatch(batchOf({sample(at(0, 10, 59), 10)}), out);
    QVERIFY(out.empty());
    tracker.addBatch(batchOf({sample(at(0, 11, 0), 10)}), out);
    QCOMPARE(int(out.size()), 1);
}

void TestActivityTracker::snapshotResumesExactly()
{
    std::vector<HealthBatch> first, second;
    for (int day = 0; day < 2; ++day)
        for (int hour = 8; hour < 20; hour += 3)
            first.push_back(batchOf(perMinute(at(day, hour, 0), 40, 90)));
    second.push_back(first.back());                               // re-delivered after the restore
    second.push_back(batchOf(perMinute(at(1, 22, 30), 20, 100))); // out of order within lateness below
    second.push_back(batchOf(perMinute(at(1, 21, 0), 20, 100)));
    for (int hour = 8; hour < 20; hour += 3)
        second.push_back(batchOf(perMinute(at(2, hour, 0), 40, 90)));

    ActivityTracker straight;
    std::vector<ActivityProgress> out, expected;
    straight.addUserEvent(signUp("UTC+02:00"), out);
    straight.addUserEvent(goalSet(Goal::DailySteps, 3000, at(0, 0, 0)), out);
    for (const HealthBatch& b : first)
        straight.addBatch(b, out);
    QVERIFY(straight.addWorkout(summary("w1", at(1, 6, 0), at(1, 7, 0), 42.5), out).outcome == InputOutcome::Applied);
    std::string blob;
    QVERIFY(straight.saveUserState(kUser, blob));
    for (const HealthBatch& b : second)
        straight.addBatch(b, expected);
    QVERIFY(straight.addWorkout(summary("w1", at(1, 6, 0), at(1, 7, 0), 42.5), expected).outcome == InputOutcome::Late);

    ActivityTracker resumed;
    QVERIFY(resumed.restoreUserState(kUser, blob));
    std::vector<ActivityProgress> got;
    for (const HealthBatch& b : second)
        resumed.addBatch(b, got);
    resumed.addWorkout(summary("w1", at(1, 6, 0), at(1, 7, 0), 42.5), got);
    QVERIFY(!expected.empty());
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        QCOMPARE(activitycodec::encode(got[i]), activitycodec::encode(expected[i]));
    QCOMPARE(progressOf(resumed, kDay0 + 2), progressOf(straight, kDay0 + 2));
}

void TestActivityTracker::snapshotRejectsForeignBlobs()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addBatch(batchOf(perMinute(at(0, 9, 0), 30, 100)), out);
    std::string blob;
    QVERIFY(tracker.saveUserState(kUser, blob));
    QVERIFY(!tracker.saveUserState("nobody", blob) && !blob.empty());

    ActivityTracker other;
    QVERIFY(!other.restoreUserState(kUser, std::string_view(blob).substr(0, blob.size() - 1))); // truncated
    QVERIFY(!other.restoreUserState(kUser, blob + "x"));                                        // trailing bytes
    QVERIFY(!other.restoreUserState(kUser, "not a snapshot"));
    QCOMPARE(other.userCount(), std::size_t(0));

    activity::ActivitySettings longer;
    longer.allowedLatenessUs = 3 * 3600 * kUsPerSecond;
    ActivityTracker different(longer);
    QVERIFY(!different.restoreUserState(kUser, blob)); // another lateness: another window
    QVERIFY(other.restoreUserState(kUser, blob));
    QCOMPARE(progressOf(other, kDay0).steps, std::int64_t(3000));
}

void TestActivityTracker::stateStaysBounded()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addUserEvent(signUp("UTC+05:30"), out);
    std::size_t maxBytes = 0;
    for (int day = 0; day < 10; ++day) {
        tracker.addUserEvent(goalSet(Goal::DailySteps, 9000 + day, at(day, 7, 0)), out); // a goal change a day
        for (int hour = 0; hour < 24; ++hour) {
            std::vector<HealthSample> samples;
            const bool training = hour == 18;
            for (int i = 0; i < (training ? 3600 : 60); ++i) // 1 Hz in the workout, 1/min otherwise
                samples.push_back(sample(at(day, hour, 0) + i * (training ? kUsPerSecond : activity::kUsPerMinute),
                                         training ? 3 : 10, training ? 150 : 65, training));
            tracker.addBatch(batchOf(std::move(samples)), out);
            maxBytes = std::max(maxBytes, tracker.userStateBytes(kUser));
        }
        tracker.addWorkout(summary("w" + std::to_string(day), at(day, 18, 0), at(day, 19, 0), 80.0), out);
    }
    qInfo("state per user: %zu bytes at most, %zu now (2 h lateness)", maxBytes, tracker.userStateBytes(kUser));
    QVERIFY(maxBytes > 1000); // the minute ring is in the count
    QVERIFY(maxBytes < 2500);
    QVERIFY(tracker.openDays(kUser).size() <= 2);
    QCOMPARE(int(withReason(out, Reason::DayClosed).size()), 10); // local days 0..9; day 10 open
    QCOMPARE(tracker.stats().samplesCounted, std::uint64_t(10 * (23 * 60 + 3600)));
}

void TestActivityTracker::codecRoundTrip()
{
    ActivityProgress m;
    m.reason = Reason::GoalReached;
    m.userId = "u0000042";
    m.day = kDay0;
    m.utcOffsetMinutes = -210;
    m.eventTimeUs = at(0, 18, 0);
    m.sourceSentAtUs = at(0, 18, 0) + 400000;
    m.steps = 8012;
    m.activeMinutes = 41;
    m.trimpDay = 62.25;
    m.trimpWeek = 310.5;
    m.goal(Goal::DailySteps) = {8000.0, 1.0015, true, 3};
    m.goal(Goal::DailyActiveMinutes) = {30.0, 1.5, true, 1};
    m.goal(Goal::WeeklyTrimp) = {450.5, 0.6875, false, 0};
    m.goalReached = {Goal::DailySteps, Goal::DailyActiveMinutes};

    const std::string json = activitycodec::encode(m);
    QVERIFY(json.find("\"day\":\"2025-11-24\"") != std::string::npos);
    ActivityProgressDecoder decoder;
    ActivityProgress back;
    const DecodeError err = decoder.decode(json, back);
    QVERIFY2(err.ok(), err.detail.c_str());
    QCOMPARE(back, m);
    QCOMPARE(activitycodec::encode(back), json);

    // A goal without a target is left out and comes back as "no goal".
    m.goal(Goal::WeeklyTrimp) = {};
    m.sourceSentAtUs = 0;
    m.reason = Reason::DayClosed;
    const std::string noWeekly = activitycodec::encode(m);
    QVERIFY(noWeekly.find("weekly_trimp") == std::string::npos);
    QVERIFY(noWeekly.find("source_sent_at_us") == std::string::npos);
    QVERIFY(decoder.decode(noWeekly, back).ok());
    QCOMPARE(back, m);
}

void TestActivityTracker::codecRoundTripOfTrackerOutput()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    tracker.addUserEvent(signUp("UTC+01:00"), out);
    tracker.addUserEvent(goalSet(Goal::WeeklyTrimp, 100, at(-1, 0, 0)), out);
    tracker.addWorkout(summary("w", at(0, 6, 0), at(0, 7, 0), 33.33), out);
    for (int day = 0; day < 3; ++day)
        tracker.addBatch(batchOf(perMinute(at(day, 9, 0), 97, 87)), out);
    QVERIFY(out.size() >= 5);
    ActivityProgressDecoder decoder;
    for (const ActivityProgress& m : out) {
        const std::string json = activitycodec::encode(m);
        ActivityProgress back;
        const DecodeError err = decoder.decode(json, back);
        QVERIFY2(err.ok(), (err.reason + ": " + err.detail + " in " + json).c_str());
        QCOMPARE(activitycodec::encode(back), json);
    }
}

void TestActivityTracker::codecRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("mentions");

    const QByteArray head = "{\"schema\":1,\"type\":\"activity-progress\",\"user_id\":\"u1\",\"reason\":\"progress\","
                            "\"day\":\"2025-11-24\",\"utc_offset_min\":60,\"event_time_us\":1764000000000000,";
    const QByteArray totals = "\"steps\":100,\"active_minutes\":5,\"trimp_day\":1.5,\"trimp_week\":3,";
    const QByteArray goals = "\"goals\":{\"daily_steps\":{\"target\":8000,\"progress\":0.0125,\"reached\":false,"
                             "\"streak_days\":0}},";
    const QByteArray tail = "\"goal_reached\":[]}";
    const QByteArray valid = head + totals + goals + tail;
    const auto row = [](const char* name, const QByteArray& json, const char* reason, const char* mentions) {
        QTest::newRow(name) << json << QString(reason) << QString(mentions);
    };
    // `valid` with one piece replaced.
    const auto with = [&](const char* from, const char* to) { return QByteArray(valid).replace(from, to); };

    row("valid", valid, "", "");
    row("not json", "{\"schema\":1,", "not-json", "");
    row("trailing content", valid + " {}", "not-json", "");
    row("array", "[1]", "bad-type", "object");
    row("schema 2", with("\"schema\":1", "\"schema\":2"), "unsupported-schema", "schema 2");
    row("wrong type", with("activity-progress", "twin-update"), "wrong-type", "twin-update");
    row("missing steps", with("\"steps\":100,", ""), "missing-field", "steps");
    row("missing goals", head + totals + tail, "missing-field", "goals");
    row("empty user", with("\"u1\"", "\"\""), "out-of-range", "user_id");
    row("unknown reason", with("\"progress\",", "\"done\","), "bad-value", "reason");
    row("not a date", with("2025-11-24", "2025-02-30"), "bad-value", "day");
    row("offset beyond 14 h", with(":60,", ":900,"), "out-of-range", "utc_offset_min");
    row("negative steps", with("\"steps\":100", "\"steps\":-1"), "out-of-range", "steps");
    row("fractional steps", with("\"steps\":100", "\"steps\":100.5"), "bad-type", "steps");
    row("1441 minutes", with("\"active_minutes\":5", "\"active_minutes\":1441"), "out-of-range", "active_minutes");
    row("week below day", with("\"trimp_week\":3", "\"trimp_week\":1"), "inconsistent", "trimp_week");
    row("target 0", with("\"target\":8000", "\"target\":0"), "out-of-range", "goals.daily_steps.target");
    row("reached as string", with("\"reached\":false", "\"reached\":\"no\""), "bad-type", "goals.daily_steps.reached");
    row("reached without streak", with("\"reached\":false", "\"reached\":true"), "inconsistent", "streak_days");
    row("unknown goal reached", with("[]", "[\"daily_naps\"]"), "bad-value", "daily_naps");
    row("goal reached but not reached", with("[]", "[\"daily_steps\"]"), "inconsistent", "not reached");
    row("goal reached absent", with("[]", "[\"weekly_trimp\"]"), "inconsistent", "weekly_trimp");
    const QByteArray reachedGoals = "\"goals\":{\"daily_steps\":{\"target\":80,\"progress\":1.25,\"reached\":true,"
                                    "\"streak_days\":2}},";
    row("goal reached twice", head + totals + reachedGoals + "\"goal_reached\":[\"daily_steps\",\"daily_steps\"]}",
        "inconsistent", "twice");
}

void TestActivityTracker::codecRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    QFETCH(QString, mentions);
    ActivityProgressDecoder decoder;
    ActivityProgress out;
    const DecodeError err = decoder.decode(std::string_view(json.constData(), std::size_t(json.size())), out);
    QCOMPARE(QString::fromStdString(err.reason), reason);
    QVERIFY2(QString::fromStdString(err.detail).contains(mentions), err.detail.c_str());
}

void TestActivityTracker::schemaExamplesDecode()
{
    QFile file(QString(NEXUS_SOURCE_DIR) + "/resources/schemas/activity-progress.v1.schema.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject schema = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray examples = schema.value("examples").toArray();
    QCOMPARE(examples.size(), 2);
    ActivityProgressDecoder decoder;
    for (const QJsonValue& example : examples) {
        const QByteArray json = QJsonDocument(example.toObject()).toJson(QJsonDocument::Compact);
        ActivityProgress m;
        const DecodeError err = decoder.decode(std::string_view(json.constData(), std::size_t(json.size())), m);
        QVERIFY2(err.ok(), (err.reason + ": " + err.detail).c_str());
        QCOMPARE(m.userId, std::string("u0000042"));
        // Every field the schema requires is one the encoder writes.
        const std::string encoded = activitycodec::encode(m);
        for (const QJsonValue& field : schema.value("required").toArray())
            QVERIFY2(encoded.find("\"" + field.toString().toStdString() + "\":") != std::string::npos,
                     qPrintable(field.toString()));
    }
}

QTEST_GUILESS_MAIN(TestActivityTracker)
#include "tst_activity_tracker.moc"
