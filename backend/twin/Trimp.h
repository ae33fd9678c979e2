#pragma once

#include "models/twin/AthleteProfile.h"
#include "models/twin/UserHistory.h"

#include <cmath>

/// Training impulse (TRIMP): the load of one workout from its heart rate.
///
/// Banister TRIMP (Banister 1991, "Modeling elite athletic performance", in Physiological Testing of
/// Elite Athletes; Morton, Fitz-Clarke & Banister 1990, J Appl Physiol 69:1171–1177):
///     TRIMP = Σ Δt_min · x · 0.64 · e^(b·x),   x = (HR − HRrest) / (HRmax − HRrest),
/// with b = 1.92 (men) or 1.67 (women), summed over the samples — not taken from the mean HR,
/// which underestimates intervals because e^(b·x) is convex. Each sample's HR holds until the next
/// sample (the step function a wearable reports); the workout ends at its last sample. x is floored
/// at 0 so that HR below rest never subtracts load. A gap over `kMaxHoldSeconds` is a sensor
/// dropout and counts nothing.
///
/// Edwards' summated-heart-rate-zone TRIMP (Edwards 1993, The Heart Rate Monitor Book):
///     minutes at 50–60 % HRmax × 1 + 60–70 % × 2 + 70–80 % × 3 + 80–90 % × 4 + ≥ 90 % × 5
/// (below 50 % counts 0), with the same step function.
///
/// Session-RPE load (Foster et al. 2001, J Strength Cond Res 15:109–115): RPE (CR-10) × minutes,
/// for workouts with no heart rate. Its units differ from TRIMP's; a user's daily load mixes them
/// only if their workouts do.
namespace nexus::trimp {

constexpr double kMaxHoldSeconds = 300.0;

/// Banister's weighting for one heart rate: x · 0.64 · e^(b·x) per minute.
inline double banisterPerMinute(double hrBpm, double hrRest, double hrMax, double b)
{
    const double x = (hrBpm - hrRest) / (hrMax - hrRest);
    return x <= 0.0 ? 0.0 : x * 0.64 * std::exp(b * x);
}

/// Edwards' zone weight 0–5 of one heart rate.
inline int edwardsZone(double hrBpm, double hrMax)
{
    const double pct = hrBpm / hrMax;
    if (pct < 0.5)
        return 0;
    if (pct >= 0.9)
        return 5;
    return 1 + static_cast<int>((pct - 0.5) * 10.0);
}

struct WorkoutLoad
{
    double banister = 0.0;  ///< Banister TRIMP (0 for an sRPE workout)
    double edwards = 0.0;   ///< Edwards TRIMP (0 for an sRPE workout)
    double sessionRpe = 0.0; ///< RPE × minutes (0 for a heart-rate workout)
    double minutes = 0.0;
    bool fromHeartRate = false;
    /// The load the day's total counts: Banister TRIMP, or sRPE when there is no heart rate.
    double load() const { return fromHeartRate ? banister : sessionRpe; }
};

/// The loads of one workout (heart-rate samples, or minutes and RPE).
WorkoutLoad ofWorkout(const WorkoutEntry& workout, const AthleteProfile& profile);

} // namespace nexus::trimp
