#pragma once

#include "models/twin/BanisterModel.h"
#include "models/twin/CalendarDay.h"
#include "models/twin/UserHistory.h"

#include <vector>

/// Fitting and forecasting Banister's impulse-response model (Banister, Calvert, Savage & Bach 1975,
/// "A systems model of training for athletic performance", Aust J Sports Med 7:57–61; the
/// least-squares fit as in Busso 2003, "Variable dose-response relationship between exercise
/// training and performance", Med Sci Sports Exerc 35:1188–1195, and Clarke & Skiba 2013,
/// "Rationale and resources for teaching the mathematical modeling of athletic training and
/// performance", Adv Physiol Educ 37:134–152).
///
/// Model and day convention (see BanisterModel.h): with w(s) the load of day s,
///   p(t) = p0 + k1·g(t) − k2·h(t),   g(t) = Σ_{s<t} w(s)·e^(−(t−s)/τ1),   h(t) = Σ_{s<t} w(s)·e^(−(t−s)/τ2).
/// Training on day s shows from day s+1 on, never on day s itself. The history starts with nothing
/// before it: g and h are 0 on the first history day. g and h are computed by the O(days)
/// recurrence g(t+1) = (g(t) + w(t))·e^(−1/τ1), and so are their derivatives in τ.
///
/// Parameterization: the least-squares problem is solved by Eigen's (unsupported)
/// Levenberg–Marquardt with an analytic Jacobian in (p0, ln k1, ln k2, ln τ1, ln τ2), so k1, k2, τ1
/// and τ2 stay > 0 by construction. The start comes from the linear least-squares fit of (p0, k1, k2)
/// with τ1 = 42 and τ2 = 7 days; a non-positive k there starts at a small positive value instead.
/// After the fit τ1 and τ2 are clamped to [1, 200] days (shorter or longer responses are not
/// physiological and mean the markers could not tell them apart); when a clamp bites, p0, k1 and k2
/// are refitted with the clamped τs. Nothing orders τ1 against τ2: the data decide.
/// With 3 or 4 markers τ1 and τ2 are held at 42 and 7 and only p0, k1, k2 are fitted; with 5 or more,
/// all five are.
namespace nexus::banister {

/// τ1 and τ2 held when there are too few markers to fit them, and the start of the full fit (days).
constexpr double kDefaultTau1 = 42.0;
constexpr double kDefaultTau2 = 7.0;
/// The range fitted time constants are clamped to (days).
constexpr double kMinTau = 1.0;
constexpr double kMaxTau = 200.0;

/// Fits p0, k1, k2, τ1, τ2 of p(t) = p0 + k1·g(t) − k2·h(t) to the markers by least squares.
/// loads[i] is the load of day firstDay + i; this is the whole history (days with no training are 0).
/// Markers may come in any order; each must fall in [firstDay, firstDay + loads.size()] (the day
/// after the last history day is allowed) and no two on the same day.
/// Refuses (fitted == false, refusal says why) with fewer than 3 markers, a marker out of range, two
/// markers on one day, a negative or non-finite load, a non-finite marker, or no load at all before
/// the last marker (then k1 and k2 mean nothing). rmse is that of the returned parameters.
/// Pure function; thread-safe. Costs O(loads.size() + markers.size()) per solver iteration.
BanisterFit fit(const std::vector<double>& loads, DayNumber firstDay, const std::vector<PerformanceMarker>& markers);

/// The model's fitness k1·g, fatigue k2·h and performance p on the days after the history
/// (day firstDay + loads.size() + j for j in [0, planLoads.size())), training with planLoads[j] on
/// those days. The first forecast day therefore still carries the last history day's load, and
/// planLoads[j] first shows on forecast day j + 1.
/// Fills day, plannedLoad, fitness, fatigue, performance of each ForecastDay (leaves ctl/atl/tsb at
/// 0; the caller fills them). Pure function; thread-safe.
std::vector<ForecastDay> forecast(const BanisterParameters& params, const std::vector<double>& loads,
                                  DayNumber firstDay, const std::vector<double>& planLoads);

} // namespace nexus::banister
