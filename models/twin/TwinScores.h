#pragma once

#include <array>
#include <cstdint>

namespace nexus {

/// The inputs a score can be moved by. Names (for JSON and the UI) come from `contributionName`.
enum class ContributionInput : std::uint8_t {
    Base,            ///< the score's starting value (recovery, readiness: the norm; energy: the carried reserve)
    Hrv,             ///< 7-day ln rMSSD against the 60-day normal range
    RestingHr,       ///< resting HR against its 28-day baseline
    SleepDuration,
    SleepEfficiency,
    Recovery,        ///< readiness: how far recovery is from its norm
    Form,            ///< readiness: TSB relative to CTL
    WorkloadRatio,   ///< readiness: EWMA ACWR outside 0.8–1.3
    SleepRegularity, ///< readiness: night-to-night spread of sleep duration
    SleepRecharge,   ///< energy
    WakingHours,     ///< energy
    TrainingLoad,    ///< energy
    Stress,          ///< energy: inactive minutes with raised heart rate
};

constexpr const char* contributionName(ContributionInput input)
{
    switch (input) {
    case ContributionInput::Base: return "base";
    case ContributionInput::Hrv: return "hrv";
    case ContributionInput::RestingHr: return "resting_hr";
    case ContributionInput::SleepDuration: return "sleep_duration";
    case ContributionInput::SleepEfficiency: return "sleep_efficiency";
    case ContributionInput::Recovery: return "recovery";
    case ContributionInput::Form: return "form";
    case ContributionInput::WorkloadRatio: return "workload_ratio";
    case ContributionInput::SleepRegularity: return "sleep_regularity";
    case ContributionInput::SleepRecharge: return "sleep_recharge";
    case ContributionInput::WakingHours: return "waking_hours";
    case ContributionInput::TrainingLoad: return "training_load";
    case ContributionInput::Stress: return "stress";
    }
    return "?";
}

/// One input's effect on a score, in score points (positive raises it).
struct Contribution
{
    ContributionInput input = ContributionInput::Base;
    float points = 0.0f;
};

/// A 0–100 score and why it has its value: value = clamp(Σ contributions, 0, 100). An input with
/// no data (no night recorded, a baseline still forming) is left out rather than counted as zero.
struct Score
{
    static constexpr int kMaxContributions = 6;

    float value = 0.0f;
    std::uint8_t count = 0;
    std::array<Contribution, kMaxContributions> contributions{};

    void add(ContributionInput input, double points)
    {
        if (count < kMaxContributions)
            contributions[count++] = {input, static_cast<float>(points)};
    }
    /// Sums the contributions into `value`, clamped to 0–100.
    void finish()
    {
        double sum = 0.0;
        for (int i = 0; i < count; ++i)
            sum += contributions[i].points;
        value = static_cast<float>(sum < 0.0 ? 0.0 : (sum > 100.0 ? 100.0 : sum));
    }
    /// The contribution of `input`, or 0 when it is not listed.
    float pointsOf(ContributionInput input) const
    {
        for (int i = 0; i < count; ++i)
            if (contributions[i].input == input)
                return contributions[i].points;
        return 0.0f;
    }
    bool has(ContributionInput input) const
    {
        for (int i = 0; i < count; ++i)
            if (contributions[i].input == input)
                return true;
        return false;
    }
};

} // namespace nexus
