#pragma once

#include "models/core/Time.h"
#include "models/events/AppEvents.h"
#include "models/twin/CalendarDay.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace nexus {

/// How many goal kinds there are (UserEvent::Goal values 0..kGoalCount−1).
constexpr int kGoalCount = 3;

/// Where a user stands against one goal on one day.
struct ActivityGoalStatus
{
    double target = 0.0;   ///< the target in effect (steps, minutes or weekly TRIMP); 0 = no goal set
    double progress = 0.0; ///< value / target, not clamped (1.25 = 125 %); 0 without a goal
    bool reached = false;  ///< reached at some point of this day (stays true if the target is raised later)
    int streakDays = 0; ///< consecutive days up to this one on which the goal was reached (this day counts if reached)

    bool operator==(const ActivityGoalStatus& o) const
    {
        return target == o.target && progress == o.progress && reached == o.reached && streakDays == o.streakDays;
    }
};

/// The activity tracker's output (backend/activity/ActivityTracker.h, docs/activity-tracker.md): a
/// user's steps, active minutes and training load on one local calendar day, against their goals.
/// JSON form: resources/schemas/activity-progress.v1.schema.json (backend/codec/ActivityProgressCodec.h).
struct ActivityProgress
{
    static constexpr int kSchemaVersion = 1;
    /// Why the message was emitted. Goals reached show in `goalReached` whatever the reason.
    enum class Reason : std::uint8_t
    {
        Progress,    ///< periodic update (at most one per configured interval of event time)
        GoalReached, ///< a goal was first reached on this day
        DayClosed    ///< the day closed (lateness passed): these are its final values
    };

    Reason reason = Reason::Progress;
    std::string userId;
    DayNumber day = 0;              ///< the user's local calendar day
    int utcOffsetMinutes = 0;       ///< the user's zone when emitted: local time = UTC + offset
    TimestampUs eventTimeUs = 0;    ///< the user's event time (newest sample) when emitted
    TimestampUs sourceSentAtUs = 0; ///< sent_at_us of the input that caused it (latency only); 0 = none
    std::int64_t steps = 0;
    int activeMinutes = 0;                            ///< 0..1440
    double trimpDay = 0.0;                            ///< Σ TRIMP of workout summaries ending on this day
    double trimpWeek = 0.0;                           ///< Σ TRIMP of the 7 local days ending with this one
    std::array<ActivityGoalStatus, kGoalCount> goals; ///< indexed by UserEvent::Goal
    std::vector<UserEvent::Goal> goalReached;         ///< goals first reached with this message (each once per day)

    const ActivityGoalStatus& goal(UserEvent::Goal g) const { return goals[static_cast<std::size_t>(g)]; }
    ActivityGoalStatus& goal(UserEvent::Goal g) { return goals[static_cast<std::size_t>(g)]; }

    bool operator==(const ActivityProgress& o) const
    {
        return reason == o.reason && userId == o.userId && day == o.day && utcOffsetMinutes == o.utcOffsetMinutes &&
               eventTimeUs == o.eventTimeUs && sourceSentAtUs == o.sourceSentAtUs && steps == o.steps &&
               activeMinutes == o.activeMinutes && trimpDay == o.trimpDay && trimpWeek == o.trimpWeek &&
               goals == o.goals && goalReached == o.goalReached;
    }
};

/// "progress", "goal-reached", "day-closed": the JSON "reason" values (a schema change if changed).
inline const char* progressReasonName(ActivityProgress::Reason reason)
{
    switch (reason) {
    case ActivityProgress::Reason::Progress:
        return "progress";
    case ActivityProgress::Reason::GoalReached:
        return "goal-reached";
    case ActivityProgress::Reason::DayClosed:
        return "day-closed";
    }
    return "?";
}

} // namespace nexus
