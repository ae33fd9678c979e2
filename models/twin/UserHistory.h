#pragma once

#include "models/core/Time.h"
#include "models/twin/AthleteProfile.h"
#include "models/twin/CalendarDay.h"

#include <vector>

namespace nexus {

/// A day's load given directly (e.g. from another platform), in the user's load units.
struct DailyLoadEntry
{
    DayNumber day = 0;
    double load = 0.0;
};

struct HrPoint
{
    float secondsFromStart = 0.0f;
    float bpm = 0.0f;
};

/// A workout, either with heart-rate samples (load = Banister TRIMP) or with only a duration and
/// a session RPE (load = RPE × minutes, Foster's session-RPE).
struct WorkoutEntry
{
    TimestampUs startUs = 0;
    DayNumber day = 0;              ///< the calendar date of the start in the user's own UTC offset
    std::vector<HrPoint> hrSamples; ///< sorted, strictly increasing seconds
    double minutes = 0.0;           ///< sRPE workouts only
    double rpe = 0.0;               ///< CR-10 scale; sRPE workouts only
    bool hasHeartRate() const { return !hrSamples.empty(); }
};

/// A night's sleep, attributed to the day the user woke up.
struct NightEntry
{
    DayNumber day = 0;
    std::vector<float> rrMs;  ///< RR intervals, 250–2500 ms
    double inBedMin = 0.0;
    double asleepMin = 0.0;
};

/// A performance test result (time-trial power, a jump height — any "higher is better" number).
struct PerformanceMarker
{
    DayNumber day = 0;
    double performance = 0.0;
};

/// One user's history as `nexus-twin twin --input` reads it (docs/twin-command.md). Every list is
/// in time order, one entry per date where a date is the key.
struct UserHistory
{
    AthleteProfile profile;
    std::vector<DailyLoadEntry> dailyLoad;
    std::vector<WorkoutEntry> workouts;
    std::vector<NightEntry> nights;
    std::vector<PerformanceMarker> markers;
    std::vector<DailyLoadEntry> plan;  ///< planned load for the forecast days
};

} // namespace nexus
