#pragma once

#include "models/core/Time.h"

#include <cstdint>

namespace nexus::activity {

constexpr DurationUs kUsPerMinute = 60 * kUsPerSecond;

/// The tracker's knobs and the defaults it assumes until a user says otherwise
/// (docs/activity-tracker.md explains each).
struct ActivitySettings
{
    /// How far behind a user's newest sample (event time) a sample may be and still count.
    /// 0..24 h; the per-user de-duplication window grows with it (~9 bytes per minute).
    DurationUs allowedLatenessUs = 2 * 3600 * kUsPerSecond;
    /// At most one progress message per user per this much event time (goal-reached and
    /// day-closed messages are never held back).
    DurationUs progressIntervalUs = 15 * kUsPerMinute;

    double defaultDailySteps = 8000.0;       ///< target until the user sets one
    double defaultDailyActiveMinutes = 30.0; ///< target until the user sets one
    double defaultWeeklyTrimp = 0.0;         ///< 0 = no weekly load goal until the user sets one

    /// A minute is active with at least this many steps reported in it …
    int activeMinuteSteps = 60;
    /// … or a heart rate at or above this fraction of the heart-rate reserve (HRrest + f·(HRmax − HRrest)) …
    double activeHrReserveFraction = 0.5;
    /// … or any sample flagged as recorded during a workout.
    /// Until a profile arrives the heart-rate rule assumes these (HRmax 180 = Tanaka's estimate at 40).
    float defaultHrRestBpm = 60.0f;
    float defaultHrMaxBpm = 180.0f;

    static constexpr DurationUs kMaxAllowedLatenessUs = 24 * 3600 * kUsPerSecond;
};

} // namespace nexus::activity
