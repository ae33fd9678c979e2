#pragma once

#include "backend/twin/Trimp.h"
#include "backend/twin/TwinState.h"
#include "models/twin/BanisterModel.h"
#include "models/twin/TwinDay.h"
#include "models/twin/TwinSettings.h"
#include "models/twin/UserHistory.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace nexus {

/// The twin's arithmetic: feeds one user's events into their TwinState in event-time order and
/// derives the day's values and scores. Pure: no clock, no I/O, no randomness — the same events
/// give the same state live, in a replay or in a test. One engine serves any number of twins
/// (it holds only the settings); not thread-safe per twin, safe across twins.
///
/// Per closed day t, with load w(t) (missing days 0):
/// - PMC (Coggan's Performance Manager; Allen & Coggan 2010, Training and Racing with a Power Meter):
///   CTL(t) = CTL(t−1) + k_c·(w(t) − CTL(t−1)), ATL likewise with k_a, both from 0;
///   k = 1/N (linear) or 1 − e^(−1/N) (exponential), N = 42 and 7; TSB(t) = CTL(t−1) − ATL(t−1);
///   ramp(t) = CTL(t) − CTL(t−7).
/// - ACWR, EWMA (Williams et al. 2017, Br J Sports Med 51:209–210): λ = 2/(N+1), N = 7 and 28,
///   both seeded with the first day's load; ratio acute/chronic from day index 28 on (none in the
///   first 28 days) and only when chronic > 0.
/// - ACWR, rolling averages (Hulin et al. 2014; Lolli et al. 2019, Br J Sports Med 53:921–922):
///   acute = mean of the last 7 days (today included); coupled chronic = mean of the last 28 days,
///   uncoupled chronic = mean of the 21 days before the acute week; from the 28th day on.
/// - HRV (Plews et al. 2013, Sports Med 43:773–781): rMSSD = √(mean of squared successive RR
///   differences) of the night; the baseline is the mean ln rMSSD of the nights in the last 7 days
///   (at least 3); the normal range is mean ± width·SD of the nightly ln rMSSD over 60 days (at
///   least 14 nights), width 0.5 by default.
/// - Resting HR: the night's mean heart rate 60000 / mean RR; without a night, the lowest 5-minute
///   mean of inactive (step-free) live samples. Baseline: mean of the previous 28 days (at least 7).
/// - Sleep: hours asleep, efficiency = asleep / in bed, regularity = SD of minutes asleep over the
///   last 7 nights (at least 3).
/// - Scores: see ScoreWeights (models/twin/TwinSettings.h) and docs/twin-command.md.
class TwinEngine
{
public:
    explicit TwinEngine(const TwinSettings& settings = {});
    const TwinSettings& settings() const { return m_settings; }

    /// Starts a twin whose first day is `firstDay`.
    void start(TwinState& twin, const AthleteProfile& profile, DayNumber firstDay) const;

    /// Adds load in the user's units to the open day.
    void addLoad(TwinState& twin, double load) const;
    /// Adds a workout to the open day and returns its loads.
    trimp::WorkoutLoad addWorkout(TwinState& twin, const WorkoutEntry& workout) const;
    /// Records the night that ended on the open day's morning.
    void addNight(TwinState& twin, const NightEntry& night) const;

    /// Applies one live heart-rate sample (1 Hz or so) in event-time order: closes the days it
    /// moves past, integrates TRIMP from the previous sample when the heart-rate reserve reaches
    /// `liveTrainingHrrFraction`, and tracks resting HR, awake and stressed minutes. Samples older
    /// than the previous one are ignored. Starts the twin on its first sample if needed. The days
    /// the sample closes are appended to `closedDays` when given.
    void addHrSample(TwinState& twin, TimestampUs tsUs, float hrBpm, std::uint16_t steps,
                     std::vector<TwinDay>* closedDays = nullptr) const;

    /// Readings that arrived after newer ones (a late upload), as (time, HR) pairs oldest first:
    /// TRIMP from each to the next, on the same rule as addHrSample, counts toward the open day
    /// where both fall on it. A closed day was published and stays as it was; resting-HR buckets
    /// and awake minutes take readings in order only. Returns the readings on the open day.
    std::size_t addLateHrSamples(TwinState& twin, const std::vector<std::pair<TimestampUs, float>>& readings) const;

    /// Closes the open day: the day's values and scores; the twin moves on to the next day.
    TwinDay closeDay(TwinState& twin) const;
    /// The open day's values and scores as if it ended now; the twin is unchanged.
    TwinDay preview(const TwinState& twin) const;

    /// Continues CTL, ATL and TSB from the open day on under each forecast day's `plannedLoad`
    /// (call after the last closeDay); fills their ctl, atl and tsb.
    void projectPmc(const TwinState& twin, std::vector<ForecastDay>& forecast) const;

private:
    void closeBucket(TwinState& twin) const;
    /// Adds the training impulse of `seconds` at `hrBpm` to the open day.
    void addImpulse(TwinState& twin, double seconds, float hrBpm) const;

    TwinSettings m_settings;
    double m_kCtl = 0.0;
    double m_kAtl = 0.0;
    double m_lambdaAcute = 0.0;
    double m_lambdaChronic = 0.0;
};

} // namespace nexus
