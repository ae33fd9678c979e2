#include "simulator/wearable/Population.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nexus::wearable {

namespace detail {

std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

double Rng::normal(double mean, double sd)
{
    // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

} // namespace detail

namespace {

using detail::Rng;

/// Salt so that a person's stream differs from HealthSimulator's user with the same seed and index.
constexpr std::uint64_t kPersonSalt = 0x57ea4ab1e0000000ULL;

float clampf(double v, double lo, double hi)
{
    return float(std::clamp(v, lo, hi));
}

std::string numbered(char prefix, int index)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%07d", prefix, index);
    return buf;
}

const char* pickDevice(Rng& rng)
{
    const double r = rng.uniform();
    return r < 0.5 ? "watch-a" : r < 0.8 ? "band-b" : "ring-c";
}

/// Offsets weighted roughly by where a consumer fitness platform's users live.
int pickUtcOffset(Rng& rng)
{
    static constexpr std::array<int, 10> kOffsets{-480, -420, -360, -300, 0, 60, 120, 330, 480, 600};
    static constexpr std::array<double, 10> kWeights{0.08, 0.04, 0.08, 0.16, 0.10, 0.24, 0.10, 0.08, 0.07, 0.05};
    double r = rng.uniform();
    for (std::size_t i = 0; i < kOffsets.size(); ++i) {
        r -= kWeights[i];
        if (r < 0.0)
            return kOffsets[i];
    }
    return kOffsets.back();
}

/// Typical minutes and intensity (fraction of HR reserve) per type, before individual variation.
struct TypeDefaults
{
    double minutes;
    double intensity;
};
constexpr std::array<TypeDefaults, kWorkoutTypeCount> kDefaults{{
    {40.0, 0.68}, // run
    {60.0, 0.60}, // ride
    {45.0, 0.45}, // strength (sets and rests average out lower)
    {50.0, 0.32}, // walk
}};

/// 1–3 preferred types with random shares; fitter people lean towards run and ride.
void drawHabits(Person& p, Rng& rng)
{
    std::array<double, kWorkoutTypeCount> w{};
    w[0] = 0.2 + p.fitness;
    w[1] = 0.1 + 0.8 * p.fitness;
    w[2] = 0.5;
    w[3] = 1.2 - p.fitness;
    double sum = 0.0;
    for (double& x : w) {
        x = rng.chance(0.6) ? x * rng.uniform(0.5, 1.5) : 0.0; // not every type is preferred
        sum += x;
    }
    if (sum == 0.0) { // everyone does something: fall back to walking
        w[3] = 1.0;
        sum = 1.0;
    }
    for (int t = 0; t < kWorkoutTypeCount; ++t) {
        WorkoutHabit& h = p.habits[std::size_t(t)];
        const TypeDefaults& d = kDefaults[std::size_t(t)];
        h.share = float(w[std::size_t(t)] / sum);
        h.typicalMinutes = clampf(d.minutes * rng.uniform(0.7, 1.4) * (0.8 + 0.4 * p.fitness), 15, 150);
        h.intensity = clampf(d.intensity + rng.normal(0.0, 0.05) + 0.05 * (p.fitness - 0.5), 0.25, 0.85);
    }
}

} // namespace

const char* workoutTypeName(WorkoutType type)
{
    switch (type) {
    case WorkoutType::Run:
        return "run";
    case WorkoutType::Ride:
        return "ride";
    case WorkoutType::Strength:
        return "strength";
    case WorkoutType::Walk:
        return "walk";
    }
    return "?";
}

std::string userIdOf(int index)
{
    return numbered('u', index);
}

Person makePerson(std::uint64_t seed, int index)
{
    Person p;
    p.index = index;
    p.seed = detail::mix(seed ^ detail::mix(kPersonSalt + std::uint64_t(index)));
    Rng rng(p.seed);
    p.userId = userIdOf(index);
    p.deviceId = numbered('d', index);
    p.deviceType = pickDevice(rng);
    p.utcOffsetMin = pickUtcOffset(rng);

    p.sex = rng.chance(0.5) ? Sex::Male : Sex::Female;
    p.ageYears = float(rng.uniform(18.0, 75.0));
    const bool male = p.sex == Sex::Male;
    p.weightKg = clampf(rng.normal(male ? 82 : 67, male ? 11 : 10), 45, 140);
    // Fitness: triangular around 0.5, declining a little with age.
    p.fitness = clampf(0.5 * (rng.uniform() + rng.uniform()) - 0.004 * (p.ageYears - 40.0), 0.0, 1.0);
    p.hrRestBpm = clampf(74.0 - 24.0 * p.fitness + (male ? 0.0 : 3.0) + rng.normal(0, 4), 40, 85);
    p.hrMaxBpm = clampf(208.0 - 0.7 * p.ageYears + rng.normal(0, 5), 150, 210);
    // Healthy adults' nightly rMSSD: ~65 ms at 25, falling ~2 %/year, higher with aerobic fitness.
    p.rmssdBaseMs = clampf(
        std::exp(std::log(65.0) - 0.02 * (p.ageYears - 25.0) + 0.6 * (p.fitness - 0.5) + rng.normal(0, 0.25)), 12, 150);
    p.spo2BasePct = clampf(rng.normal(97.0, 0.6), 95.5, 98.5);
    p.skinTempBaseC = clampf(rng.normal(33.7, 0.3), 33.0, 34.4);

    p.bedtimeMin = int(std::lround(std::clamp(rng.normal(-60.0, 50.0), -180.0, 120.0)));
    const double sleepNeed = std::clamp(rng.normal(465.0, 35.0), 390.0, 560.0);
    p.wakeMin = int(std::lround(std::clamp(p.bedtimeMin + sleepNeed, 300.0, 600.0)));

    p.sessionsPerWeek = clampf(0.5 + 5.5 * p.fitness + rng.normal(0, 0.8), 0.0, 7.0);
    // Larks train before work, owls after it.
    p.workoutStartMin = p.wakeMin < 420 && rng.chance(0.6) ? p.wakeMin + 30 : int(rng.uniform(17.0, 19.5) * 60);
    drawHabits(p, rng);
    p.backgroundStepsPerDay = float(rng.uniform(3000.0, 10000.0));
    return p;
}

bool operator==(const Person& a, const Person& b)
{
    auto habitsEqual = [&] {
        for (int t = 0; t < kWorkoutTypeCount; ++t) {
            const WorkoutHabit &x = a.habits[std::size_t(t)], &y = b.habits[std::size_t(t)];
            if (x.share != y.share || x.typicalMinutes != y.typicalMinutes || x.intensity != y.intensity)
                return false;
        }
        return true;
    };
    return a.index == b.index && a.seed == b.seed && a.userId == b.userId && a.deviceId == b.deviceId &&
           a.deviceType == b.deviceType && a.sex == b.sex && a.ageYears == b.ageYears && a.weightKg == b.weightKg &&
           a.fitness == b.fitness && a.hrRestBpm == b.hrRestBpm && a.hrMaxBpm == b.hrMaxBpm &&
           a.rmssdBaseMs == b.rmssdBaseMs && a.spo2BasePct == b.spo2BasePct && a.skinTempBaseC == b.skinTempBaseC &&
           a.bedtimeMin == b.bedtimeMin && a.wakeMin == b.wakeMin && a.utcOffsetMin == b.utcOffsetMin &&
           a.sessionsPerWeek == b.sessionsPerWeek && a.workoutStartMin == b.workoutStartMin &&
           a.backgroundStepsPerDay == b.backgroundStepsPerDay && habitsEqual();
}

AthleteProfile profileOf(const Person& person)
{
    AthleteProfile p;
    p.sex = person.sex;
    p.ageYears = person.ageYears;
    p.hrRestBpm = person.hrRestBpm;
    p.hrMaxBpm = person.hrMaxBpm;
    p.weightKg = person.weightKg;
    return p;
}

Population::Population(std::uint64_t seed, int count) : m_seed(seed)
{
    m_people.reserve(std::size_t(std::max(0, count)));
    for (int i = 0; i < count; ++i)
        m_people.push_back(makePerson(seed, i));
}

} // namespace nexus::wearable
