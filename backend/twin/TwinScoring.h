#pragma once

#include "models/twin/TwinDay.h"
#include "models/twin/TwinSettings.h"

/// The readiness, recovery and energy scores of one day. Heuristics (the weights and norms are in
/// ScoreWeights, configurable): each score is a base plus one contribution per input that has data,
/// each contribution a weight times a clamped deviation from a norm, and the sum clamped to 0–100.
///
/// Recovery — how well the body has absorbed the past days, from the morning's measurements:
///   base 70 + hrv: 15 · clamp(z, −2, 1), z = (7-day ln rMSSD − 60-day mean) / 60-day SD
///           + resting_hr: −3 · clamp(RHR − baseline, −5, 10) bpm
///           + sleep_duration: 8 · clamp(hours asleep − 8, −4, 1)
///           + sleep_efficiency: 6 · clamp((efficiency − 0.85) / 0.1, −3, 1)
/// Readiness — whether today suits hard training: recovery plus the load picture:
///   base 70 + recovery: (recovery − 70)
///           + form: 20 · clamp(TSB / yesterday's CTL, −1, 0.5), from the 28th day of history on
///           + workload_ratio: −5 per 0.1 of EWMA ACWR above 1.3 (to 2.0), −2 per 0.1 below 0.8
///           + sleep_regularity: −2 per 10 min of SD of sleep duration above 30 min (to 90)
/// Energy — an intraday reserve: yesterday's closing reserve, recharged by the night (11 per hour
/// asleep, up to full; 7 h assumed when no night is recorded) and drained by waking hours (2.5 per
/// hour; live: minutes with steps or HR ≥ rest + 10; otherwise 24 h − sleep), load (0.2 per unit)
/// and stress (0.05 per inactive minute with HR ≥ rest + 20). A day's energy is its closing reserve.
namespace nexus::scoring {

/// Inputs of the scores that are not fields of TwinDay.
struct ScoreInputs
{
    double hrvZ = kNoValue;       ///< 7-day ln rMSSD mean against the 60-day range, in SDs
    double formRatio = kNoValue;  ///< TSB / previous day's CTL
    double carriedEnergy = 0.0;   ///< previous day's closing reserve
    double awakeHours = kNoValue; ///< live-measured; NaN: 24 h − sleep
    double stressMinutes = kNoValue; ///< live-measured; NaN: not measured
};

Score recovery(const TwinDay& day, const ScoreInputs& in, const ScoreWeights& w);
Score readiness(const TwinDay& day, const Score& recovery, const ScoreInputs& in, const ScoreWeights& w);
Score energy(const TwinDay& day, const ScoreInputs& in, const ScoreWeights& w);

} // namespace nexus::scoring
