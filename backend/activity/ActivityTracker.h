#pragma once

#include "backend/activity/ActivityResults.h"
#include "backend/activity/ActivitySettings.h"
#include "models/events/ActivityProgress.h"
#include "models/events/AppEvents.h"
#include "models/events/HealthBatch.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nexus {

/// Per-user daily activity against goals (docs/activity-tracker.md): steps, active minutes and
/// training load (workout-summary TRIMP) per local calendar day, progress toward the goals set on
/// `user-events` (defaults 8,000 steps and 30 active minutes), streaks, and goal-reached messages.
///
/// Event time only, never the clock: a sample counts if it is at most `allowedLatenessUs` behind
/// the user's newest one, each sample once (re-delivered uploads are recognised by the sample's
/// second); a local day closes when the user's event time passes its end plus the lateness.
/// Messages (ActivityProgress) are appended to `out` in the order they arise:
///   goal-reached  once per goal per day, when a goal is first reached;
///   progress      for the newest day, at most once per `progressIntervalUs` of event time;
///   day-closed    once per day with data, with its final values.
/// State per user is bounded (open days and a lateness-sized minute ring; see userStateBytes).
/// Pure logic: no I/O, no clock. Not thread-safe: one tracker per processing thread (users are
/// partitioned by key, so a user's events stay on one thread).
class ActivityTracker
{
public:
    struct Stats
    {
        std::uint64_t samplesCounted = 0;
        std::uint64_t samplesDuplicate = 0;
        std::uint64_t samplesLate = 0;
        std::uint64_t workoutsCounted = 0;
        std::uint64_t eventsRejected = 0; ///< workout and user events not applied (duplicate, late, ignored)
        std::uint64_t messages = 0;       ///< ActivityProgress messages emitted
    };

    /// Lateness is clamped to 0..24 h and the progress interval to at least 0.
    explicit ActivityTracker(activity::ActivitySettings settings = {});
    ~ActivityTracker();
    ActivityTracker(const ActivityTracker&) = delete;
    ActivityTracker& operator=(const ActivityTracker&) = delete;

    /// Counts one upload from `health-metrics`. Samples may come in any order; those beyond the
    /// lateness come back in the result's `late` list (for the dead-letter topic), duplicates are
    /// counted and dropped. Every message carries batch.sentAtUs as sourceSentAtUs.
    activity::BatchResult addBatch(const HealthBatch& batch, std::vector<ActivityProgress>& out);
    /// A `workout-data` event: a summary adds its TRIMP to the local day the workout ended on
    /// (once per workout id) and moves the user's event time to the workout's start; start and
    /// stop are ignored (the samples' workout flag marks workout minutes).
    activity::EventResult addWorkout(const WorkoutEvent& event, std::vector<ActivityProgress>& out);
    /// A `user-events` event: sign-up sets the time zone (local days from then on) and profile,
    /// profile-change the profile (heart-rate reserve of an active minute), goal-set a target from
    /// its event time on (open days are judged again at once: the goal may be reached now).
    activity::EventResult addUserEvent(const UserEvent& event, std::vector<ActivityProgress>& out);

    /// Where a user stands on an open local day (reason Progress, empty goalReached, no
    /// sourceSentAtUs); nullopt for an unknown user or a day that is not open.
    std::optional<ActivityProgress> progress(const std::string& userId, DayNumber localDay) const;
    /// The user's open local days, ascending (empty for an unknown user).
    std::vector<DayNumber> openDays(const std::string& userId) const;

    /// Snapshot of one user's state (binary, for the same build and lateness). False for an unknown user.
    bool saveUserState(const std::string& userId, std::string& blob) const;
    /// Replaces a user's state with a snapshot. False (state unchanged) for a blob of another
    /// layout or lateness, or a truncated one.
    bool restoreUserState(const std::string& userId, std::string_view blob);
    void forgetUser(const std::string& userId);

    std::size_t userCount() const;
    /// Bytes one user's state holds now: the state, its heap and the map entry with the key.
    /// 0 for an unknown user.
    std::size_t userStateBytes(const std::string& userId) const;
    const Stats& stats() const { return m_stats; }
    const activity::ActivitySettings& settings() const { return m_settings; }

private:
    struct Users;
    activity::ActivitySettings m_settings;
    std::unique_ptr<Users> m_users;
    Stats m_stats;
};

} // namespace nexus
