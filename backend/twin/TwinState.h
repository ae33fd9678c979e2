#pragma once

#include "backend/twin/DayRing.h"
#include "models/core/Time.h"
#include "models/twin/AthleteProfile.h"
#include "models/twin/CalendarDay.h"
#include "models/twin/TwinSettings.h"

#include <cstdint>

namespace nexus {

/// What the current (open) day has gathered so far.
struct OpenDay
{
    double load = 0.0;
    double trimp = 0.0;
    double edwardsTrimp = 0.0;
    float rmssd = -1.0f;        ///< < 0: no night recorded for this day
    float nightRhr = -1.0f;     ///< from the night's RR intervals
    float inBedMin = 0.0f;
    float asleepMin = -1.0f;    ///< < 0: no night
    // Live stream, in 5-minute buckets: the lowest inactive bucket's mean HR, awake and stressed minutes.
    float lowestRestingBucketBpm = 0.0f; ///< 0: none yet
    std::uint16_t awakeMinutes = 0;
    std::uint16_t stressMinutes = 0;
    bool sawSamples = false;
};

/// One user's twin between events: everything kept from one day to the next. Plain data, about
/// 0.7 KB; the engine (TwinEngine) holds the settings and does the arithmetic.
struct TwinState
{
    AthleteProfile profile;
    DayNumber firstDay = 0;
    DayNumber day = 0;          ///< the open day
    bool started = false;

    double ctl = 0.0;
    double atl = 0.0;
    double acwrAcute = 0.0;     ///< EWMA, λ = 2/(N+1)
    double acwrChronic = 0.0;
    float energy = 0.0f;        ///< the reserve at the end of the previous day

    DayRing<twin_capacity::kLoadDays> loads;
    DayRing<twin_capacity::kCtlDays> ctlHistory;
    DayRing<twin_capacity::kHrvDays> lnRmssd;
    DayRing<twin_capacity::kRhrDays> rhr;
    DayRing<twin_capacity::kSleepNights> asleepMin;

    OpenDay today;

    // Live heart-rate stream: the previous sample (TRIMP integrates sample to sample) and the open
    // 5-minute bucket.
    TimestampUs lastSampleUs = 0;
    float lastHrBpm = 0.0f;
    TimestampUs bucketEndUs = 0;
    float bucketHrSum = 0.0f;
    std::uint16_t bucketSamples = 0;
    std::uint16_t bucketSteps = 0;
};

} // namespace nexus
