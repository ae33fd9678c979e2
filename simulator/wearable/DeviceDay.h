#pragma once

#include "models/events/HealthBatch.h"
#include "simulator/wearable/DailyPhysiology.h"

#include <cstdint>
#include <vector>

/// What one person's device records between two bedtimes, as the readings it will upload:
/// the night (HR and SpO2 once a minute asleep, the deep-sleep RR window), the waking day (HR
/// once a minute at rest with steps since the previous reading, hourly skin temperature) and the
/// workouts (1 Hz HR with steps, and the recovery after them). Pure and deterministic.
namespace nexus::wearable {

struct Span
{
    TimestampUs fromUs = 0;
    TimestampUs toUs = 0; ///< exclusive
    bool contains(TimestampUs t) const { return t >= fromUs && t < toUs; }
};

struct RrWindow
{
    TimestampUs startUs = 0;         ///< beat k ends at startUs + Σ_{j≤k} rrMs[j] ms
    std::vector<std::uint16_t> rrMs; ///< as HealthBatch carries them
};

/// How often the device samples outside workouts (during workouts it samples at 1 Hz).
struct DeviceCadence
{
    int restIntervalS = 60;
    int sleepIntervalS = 60;
};

struct DeviceDay
{
    DayNumber day = 0;
    Span covers;                ///< [this night's bedtime, the next night's bedtime)
    Span sleep;                 ///< in bed
    std::vector<Span> workouts; ///< active part plus recovery, in time order
    std::vector<HealthSample> samples; ///< strictly increasing tsUs, all inside `covers`
    std::vector<RrWindow> rr;          ///< at most one per night, inside `sleep`

    /// Awake, not in a workout or its recovery: where "at rest" anomalies may be injected.
    bool atRest(TimestampUs t) const;
};

/// The readings of `record` up to `nextBedUs` (the next night's bedtime; the day's workouts are
/// clipped there). Noise for the minute-level readings comes from a stream seeded by
/// (person.seed, day), so the result depends only on its arguments.
DeviceDay recordDeviceDay(const Person& person, const DayRecord& record, TimestampUs nextBedUs,
                          const DeviceCadence& cadence = {});

} // namespace nexus::wearable
