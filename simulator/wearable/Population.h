#pragma once

#include "models/twin/AthleteProfile.h"

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace nexus::wearable {

enum class WorkoutType : std::uint8_t
{
    Run,
    Ride,
    Strength,
    Walk
};
constexpr int kWorkoutTypeCount = 4;
const char* workoutTypeName(WorkoutType type);

/// How a person does one type of workout. Intensity is a fraction of the heart-rate reserve
/// (HR − HRrest)/(HRmax − HRrest) the heart settles at during a typical session.
struct WorkoutHabit
{
    float share = 0.0f; ///< probability a session is of this type; shares sum to 1
    float typicalMinutes = 0.0f;
    float intensity = 0.0f; ///< fraction of HR reserve, 0.3–0.9
};

/// One simulated wearer. Every field is drawn from the person's own generator, seeded from a hash
/// of (population seed, index), so person i is the same in a population of 10 or of 1,000.
struct Person
{
    int index = 0;
    std::uint64_t seed = 0; ///< the person's own seed; DailyPhysiology derives per-day streams from it
    std::string userId;     ///< "u0000042", as HealthSimulator names users
    std::string deviceId;   ///< "d0000042"
    std::string deviceType; ///< "watch-a", "band-b" or "ring-c"

    Sex sex = Sex::Male;
    float ageYears = 0.0f; ///< 18–75
    float weightKg = 0.0f;
    float fitness = 0.0f;       ///< 0 (sedentary) – 1 (trained endurance athlete)
    float hrRestBpm = 0.0f;     ///< 40–85, lower with fitness
    float hrMaxBpm = 0.0f;      ///< Tanaka 208 − 0.7·age plus individual noise (SD 5)
    float rmssdBaseMs = 0.0f;   ///< nightly rMSSD when rested, 12–150 ms, lower with age, higher with fitness
    float spo2BasePct = 0.0f;   ///< nightly SpO2 level, 95.5–98.5
    float skinTempBaseC = 0.0f; ///< daily mean distal skin temperature, 33.0–34.4

    // Chronotype, in local minutes from the midnight that starts the wake-up day.
    int bedtimeMin = 0;   ///< habitual bedtime, −180 (21:00 the evening before) … +120 (02:00)
    int wakeMin = 0;      ///< habitual wake time, 300–600 (05:00–10:00)
    int utcOffsetMin = 0; ///< local time = UTC + offset

    // Training habits.
    float sessionsPerWeek = 0.0f; ///< 0–7
    int workoutStartMin = 0;      ///< preferred local start time of a session (minutes after midnight)
    std::array<WorkoutHabit, kWorkoutTypeCount> habits{}; ///< indexed by WorkoutType
    float backgroundStepsPerDay = 0.0f;                   ///< steps outside workouts on an ordinary day

    const WorkoutHabit& habit(WorkoutType type) const { return habits[std::size_t(type)]; }
    /// Habitual time in bed, minutes.
    int sleepNeedMin() const { return wakeMin - bedtimeMin; }
};

bool operator==(const Person& a, const Person& b);
inline bool operator!=(const Person& a, const Person& b)
{
    return !(a == b);
}

/// The user id of the person with this index: "u0000042" (the same in every population).
std::string userIdOf(int index);

/// The person with this index in the population with this seed (pure function).
Person makePerson(std::uint64_t seed, int index);

/// What the twin needs to know about the person (sex, age, resting and maximum HR, weight).
AthleteProfile profileOf(const Person& person);

/// A deterministic population: the same (seed, count) gives identical people. Plain data; safe to
/// read from any thread once built.
class Population
{
public:
    Population(std::uint64_t seed, int count);

    std::uint64_t seed() const { return m_seed; }
    int size() const { return int(m_people.size()); }
    /// Person `i`, 0 ≤ i < size().
    const Person& person(int i) const { return m_people[std::size_t(i)]; }
    const std::vector<Person>& people() const { return m_people; }

private:
    std::uint64_t m_seed;
    std::vector<Person> m_people;
};

namespace detail {
/// SplitMix64 finaliser: the hash every per-person and per-day seed goes through.
std::uint64_t mix(std::uint64_t x);

/// A seeded std::mt19937_64 with platform-independent draws (std::*_distribution differ between
/// standard libraries, so the simulator never uses them).
class Rng
{
public:
    explicit Rng(std::uint64_t seed) : m_gen(seed) {}
    double uniform() { return double(m_gen() >> 11) * 0x1.0p-53; } ///< [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double normal(double mean, double sd); ///< Box–Muller
    bool chance(double p) { return uniform() < p; }

private:
    std::mt19937_64 m_gen;
};
} // namespace detail

} // namespace nexus::wearable
