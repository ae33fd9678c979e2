#pragma once

#include "models/core/Time.h"
#include "models/twin/CalendarDay.h"
#include "models/twin/UserHistory.h"
#include "simulator/wearable/Population.h"

#include <cstdint>
#include <vector>

/// A person's physiology day by day, in event time: the night that ended on the day's morning, the
/// day's workouts with 1 Hz heart rate, steps, SpO2 and skin temperature. Pure: no clock, no I/O,
/// no global state. Every random draw comes from a generator seeded by hash(person.seed, day,
/// stream), so the same person, plan and sequence of days give byte-identical records, and a
/// workout slot's draws do not shift when a plan adds or lengthens sessions (the normal and the
/// overtraining runs share their noise, which makes the comparison between them clean).
///
/// Models (all constants are in DailyPhysiology.cpp next to their use):
/// - Workouts. A day has n sessions, n = ⌊e⌋ + Bernoulli(e − ⌊e⌋) with
///   e = min(1, sessionsPerWeek/7)·m, m the plan's load multiplier; at most 2, and any load left
///   over lengthens them (duration × e/n, ≤ 240 min). Type by the person's habit shares, duration
///   ≈ typical × U(0.75, 1.25), intensity I = habit ± 0.04, one day in five "hard" (+0.12). Starts
///   at the preferred time ± 30 min; a second session 5 hours later.
/// - Workout heart rate, 1 Hz, first-order kinetics with Δt = 1 s:
///   HR(t+1) = HR(t) + (target − HR(t))·(1 − e^(−1/τ)), τ_on = 20 + 25·(1 − fitness) s rising,
///   τ_off = 35 + 35·(1 − fitness) s falling; target = HRrest + I·(HRmax − HRrest) + drift,
///   cardiac drift = 10·I bpm per hour; strength alternates 45 s sets at I + 0.15 and 75 s rests
///   at I − 0.15. Recorded HR = kinetic HR + AR(1) noise (φ = 0.9, SD 1.5 bpm), clamped to
///   [HRrest − 5, HRmax + 2]. Before the start and after the end the target is the awake
///   standing HR, HRrest + 0.1·(HRmax − HRrest); after the end a slow (EPOC-like) component adds
///   0.3·(HRend − awake)·e^(−t/600 s). Ten minutes of recovery follow each workout.
/// - Load. Daily TRIMP w = Σ Banister TRIMP of the workouts (active part, same formula as
///   backend/twin/Trimp.h). State: acute A ← A + (2/8)(w − A), chronic C ← C + (2/43)(w − C)
///   (7- and 42-day EWMAs), both starting at the person's habitual daily TRIMP.
/// - Overtraining response: strain z = clamp(A / max(C, 10) − 1, −0.5, 2). It is 0 at the habitual
///   load and rises while recent load outpaces chronic load (≈ +0.5–1 in the first two weeks at
///   ×2.5, falling back as C adapts); it lowers HRV and raises resting HR through the lines below.
/// - Sleep: bedtime = habitual + N(0, 25 min) + plan shift, wake = habitual + N(0, 15 min);
///   efficiency = 0.80 + 0.12·fitness + N(0, 0.03), in [0.65, 0.98]; asleep = in bed × efficiency.
///   Sleep debt D (hours) ← 0.7·D + max(0, habitual asleep − asleep), habitual asleep =
///   (wake − bed)·(0.80 + 0.12·fitness) at the person's chronotype.
/// - Nightly HRV and resting HR, from the state after yesterday and tonight's sleep:
///   ln rMSSD = ln rMSSD₀ − 0.30·z − 0.06·D + N(0, 0.07);
///   RHR = HRrest·(1 + 0.06·z) + 0.8·D + N(0, 1) bpm.
///   The night's RR intervals: kNightBeats beats of one contiguous deep-sleep window, mean
///   60000/RHR, with a slow AR(1) component (φ = 0.95) plus respiratory sinus arrhythmia (period
///   ≈ 4 beats) plus white noise, rescaled so the window's rMSSD equals the target exactly, then
///   rounded to whole ms and clamped to [300, 2000].
/// - SpO2: one reading per 15 minutes asleep, base + N(0, 0.5), a 2 % chance of a 2–6 point dip,
///   clamped to [88, 100]. Skin temperature: 24 hourly local readings,
///   base + 0.6·cos(2π(h − 3)/24) + N(0, 0.1) (distal skin warms at night), in [31, 36.5].
/// - Steps: background × e^N(0, 0.25) plus per workout minute 160 (run), 110 (walk), 12 (strength),
///   0 (ride).
/// - Illness (a plan's `illness` s in [0, 1], e.g. flu): the load multiplier is scaled by 1 − 0.8·s
///   (people rest when ill), ln rMSSD −0.35·s, RHR +8·s bpm, skin temperature +0.8·s °C, SpO2
///   −1.0·s points, sleep efficiency −0.05·s. Values for an acute viral infection as wearable
///   studies report them (Radin et al. 2020, Lancet Digital Health 2:e85; Mishra et al. 2020,
///   Nature Biomedical Engineering 4:1208).
namespace nexus::wearable {

/// A scenario knob: scales the expected training load on days [fromDay, toDay) and moves
/// bedtime later (short sleep) on the same days.
struct TrainingPlan
{
    double loadMultiplier = 1.0;
    int bedtimeShiftMin = 0;
    DayNumber fromDay = 0;
    DayNumber toDay = 0;
    double illness = 0.0; ///< 0 healthy … 1 full flu response (see above); last, for aggregate initialisers
    bool covers(DayNumber day) const { return day >= fromDay && day < toDay; }
};

/// What is carried from one day to the next for one person.
struct PhysiologyState
{
    double acuteLoad = 0.0;   ///< 7-day EWMA of daily TRIMP ("fatigue")
    double chronicLoad = 0.0; ///< 42-day EWMA of daily TRIMP ("fitness")
    double sleepDebtHours = 0.0;
    int daysSimulated = 0;
    double strain() const; ///< z above
};

/// The person's state at their habitual load (no ramp-up artefacts on the first days).
PhysiologyState initialState(const Person& person);

struct WorkoutSpec
{
    WorkoutType type = WorkoutType::Run;
    int startLocalMin = 0; ///< local minutes after midnight of the day
    int durationS = 0;
    float intensity = 0.0f; ///< fraction of HR reserve
};

struct WorkoutRecord
{
    WorkoutSpec spec;
    TimestampUs startUs = 0;  ///< UTC
    std::vector<float> hrBpm; ///< 1 Hz from startUs: spec.durationS active seconds, then the recovery
    int steps = 0;
    double trimp = 0.0; ///< Banister TRIMP of the active part
    int activeSeconds() const { return spec.durationS; }
};

struct NightRecord
{
    TimestampUs bedUs = 0; ///< UTC
    TimestampUs wakeUs = 0;
    double inBedMin = 0.0;
    double asleepMin = 0.0;
    double rmssdMs = 0.0;      ///< the model's target; the RR window reproduces it up to ms rounding
    double restingHrBpm = 0.0; ///< = 60000 / mean RR before rounding
    std::vector<float> rrMs;
    std::vector<float> spo2Pct; ///< one per 15 minutes asleep
};

struct DayRecord
{
    DayNumber day = 0; ///< the person's local calendar date
    NightRecord night; ///< the night that ended this morning
    std::vector<WorkoutRecord> workouts;
    std::vector<float> skinTempC; ///< 24 hourly readings from local midnight
    int steps = 0;
    double trimp = 0.0; ///< Σ workouts' TRIMP; what the state's EWMAs were fed
};

constexpr int kNightBeats = 400;
constexpr int kRecoverySeconds = 600;

/// Simulates `day` for `person` and advances `state` past it (call with consecutive days).
DayRecord simulateDay(const Person& person, PhysiologyState& state, DayNumber day, const TrainingPlan& plan = {});

/// The 1 Hz heart rate of one workout and its recovery; `seed` picks the noise.
std::vector<float> workoutHeartRate(const Person& person, const WorkoutSpec& spec, std::uint64_t seed);

/// Banister TRIMP of the first `seconds` of a 1 Hz series (backend/twin/Trimp.h's formula).
double banisterTrimp(const Person& person, const std::vector<float>& hrBpm, int seconds);

/// UTC event time of a local time on the person's calendar day.
TimestampUs localToUtcUs(const Person& person, DayNumber day, int localMinute);

/// The records as the twin reads them (models/twin/UserHistory.h).
WorkoutEntry toWorkoutEntry(const WorkoutRecord& workout, DayNumber day);
NightEntry toNightEntry(const DayRecord& record);

} // namespace nexus::wearable
