#include "simulator/wearable/DeviceDay.h"

#include <algorithm>
#include <cmath>

namespace nexus::wearable {

namespace {

using detail::Rng;

constexpr std::uint64_t kDeviceStream = 0xD3C1CE0000000000ULL;

// Awake readings between workouts: a person stands, sits and walks. Walking comes in bouts of
// whole minutes at ~95 steps/min; heart rate sits at 10 % of the reserve above the night's resting
// rate, 30 % while walking, with AR(1) noise so consecutive readings are correlated as real ones are.
constexpr double kAwakeReserveFraction = 0.10;
constexpr double kWalkingReserveFraction = 0.30;
constexpr double kWalkingStepsPerMinute = 95.0;
constexpr double kMaxWalkingShare = 0.6;
constexpr double kNoisePhi = 0.8;
constexpr double kNoiseSd = 2.0;
// Asleep: HR a little above the night's resting rate (the lowest stretch is the resting rate),
// higher early and late in the night; minute means move by ~2 bpm with sleep stages and breathing.
constexpr double kSleepHrAboveRest = 3.0;
constexpr double kSleepHrSwing = 4.0;
constexpr double kSleepNoisePhi = 0.6;
constexpr double kSleepNoiseSd = 1.6;
// The deep-sleep RR window starts this far into the night.
constexpr double kRrWindowAt = 0.3;

std::uint16_t hrReading(double bpm)
{
    return std::uint16_t(std::clamp(std::lround(bpm), 25L, 240L));
}

std::int64_t secondsUs(std::int64_t s)
{
    return s * kUsPerSecond;
}

/// Local hour (0–23) of a UTC time for the person.
int localHour(const Person& p, TimestampUs tUs)
{
    const std::int64_t localMin = tUs / (60 * kUsPerSecond) + p.utcOffsetMin;
    return int(((localMin / 60) % 24 + 24) % 24);
}

void addNight(const DayRecord& r, const DeviceCadence& cadence, Rng& rng, DeviceDay& out)
{
    const NightRecord& n = r.night;
    const TimestampUs stepUs = secondsUs(cadence.sleepIntervalS);
    const double length = double(n.wakeUs - n.bedUs);
    double noise = 0.0;
    for (TimestampUs t = n.bedUs; t < n.wakeUs; t += stepUs) {
        const double x = double(t - n.bedUs) / length; // 0..1 through the night
        noise = kSleepNoisePhi * noise + rng.normal(0.0, kSleepNoiseSd);
        HealthSample s;
        s.tsUs = t;
        s.hrBpm = hrReading(n.restingHrBpm + kSleepHrAboveRest + kSleepHrSwing * std::pow(2.0 * x - 1.0, 2) + noise);
        if (!n.spo2Pct.empty()) {
            const std::size_t i = std::min(n.spo2Pct.size() - 1, std::size_t((t - n.bedUs) / (15 * 60 * kUsPerSecond)));
            s.spo2Pct = std::uint8_t(std::clamp(std::lround(n.spo2Pct[i] + rng.normal(0.0, 0.3)), 50L, 100L));
        }
        out.samples.push_back(s);
    }
    if (!n.rrMs.empty()) {
        RrWindow w;
        w.startUs = n.bedUs + TimestampUs(length * kRrWindowAt) / kUsPerSecond * kUsPerSecond;
        for (float ms : n.rrMs)
            w.rrMs.push_back(std::uint16_t(std::lround(ms)));
        out.rr.push_back(std::move(w));
    }
}

void addWorkouts(const DayRecord& r, Span awake, DeviceDay& out)
{
    for (const WorkoutRecord& w : r.workouts) {
        const Span span{std::max(w.startUs, awake.fromUs),
                        std::min(w.startUs + secondsUs(std::int64_t(w.hrBpm.size())), awake.toUs)};
        if (span.toUs <= span.fromUs)
            continue;
        out.workouts.push_back(span);
        // Steps spread evenly over the active seconds, carrying fractions so the total is exact.
        const double perSecond = w.activeSeconds() > 0 ? double(w.steps) / w.activeSeconds() : 0.0;
        double carry = 0.0;
        for (std::size_t i = 0; i < w.hrBpm.size(); ++i) {
            const TimestampUs t = w.startUs + secondsUs(std::int64_t(i));
            const bool active = int(i) < w.activeSeconds();
            std::uint16_t steps = 0;
            if (active) {
                carry += perSecond;
                steps = std::uint16_t(std::floor(carry));
                carry -= steps;
            }
            if (!span.contains(t))
                continue;
            HealthSample s;
            s.tsUs = t;
            s.hrBpm = hrReading(w.hrBpm[i]);
            s.steps = steps;
            s.workout = active;
            out.samples.push_back(s);
        }
    }
}

bool inAnyWorkout(const std::vector<Span>& workouts, TimestampUs t)
{
    return std::any_of(workouts.begin(), workouts.end(), [t](const Span& s) { return s.contains(t); });
}

void addAwakeRest(const Person& p, const DayRecord& r, Span awake, const DeviceCadence& cadence, Rng& rng,
                  DeviceDay& out)
{
    const TimestampUs stepUs = secondsUs(cadence.restIntervalS);
    int workoutSteps = 0;
    for (const WorkoutRecord& w : r.workouts)
        workoutSteps += w.steps;
    const double backgroundSteps = std::max(0, r.steps - workoutSteps);
    const double awakeMinutes = double(awake.toUs - awake.fromUs) / (60.0 * kUsPerSecond);
    const double walkingShare =
        awakeMinutes > 0 ? std::min(kMaxWalkingShare, backgroundSteps / kWalkingStepsPerMinute / awakeMinutes) : 0.0;
    const double reserve = p.hrMaxBpm - r.night.restingHrBpm;
    const double stepsPerReading = kWalkingStepsPerMinute * cadence.restIntervalS / 60.0;

    double noise = 0.0;
    bool walking = false;
    for (TimestampUs t = awake.fromUs; t < awake.toUs; t += stepUs) {
        if (inAnyWorkout(out.workouts, t))
            continue;
        // Bouts: a walking reading is followed by another with probability 0.7, so bouts last a
        // few minutes; the start probability keeps the long-run share at walkingShare.
        const double startP = walkingShare * 0.3 / std::max(1e-9, 1.0 - walkingShare);
        walking = walking ? rng.chance(0.7) : rng.chance(std::min(1.0, startP));
        noise = kNoisePhi * noise + rng.normal(0.0, kNoiseSd);
        const double fraction = walking ? kWalkingReserveFraction : kAwakeReserveFraction;
        HealthSample s;
        s.tsUs = t;
        s.hrBpm = hrReading(r.night.restingHrBpm + fraction * reserve + noise);
        s.steps = walking ? std::uint16_t(std::lround(stepsPerReading * rng.uniform(0.7, 1.2))) : 0;
        out.samples.push_back(s);
    }
}

/// Hourly skin temperature: on the first reading of each hour.
void addSkinTemperature(const Person& p, const DayRecord& r, DeviceDay& out)
{
    std::int64_t lastHour = -1;
    for (HealthSample& s : out.samples) {
        const std::int64_t hour = s.tsUs / (3600 * kUsPerSecond);
        if (hour == lastHour)
            continue;
        lastHour = hour;
        s.skinTempCentiC = std::int16_t(std::lround(r.skinTempC[std::size_t(localHour(p, s.tsUs))] * 100.0f));
    }
}

} // namespace

bool DeviceDay::atRest(TimestampUs t) const
{
    if (!covers.contains(t) || sleep.contains(t))
        return false;
    return std::none_of(workouts.begin(), workouts.end(), [t](const Span& s) { return s.contains(t); });
}

DeviceDay recordDeviceDay(const Person& person, const DayRecord& record, TimestampUs nextBedUs,
                          const DeviceCadence& cadence)
{
    DeviceDay out;
    out.day = record.day;
    out.covers = {record.night.bedUs, std::max(nextBedUs, record.night.wakeUs)};
    out.sleep = {record.night.bedUs, record.night.wakeUs};
    const Span awake{record.night.wakeUs, out.covers.toUs};
    Rng rng(detail::mix(person.seed ^ kDeviceStream ^ detail::mix(std::uint64_t(record.day))));

    addNight(record, cadence, rng, out);
    addWorkouts(record, awake, out);
    addAwakeRest(person, record, awake, cadence, rng, out);
    std::stable_sort(out.samples.begin(), out.samples.end(),
                     [](const HealthSample& a, const HealthSample& b) { return a.tsUs < b.tsUs; });
    // Two workouts can overlap in a long day; keep the first reading of a second.
    out.samples.erase(std::unique(out.samples.begin(), out.samples.end(),
                                  [](const HealthSample& a, const HealthSample& b) { return a.tsUs == b.tsUs; }),
                      out.samples.end());
    addSkinTemperature(person, record, out);
    return out;
}

} // namespace nexus::wearable
