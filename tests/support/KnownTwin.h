#pragma once

#include "models/twin/CalendarDay.h"
#include "models/twin/TwinSummary.h"

/// One user's twin with known values, for the Twins workspace's model and GUI tests.
namespace nexus::testsupport {

inline const DayNumber kNov2 = *calendar::parseIsoDate("2026-11-02");

/// A score of `base` plus `points` from `input`.
inline Score score(double base, ContributionInput input, double points)
{
    Score s;
    s.add(ContributionInput::Base, base);
    s.add(input, points);
    s.finish();
    return s;
}

/// u0000042's twin on 2026-11-05 07:15:02 UTC: readiness 70 − 3.5 (form), recovery 70 + 2 (HRV),
/// energy 60 − 8 (load); CTL 38.5, ATL 44.1, TSB −3.2; last HR 72 bpm, mean 71.44; 12,345 steps.
inline TwinSummary knownTwin()
{
    TwinSummary t;
    t.userId = "u0000042";
    t.lastHrBpm = 72;
    t.meanHrBpm = 71.44;
    t.sampleCount = 1234;
    t.stepsTotal = 12345;
    t.lastEventUs = startOfDayUs(kNov2 + 3) + (7 * 3600 + 15 * 60 + 2) * kUsPerSecond;
    t.day = kNov2 + 3;
    t.loadToday = 41.2;
    t.ctl = 38.5;
    t.atl = 44.1;
    t.tsb = -3.2;
    t.readiness = score(70, ContributionInput::Form, -3.5);
    t.recovery = score(70, ContributionInput::Hrv, 2);
    t.energy = score(60, ContributionInput::TrainingLoad, -8);
    return t;
}

} // namespace nexus::testsupport
