#pragma once

namespace nexus {

/// The ring capacities bound the configurable windows (TwinSettings) and a twin's memory.
namespace twin_capacity {
constexpr int kLoadDays = 28;     ///< ACWR chronic window
constexpr int kCtlDays = 7;       ///< ramp rate
constexpr int kHrvDays = 60;      ///< HRV normal range
constexpr int kRhrDays = 28;      ///< resting-HR baseline
constexpr int kSleepNights = 7;   ///< sleep regularity
} // namespace twin_capacity

/// How a daily EWMA's decay constant k is derived from its time constant N days.
/// Coggan's Performance Manager (TrainingPeaks) uses k = 1/N ("linear"); Banister's
/// impulse-response model implies k = 1 − e^(−1/N) ("exponential"). Both are in use; they differ
/// by under 2% for N = 42 and about 7% for N = 7.
enum class PmcConstant { Exponential, Linear };

/// The heuristic weights of the readiness, recovery and energy scores. Each score is a base value
/// plus contributions, clamped to 0–100; every contribution is a weight times a clamped deviation
/// of one input from its norm, so the UI can show which input moved the score and by how much.
/// These are judgement calls, not published constants: adjust them per population.
struct ScoreWeights
{
    // Recovery (morning, from the night and the baselines); 70 when every input is at its norm.
    double recoveryBase = 70.0;
    double hrvPointsPerSd = 15.0;      ///< per SD of the 7-day ln rMSSD mean from the 60-day mean, z ∈ [−2, 1]
    double rhrPointsPerBpm = 3.0;      ///< per bpm below (+) / above (−) the 28-day baseline, Δ ∈ [−5, 10]
    double sleepNeedHours = 8.0;
    double sleepPointsPerHour = 8.0;   ///< per hour asleep above/below the need, Δ ∈ [−4, 1] h
    double sleepEfficiencyNorm = 0.85;
    double efficiencyPointsPerTenth = 6.0; ///< per 0.1 of efficiency above/below the norm, Δ ∈ [−0.3, 0.1]

    // Readiness = recovery + training-load and regularity contributions.
    double formPoints = 20.0;          ///< times TSB/CTL, clamped to [−1, 0.5]
    double acwrHighPointsPer01 = 5.0;  ///< per 0.1 of EWMA ACWR above 1.3 (capped at 2.0)
    double acwrLowPointsPer01 = 2.0;   ///< per 0.1 below 0.8 (detraining)
    double regularityPointsPer10Min = 2.0; ///< per 10 min of SD of sleep duration over 30 min, up to 90 min

    // Energy: a reserve 0–100 that recharges with sleep and drains while awake and with load.
    double energyInitial = 60.0;       ///< the reserve before the first day
    double energySleepRechargePerHour = 11.0;
    double energyAssumedSleepHours = 7.0; ///< when a day has no recorded night
    double energyWakingDrainPerHour = 2.5;
    double energyLoadDrainPerUnit = 0.2;  ///< per unit of the day's load (TRIMP or sRPE units)
    double energyStressDrainPerMinute = 0.05; ///< per inactive minute with HR ≥ rest + 20 bpm
};

/// The twin's configuration; the defaults are the published time constants.
struct TwinSettings
{
    PmcConstant pmcConstant = PmcConstant::Exponential;
    int ctlDays = 42;          ///< fitness (chronic training load) time constant
    int atlDays = 7;           ///< fatigue (acute training load) time constant
    int acwrAcuteDays = 7;
    int acwrChronicDays = 28;
    int hrvBaselineDays = 7;   ///< the rolling ln rMSSD mean compared against the normal range
    int hrvNormalRangeDays = 60;
    double hrvNormalRangeWidthSd = 0.5; ///< normal range = mean ± width·SD
    int rhrBaselineDays = 28;
    int sleepRegularityNights = 7;
    /// In the live stream (no workout events) a sample counts as training when its heart-rate
    /// reserve fraction (HR − rest)/(max − rest) reaches this.
    double liveTrainingHrrFraction = 0.3;
    ScoreWeights weights;
};

} // namespace nexus
