// The bytes of a partition snapshot (PartitionState.h): the activity processor's users' tracker
// states and the health processor's twins and detectors come back as they went in, and bytes
// that are not a whole snapshot of the expected kind — truncated, with trailing bytes, or the
// other processor's — are rejected rather than half read.

#include "backend/activity/ActivityTracker.h"
#include "backend/processing/PartitionState.h"
#include "models/twin/CalendarDay.h"

#include <QtTest>

using namespace nexus;

namespace {

constexpr TimestampUs kT0 = 1'767'225'600'000'000; // 2026-01-01T00:00:00Z

/// Two users' tracker states, as the activity processor saves them: real blobs, one with a goal.
UserStates trackerStates()
{
    ActivityTracker tracker;
    std::vector<ActivityProgress> out;
    UserEvent goal;
    goal.kind = UserEvent::Kind::GoalSet;
    goal.userId = "u0000001";
    goal.tsUs = kT0;
    goal.goal = UserEvent::Goal::DailySteps;
    goal.goalTarget = 3000;
    tracker.addUserEvent(goal, out);
    for (const char* user : {"u0000001", "u0000002"}) {
        HealthBatch b{user, "d", kT0 + 3600 * kUsPerSecond, {}, 0, {}};
        for (int i = 0; i < 30; ++i)
            b.samples.push_back({kT0 + i * 60 * kUsPerSecond, 100, 90});
        tracker.addBatch(b, out);
    }
    UserStates states;
    for (const char* user : {"u0000001", "u0000002"}) {
        std::string blob;
        if (tracker.saveUserState(user, blob))
            states.emplace_back(user, std::move(blob));
    }
    return states;
}

} // namespace

class TestSnapshotState : public QObject
{
    Q_OBJECT

private slots:
    void activityStateRoundTrips()
    {
        const UserStates states = trackerStates();
        QCOMPARE(states.size(), std::size_t(2));
        UserStates back;
        QVERIFY(decodeActivityState(encodeActivityState(states), back));
        QCOMPARE(back, states);
        // And the blobs are still a tracker's: a restored user reports the day it had.
        ActivityTracker restored;
        for (const auto& [user, blob] : back)
            QVERIFY(restored.restoreUserState(user, blob));
        const auto day = restored.progress("u0000001", dayOf(kT0));
        QVERIFY(day);
        QCOMPARE(day->steps, std::int64_t(30 * 90));
        QCOMPARE(day->goal(UserEvent::Goal::DailySteps).target, 3000.0);

        QVERIFY(decodeActivityState(encodeActivityState({}), back));
        QVERIFY(back.empty());
    }

    void activityStateRejectsPartialOrForeignBytes()
    {
        const std::string bytes = encodeActivityState(trackerStates());
        UserStates back;
        for (std::size_t n = 0; n < bytes.size(); ++n)
            QVERIFY2(!decodeActivityState(std::string_view(bytes).substr(0, n), back), qPrintable(QString::number(n)));
        QVERIFY(!decodeActivityState(bytes + '\0', back));
        // The health processor's bytes (another magic) are not read as the activity state, and back.
        PartitionState health;
        health.detectors = trackerStates();
        QVERIFY(!decodeActivityState(encodePartitionState(health), back));
        QVERIFY(!decodePartitionState(bytes, health));
        QVERIFY(kActivityStateFormat != kPartitionStateFormat);
    }

    void healthStateRoundTripsAndRejectsTruncation()
    {
        PartitionState state;
        state.twins = std::string("twins\0bytes", 11);
        state.detectors = {{"u1", "detector-1"}, {"u2", std::string(300, '\x7f')}};
        const std::string bytes = encodePartitionState(state);
        PartitionState back;
        QVERIFY(decodePartitionState(bytes, back));
        QCOMPARE(back.twins, state.twins);
        QCOMPARE(back.detectors, state.detectors);
        for (std::size_t n = 0; n < bytes.size(); ++n)
            QVERIFY2(!decodePartitionState(std::string_view(bytes).substr(0, n), back), qPrintable(QString::number(n)));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotState)
#include "tst_snapshot_state.moc"
