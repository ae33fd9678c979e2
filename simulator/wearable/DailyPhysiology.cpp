#include "simulator/wearable/DailyPhysiology.h"

#include <algorithm>
#include <cmath>

namespace nexus::wearable {

namespace {

using detail::Rng;

constexpr double kTwoPi = 6.283185307179586;
constexpr double kAcuteLambda = 2.0 / 8.0;    // 7-day EWMA
constexpr double kChronicLambda = 2.0 / 43.0; // 42-day EWMA
constexpr double kChronicFloor = 10.0;        // TRIMP/day: keeps a sedentary person's strain finite
constexpr int kMaxSessions = 2;
constexpr int kMaxWorkoutMinutes = 240;
constexpr double kHardDayChance = 0.2;

// Independent random streams per (person, day): adding a session never shifts the night's draws.
enum Stream : std::uint64_t
{
    kPlanStream = 1,
    kNightStream = 2,
    kDayStream = 3,
    kSlotStream = 16
};

std::uint64_t streamSeed(const Person& person, DayNumber day, std::uint64_t stream)
{
    return detail::mix(person.seed ^ detail::mix((std::uint64_t(std::uint32_t(day)) << 8) + stream));
}

/// Habitual sleep efficiency; debt counts only sleep lost against the person's own normal night.
double habitualEfficiency(const Person& p)
{
    return 0.80 + 0.12 * p.fitness;
}

double hrReserve(const Person& p)
{
    return double(p.hrMaxBpm) - double(p.hrRestBpm);
}
double awakeHr(const Person& p)
{
    return p.hrRestBpm + 0.1 * hrReserve(p);
}

double banisterPerMinute(const Person& p, double hr)
{
    const double x = (hr - p.hrRestBpm) / hrReserve(p);
    const double b = p.sex == Sex::Male ? 1.92 : 1.67;
    return x <= 0.0 ? 0.0 : x * 0.64 * std::exp(b * x);
}

WorkoutType pickType(const Person& p, Rng& rng)
{
    double r = rng.uniform();
    for (int t = 0; t < kWorkoutTypeCount; ++t) {
        r -= p.habits[std::size_t(t)].share;
        if (r < 0.0)
            return WorkoutType(t);
    }
    return WorkoutType::Walk;
}

/// The intensity the kinetics head for at second t (strength alternates sets and rests).
double intensityAt(const WorkoutSpec& spec, int t)
{
    if (spec.type != WorkoutType::Strength)
        return spec.intensity;
    return (t % 120) < 45 ? spec.intensity + 0.15 : spec.intensity - 0.15;
}

int stepsPerMinute(WorkoutType type)
{
    switch (type) {
    case WorkoutType::Run:
        return 160;
    case WorkoutType::Walk:
        return 110;
    case WorkoutType::Strength:
        return 12;
    case WorkoutType::Ride:
        return 0;
    }
    return 0;
}

/// Session k of the day, drawn from its own stream; `stretch` lengthens it for heavy plans.
WorkoutRecord drawWorkout(const Person& p, DayNumber day, int k, double stretch)
{
    Rng rng(streamSeed(p, day, kSlotStream + std::uint64_t(k)));
    WorkoutRecord w;
    WorkoutSpec& s = w.spec;
    s.type = pickType(p, rng);
    const WorkoutHabit& h = p.habit(s.type);
    const double minutes = h.typicalMinutes * rng.uniform(0.75, 1.25) * stretch;
    s.durationS = int(std::lround(std::min<double>(minutes, kMaxWorkoutMinutes) * 60.0));
    const bool hard = rng.chance(kHardDayChance);
    s.intensity = float(std::clamp(h.intensity + rng.normal(0.0, 0.04) + (hard ? 0.12 : 0.0), 0.25, 0.92));
    s.startLocalMin = p.workoutStartMin + int(std::lround(rng.normal(0.0, 30.0))) + k * 300;
    s.startLocalMin = std::clamp(s.startLocalMin, 0, 1439 - s.durationS / 60);
    w.startUs = localToUtcUs(p, day, s.startLocalMin);
    w.hrBpm = workoutHeartRate(p, s, detail::mix(streamSeed(p, day, kSlotStream + std::uint64_t(k)) + 1));
    w.steps = int(std::lround(stepsPerMinute(s.type) * s.durationS / 60.0 * rng.uniform(0.9, 1.1)));
    w.trimp = banisterTrimp(p, w.hrBpm, s.durationS);
    return w;
}

std::vector<WorkoutRecord> drawWorkouts(const Person& p, DayNumber day, const TrainingPlan& plan)
{
    Rng rng(streamSeed(p, day, kPlanStream));
    const double m = plan.covers(day) ? plan.loadMultiplier * (1.0 - 0.8 * plan.illness) : 1.0;
    const double expected = std::min(1.0, p.sessionsPerWeek / 7.0) * m;
    const double u = rng.uniform(); // one draw whatever the plan, so plans share their randomness
    int n = int(std::floor(expected)) + (u < expected - std::floor(expected) ? 1 : 0);
    n = std::min(n, kMaxSessions);
    const double stretch = n > 0 ? std::max(1.0, expected / n) : 1.0;
    std::vector<WorkoutRecord> out;
    for (int k = 0; k < n; ++k)
        out.push_back(drawWorkout(p, day, k, stretch));
    return out;
}

/// Deep-sleep RR window with the target rMSSD and mean (see the header).
std::vector<float> nightRr(Rng& rng, double rmssdMs, double restingHr)
{
    std::vector<double> dev(kNightBeats);
    double slow = 0.0;
    const double phase = rng.uniform(0.0, kTwoPi);
    const double period = rng.uniform(3.5, 4.5);
    for (int i = 0; i < kNightBeats; ++i) {
        slow = 0.95 * slow + rng.normal(0.0, 1.0);
        dev[std::size_t(i)] = 0.6 * slow + std::sin(kTwoPi * i / period + phase) + rng.normal(0.0, 0.5);
    }
    double mean = 0.0, sumSq = 0.0;
    for (double d : dev)
        mean += d / kNightBeats;
    for (int i = 1; i < kNightBeats; ++i)
        sumSq += std::pow(dev[std::size_t(i)] - dev[std::size_t(i - 1)], 2);
    const double scale = rmssdMs / std::sqrt(sumSq / (kNightBeats - 1));
    const double meanRr = 60000.0 / restingHr;
    std::vector<float> rr(kNightBeats);
    for (int i = 0; i < kNightBeats; ++i)
        rr[std::size_t(i)] =
            float(std::clamp(std::round(meanRr + scale * (dev[std::size_t(i)] - mean)), 300.0, 2000.0));
    return rr;
}

NightRecord simulateNight(const Person& p, PhysiologyState& state, DayNumber day, const TrainingPlan& plan)
{
    Rng rng(streamSeed(p, day, kNightStream));
    NightRecord n;
    const int shift = plan.covers(day) ? plan.bedtimeShiftMin : 0;
    const int bed = p.bedtimeMin + int(std::lround(rng.normal(0.0, 25.0))) + shift;
    const int wake = std::max(bed + 120, p.wakeMin + int(std::lround(rng.normal(0.0, 15.0))));
    n.bedUs = localToUtcUs(p, day, bed);
    n.wakeUs = localToUtcUs(p, day, wake);
    n.inBedMin = wake - bed;
    const double ill = plan.covers(day) ? plan.illness : 0.0;
    const double efficiency = std::clamp(habitualEfficiency(p) - 0.05 * ill + rng.normal(0.0, 0.03), 0.65, 0.98);
    n.asleepMin = std::round(n.inBedMin * efficiency);
    state.sleepDebtHours =
        0.7 * state.sleepDebtHours + std::max(0.0, (p.sleepNeedMin() * habitualEfficiency(p) - n.asleepMin) / 60.0);

    // The overtraining response: strain and sleep debt lower HRV and raise resting HR.
    const double z = state.strain();
    const double debt = state.sleepDebtHours;
    const double lnRmssd =
        std::log(double(p.rmssdBaseMs)) - 0.30 * z - 0.06 * debt - 0.35 * ill + rng.normal(0.0, 0.07);
    n.rmssdMs = std::exp(lnRmssd);
    n.restingHrBpm =
        std::clamp(p.hrRestBpm * (1.0 + 0.06 * z) + 0.8 * debt + 8.0 * ill + rng.normal(0.0, 1.0), 35.0, 110.0);
    n.rrMs = nightRr(rng, n.rmssdMs, n.restingHrBpm);

    const int readings = int(n.asleepMin / 15.0);
    for (int i = 0; i < readings; ++i) {
        double v = p.spo2BasePct - 1.0 * ill + rng.normal(0.0, 0.5);
        if (rng.chance(0.02))
            v -= rng.uniform(2.0, 6.0);
        n.spo2Pct.push_back(float(std::clamp(std::round(v * 10.0) / 10.0, 88.0, 100.0)));
    }
    return n;
}

std::vector<float> skinTemperature(const Person& p, Rng& rng, double illness)
{
    std::vector<float> t(24);
    for (int h = 0; h < 24; ++h) {
        const double v =
            p.skinTempBaseC + 0.8 * illness + 0.6 * std::cos(kTwoPi * (h - 3) / 24.0) + rng.normal(0.0, 0.1);
        t[std::size_t(h)] = float(std::clamp(v, 31.0, 36.5));
    }
    return t;
}

} // namespace

double PhysiologyState::strain() const
{
    return std::clamp(acuteLoad / std::max(chronicLoad, kChronicFloor) - 1.0, -0.5, 2.0);
}

PhysiologyState initialState(const Person& person)
{
    // Expected daily TRIMP of the habits, from the steady-state HR of each type (ramp-up ignored).
    double perSession = 0.0;
    for (const WorkoutHabit& h : person.habits) {
        auto perMinute = [&](double i) { return banisterPerMinute(person, person.hrRestBpm + i * hrReserve(person)); };
        const double mean =
            (1.0 - kHardDayChance) * perMinute(h.intensity) + kHardDayChance * perMinute(h.intensity + 0.12);
        perSession += h.share * h.typicalMinutes * mean;
    }
    PhysiologyState s;
    s.acuteLoad = s.chronicLoad = std::min(1.0, person.sessionsPerWeek / 7.0) * perSession;
    return s;
}

std::vector<float> workoutHeartRate(const Person& p, const WorkoutSpec& spec, std::uint64_t seed)
{
    Rng rng(seed);
    const double reserve = hrReserve(p);
    const double awake = awakeHr(p);
    const double kOn = 1.0 - std::exp(-1.0 / (20.0 + 25.0 * (1.0 - p.fitness)));
    const double kOff = 1.0 - std::exp(-1.0 / (35.0 + 35.0 * (1.0 - p.fitness)));
    const double lo = std::max(30.0, p.hrRestBpm - 5.0), hi = std::min(220.0, p.hrMaxBpm + 2.0);
    std::vector<float> out(std::size_t(spec.durationS + kRecoverySeconds));
    double hr = awake, noise = 0.0, hrEnd = awake;
    for (int t = 0; t < int(out.size()); ++t) {
        double target;
        if (t < spec.durationS) {
            const double drift = 10.0 * spec.intensity * t / 3600.0; // cardiac drift, bpm
            target = std::min(double(p.hrMaxBpm), p.hrRestBpm + intensityAt(spec, t) * reserve + drift);
        } else {
            if (t == spec.durationS)
                hrEnd = hr;
            target = awake + 0.3 * (hrEnd - awake) * std::exp(-(t - spec.durationS) / 600.0);
        }
        hr += (target - hr) * (target > hr ? kOn : kOff);
        noise = 0.9 * noise + rng.normal(0.0, 1.5 * std::sqrt(1.0 - 0.81));
        out[std::size_t(t)] = float(std::clamp(hr + noise, lo, hi));
    }
    return out;
}

double banisterTrimp(const Person& person, const std::vector<float>& hrBpm, int seconds)
{
    // Trimp.h holds each sample until the next and ends at the last sample: n samples span n − 1 s.
    const int n = std::min(seconds, int(hrBpm.size()));
    double sum = 0.0;
    for (int i = 0; i + 1 < n; ++i)
        sum += banisterPerMinute(person, hrBpm[std::size_t(i)]) / 60.0;
    return sum;
}

TimestampUs localToUtcUs(const Person& person, DayNumber day, int localMinute)
{
    return startOfDayUs(day) + TimestampUs(localMinute - person.utcOffsetMin) * 60 * kUsPerSecond;
}

DayRecord simulateDay(const Person& person, PhysiologyState& state, DayNumber day, const TrainingPlan& plan)
{
    DayRecord r;
    r.day = day;
    r.night = simulateNight(person, state, day, plan);
    r.workouts = drawWorkouts(person, day, plan);
    Rng rng(streamSeed(person, day, kDayStream));
    r.skinTempC = skinTemperature(person, rng, plan.covers(day) ? plan.illness : 0.0);
    r.steps = int(std::lround(person.backgroundStepsPerDay * std::exp(rng.normal(0.0, 0.25))));
    for (const WorkoutRecord& w : r.workouts) {
        r.steps += w.steps;
        r.trimp += w.trimp;
    }
    state.acuteLoad += kAcuteLambda * (r.trimp - state.acuteLoad);
    state.chronicLoad += kChronicLambda * (r.trimp - state.chronicLoad);
    ++state.daysSimulated;
    return r;
}

WorkoutEntry toWorkoutEntry(const WorkoutRecord& workout, DayNumber day)
{
    WorkoutEntry e;
    e.startUs = workout.startUs;
    e.day = day;
    const int n = std::min(workout.activeSeconds(), int(workout.hrBpm.size()));
    e.hrSamples.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i)
        e.hrSamples.push_back({float(i), workout.hrBpm[std::size_t(i)]});
    return e;
}

NightEntry toNightEntry(const DayRecord& record)
{
    NightEntry n;
    n.day = record.day;
    n.rrMs = record.night.rrMs;
    n.inBedMin = record.night.inBedMin;
    n.asleepMin = record.night.asleepMin;
    return n;
}

} // namespace nexus::wearable
