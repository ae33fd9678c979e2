#pragma once

#include "models/twin/CalendarDay.h"

#include <string>
#include <vector>

namespace nexus {

/// Banister's impulse-response model (Banister et al. 1975; Busso 2003): performance on day t is
///   p(t) = p0 + k1·g(t) − k2·h(t),
///   g(t) = Σ_{s<t} w(s)·e^(−(t−s)/τ1)   (fitness),   h(t) = Σ_{s<t} w(s)·e^(−(t−s)/τ2)   (fatigue),
/// with w(s) the load of day s. Training on day t shows from day t+1 on.
struct BanisterParameters
{
    double p0 = 0.0;
    double k1 = 0.0;
    double k2 = 0.0;
    double tau1 = 42.0; ///< days
    double tau2 = 7.0;  ///< days
};

struct BanisterFit
{
    bool fitted = false;
    std::string refusal;        ///< why there is no fit (fitted == false)
    BanisterParameters params;
    double rmse = 0.0;          ///< of the fitted p(t) against the markers, in marker units
    int markers = 0;
    int iterations = 0;
    bool timeConstantsFitted = false; ///< false: τ1, τ2 held at 42 and 7 (too few markers)
    std::string warning;        ///< set when the parameters are not identified (e.g. τ1 ≈ τ2, a gain ≈ 0)
};

/// One forecast day: Banister's fitness k1·g, fatigue k2·h and performance p, next to the
/// performance-management CTL, ATL and TSB continued under the planned load.
struct ForecastDay
{
    DayNumber day = 0;
    double plannedLoad = 0.0;
    double ctl = 0.0;
    double atl = 0.0;
    double tsb = 0.0;
    double fitness = 0.0;
    double fatigue = 0.0;
    double performance = 0.0;
};

} // namespace nexus
