#pragma once

#include <cstdint>

namespace nexus {

enum class Sex : std::uint8_t { Male, Female };

/// What the twin needs to know about a person to turn heart rate into training load.
struct AthleteProfile
{
    Sex sex = Sex::Male;
    float ageYears = 0.0f;
    float hrRestBpm = 0.0f;
    float hrMaxBpm = 0.0f;  ///< measured maximum; 0 = unknown, estimated from age
    float weightKg = 0.0f;  ///< 0 = unknown (not used by the current models)

    /// HRmax from the profile, or Tanaka's estimate 208 − 0.7·age when absent
    /// (Tanaka, Monahan & Seals 2001, J Am Coll Cardiol 37:153–156).
    float effectiveHrMaxBpm() const { return hrMaxBpm > 0.0f ? hrMaxBpm : 208.0f - 0.7f * ageYears; }

    /// Banister's sex-specific weighting exponent b: 1.92 for men, 1.67 for women.
    double banisterExponent() const { return sex == Sex::Male ? 1.92 : 1.67; }
};

} // namespace nexus
