#include "backend/twin/Trimp.h"

namespace nexus::trimp {

WorkoutLoad ofWorkout(const WorkoutEntry& workout, const AthleteProfile& profile)
{
    WorkoutLoad out;
    if (!workout.hasHeartRate()) {
        out.minutes = workout.minutes;
        out.sessionRpe = workout.rpe * workout.minutes;
        return out;
    }
    out.fromHeartRate = true;
    const double rest = profile.hrRestBpm;
    const double max = profile.effectiveHrMaxBpm();
    const double b = profile.banisterExponent();
    const auto& hr = workout.hrSamples;
    for (std::size_t i = 0; i + 1 < hr.size(); ++i) {
        const double seconds = double(hr[i + 1].secondsFromStart) - double(hr[i].secondsFromStart);
        if (seconds > kMaxHoldSeconds)
            continue;
        const double minutes = seconds / 60.0;
        out.minutes += minutes;
        out.banister += minutes * banisterPerMinute(hr[i].bpm, rest, max, b);
        out.edwards += minutes * edwardsZone(hr[i].bpm, max);
    }
    return out;
}

} // namespace nexus::trimp
