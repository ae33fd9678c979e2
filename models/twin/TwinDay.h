#pragma once

#include "models/twin/CalendarDay.h"
#include "models/twin/TwinScores.h"

#include <cmath>
#include <limits>

namespace nexus {

/// A value the twin could not compute yet (a ratio in the first 28 days, a baseline still
/// forming, no night recorded). Written as null in JSON and empty in CSV — never as 0.
constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
inline bool hasValue(double v) { return !std::isnan(v); }

/// Everything the twin knows at the end of one day: the row `nexus-twin twin` prints per day
/// (docs/twin-command.md names the fields) and the scores the processor publishes.
struct TwinDay
{
    DayNumber day = 0;
    double load = 0.0;   ///< the day's total load: daily_load + workouts' TRIMP or sRPE
    double trimp = 0.0;  ///< Banister TRIMP of the day's heart-rate workouts
    double edwardsTrimp = 0.0;
    double ctl = 0.0;    ///< fitness
    double atl = 0.0;    ///< fatigue
    double tsb = 0.0;    ///< form = previous day's CTL − ATL
    double rampRate = kNoValue;  ///< CTL − CTL 7 days earlier
    double acwrEwma = kNoValue;
    double acwrRollingCoupled = kNoValue;
    double acwrRollingUncoupled = kNoValue;
    double rmssd = kNoValue;     ///< ms, tonight's (the night that ended this morning)
    double lnRmssd = kNoValue;
    double hrvBaseline = kNoValue; ///< mean ln rMSSD of the last 7 days' nights
    double hrvLow = kNoValue;      ///< normal range over 60 days: mean − width·SD
    double hrvHigh = kNoValue;
    double rhr = kNoValue;         ///< bpm
    double rhrBaseline = kNoValue; ///< mean of the previous 28 days' resting HR
    double sleepHours = kNoValue;
    double sleepEfficiency = kNoValue; ///< asleep / in bed, 0–1
    double sleepRegularityMin = kNoValue; ///< SD of sleep duration over the last 7 nights, minutes
    Score readiness;
    Score recovery;
    Score energy;
};

} // namespace nexus
