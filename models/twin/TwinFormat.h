#pragma once

#include "models/core/Time.h"
#include "models/twin/TwinScores.h"

#include <QString>

namespace nexus {

/// How the Twins workspace writes the twin's numbers, shared by its key/value table and its
/// history so one quantity reads the same in both.
namespace twinformat {

/// `value` with `decimals` decimals in the user's locale; "—" when the twin has no value (NaN).
QString number(double value, int decimals);
/// A contribution in score points with its sign: "+70.0", "−2.5".
QString points(double value);
/// A score's input as people read it: "sleep recharge" for sleep_recharge.
QString inputName(ContributionInput input);
/// An event time as "2026-12-02 09:51:10" (UTC, to the second).
QString utcTime(TimestampUs tUs);

/// Decimals per quantity.
constexpr int kLoadDecimals = 1;  ///< load, CTL, ATL, TSB
constexpr int kScoreDecimals = 1; ///< readiness, recovery, energy and their contributions
constexpr int kRatioDecimals = 2; ///< ACWR
constexpr int kHrDecimals = 1;    ///< mean and resting HR, rMSSD

} // namespace twinformat
} // namespace nexus
