#pragma once

#include "backend/activity/ActivityResults.h"
#include "backend/activity/ActivitySettings.h"
#include "backend/activity/GoalTimeline.h"
#include "backend/activity/MinuteWindow.h"
#include "models/events/ActivityProgress.h"
#include "models/events/AppEvents.h"
#include "models/events/HealthBatch.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nexus::activity {

/// One open local day's totals.
struct DayTotals
{
    std::int64_t steps = 0;
    double trimp = 0.0;
    std::vector<std::uint64_t> workouts; ///< hashes of the workout ids whose summaries were counted
    DayNumber day = 0;
    int activeMinutes = 0;
    std::uint8_t reachedMask = 0; ///< bit g: goal g reached on this day (sticky)
};

/// Where the messages an input causes go, and what they carry from it.
struct Emit
{
    const std::string& userId;
    TimestampUs sentAtUs;
    std::vector<ActivityProgress>& out;
};

/// One user's activity state and rules (docs/activity-tracker.md): the open days, the minute
/// window that de-duplicates samples, goal timelines, streaks and the last six closed days' load.
/// Bounded: at most a few open days and a ring sized by the allowed lateness. Not thread-safe.
class UserActivity
{
public:
    /// `settings` must outlive the object (the tracker owns both).
    explicit UserActivity(const ActivitySettings& settings);

    void addSamples(const HealthBatch& batch, Emit& emit, BatchResult& result);
    EventResult addWorkout(const WorkoutEvent& event, Emit& emit);
    EventResult addUserEvent(const UserEvent& event, Emit& emit);

    /// A progress message for an open day (reason Progress, no goals reached); nullopt when the
    /// day is not open. userId and sourceSentAtUs are left empty.
    std::optional<ActivityProgress> report(DayNumber day) const;
    std::vector<DayNumber> openDays() const;
    /// The user's event time (newest sample or workout start); INT64_MIN before any.
    TimestampUs eventTimeUs() const { return m_newestUs; }
    int utcOffsetMinutes() const { return m_offsetMinutes; }

    /// Bytes held: the object plus its heap (ring, open days, goal changes).
    std::size_t memoryBytes() const;

    void save(std::string& blob) const;
    /// False (state unspecified: discard the object) when the blob does not parse.
    bool restore(std::string_view blob);

private:
    static constexpr TimestampUs kNoTime = INT64_MIN;
    static constexpr int kClosedDaysKept = 6; // a weekly sum needs the 6 days before an open one

    struct Streak
    {
        DayNumber endDay = INT32_MIN; ///< the last closed day the run covers
        int length = 0;               ///< 0 when that day missed the goal
    };
    struct ClosedLoad
    {
        DayNumber day = INT32_MIN;
        double trimp = 0.0;
    };

    TimestampUs acceptFromUs() const;
    DayNumber oldestOpenDay() const;
    TimestampUs evaluationTimeUs(DayNumber day) const;
    DayTotals* findDay(DayNumber day);
    const DayTotals* findDay(DayNumber day) const;
    DayTotals& dayFor(DayNumber day);

    void advanceTo(TimestampUs tsUs, Emit& emit);
    void closeDaysBefore(DayNumber limit, Emit& emit);
    double valueOf(const DayTotals& d, int goal) const;
    double weeklyTrimp(DayNumber day) const;
    int streakOf(DayNumber day, int goal) const;
    std::uint8_t evaluate(DayTotals& d, TimestampUs atUs);
    ActivityProgress makeReport(const DayTotals& d, TimestampUs atUs, ActivityProgress::Reason reason,
                                std::uint8_t newlyReached) const;
    void send(ActivityProgress&& message, Emit& emit) const;
    void publish(bool changed, Emit& emit);
    void setProfile(const AthleteProfile& profile);

    const ActivitySettings* m_settings;
    TimestampUs m_newestUs = kNoTime;       // the user's event time
    TimestampUs m_lastProgressUs = kNoTime; // event time of the last progress message
    TimestampUs m_profileFromUs = kNoTime;  // event time of the profile in use (the newest wins)
    int m_offsetMinutes = 0;                // UTC until a sign-up says otherwise
    float m_activeHrBpm = 0.0f;             // the heart-rate rule of an active minute
    MinuteWindow m_window;
    std::vector<DayTotals> m_days; // open days, ascending
    std::array<GoalTimeline, kGoalCount> m_goals;
    std::array<Streak, kGoalCount> m_streaks;
    std::array<ClosedLoad, kClosedDaysKept> m_closedLoads; // newest last
};

} // namespace nexus::activity
