#include "backend/twin/TwinScoring.h"

#include <algorithm>

namespace nexus::scoring {

namespace {
double clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }
} // namespace

Score recovery(const TwinDay& day, const ScoreInputs& in, const ScoreWeights& w)
{
    Score s;
    s.add(ContributionInput::Base, w.recoveryBase);
    if (hasValue(in.hrvZ))
        s.add(ContributionInput::Hrv, w.hrvPointsPerSd * clamp(in.hrvZ, -2.0, 1.0));
    if (hasValue(day.rhr) && hasValue(day.rhrBaseline))
        s.add(ContributionInput::RestingHr, -w.rhrPointsPerBpm * clamp(day.rhr - day.rhrBaseline, -5.0, 10.0));
    if (hasValue(day.sleepHours))
        s.add(ContributionInput::SleepDuration, w.sleepPointsPerHour * clamp(day.sleepHours - w.sleepNeedHours, -4.0, 1.0));
    if (hasValue(day.sleepEfficiency))
        s.add(ContributionInput::SleepEfficiency,
              w.efficiencyPointsPerTenth * clamp((day.sleepEfficiency - w.sleepEfficiencyNorm) / 0.1, -3.0, 1.0));
    s.finish();
    return s;
}

Score readiness(const TwinDay& day, const Score& recovery, const ScoreInputs& in, const ScoreWeights& w)
{
    Score s;
    s.add(ContributionInput::Base, w.recoveryBase);
    s.add(ContributionInput::Recovery, double(recovery.value) - w.recoveryBase);
    if (hasValue(in.formRatio))
        s.add(ContributionInput::Form, w.formPoints * clamp(in.formRatio, -1.0, 0.5));
    if (hasValue(day.acwrEwma)) {
        const double a = day.acwrEwma;
        double points = 0.0;
        if (a > 1.3)
            points = -w.acwrHighPointsPer01 * (std::min(a, 2.0) - 1.3) / 0.1;
        else if (a < 0.8)
            points = -w.acwrLowPointsPer01 * (0.8 - a) / 0.1;
        s.add(ContributionInput::WorkloadRatio, points);
    }
    if (hasValue(day.sleepRegularityMin))
        s.add(ContributionInput::SleepRegularity,
              -w.regularityPointsPer10Min * clamp((day.sleepRegularityMin - 30.0) / 10.0, 0.0, 6.0));
    s.finish();
    return s;
}

Score energy(const TwinDay& day, const ScoreInputs& in, const ScoreWeights& w)
{
    Score s;
    s.add(ContributionInput::Base, in.carriedEnergy);
    const double sleepHours = hasValue(day.sleepHours) ? day.sleepHours : w.energyAssumedSleepHours;
    s.add(ContributionInput::SleepRecharge,
          clamp(w.energySleepRechargePerHour * sleepHours, 0.0, std::max(0.0, 100.0 - in.carriedEnergy)));
    const double awakeHours = hasValue(in.awakeHours) ? in.awakeHours : std::max(0.0, 24.0 - sleepHours);
    s.add(ContributionInput::WakingHours, -w.energyWakingDrainPerHour * awakeHours);
    s.add(ContributionInput::TrainingLoad, -w.energyLoadDrainPerUnit * day.load);
    if (hasValue(in.stressMinutes))
        s.add(ContributionInput::Stress, -w.energyStressDrainPerMinute * in.stressMinutes);
    s.finish();
    return s;
}

} // namespace nexus::scoring
