#pragma once

#include "models/core/Time.h"

/// Every threshold of the health analyzer, with its default and why. docs/detectors.md explains the
/// rules these feed. All durations are event time.
namespace nexus::analysis {

constexpr DurationUs kUsPerMinute = 60 * kUsPerSecond;
constexpr DurationUs kUsPerHour = 60 * kUsPerMinute;

/// How a sustained-threshold episode (tachycardia, bradycardia, SpO2) is confirmed and closed.
/// A reading is a *hit* (abnormal), *clear* (back on the normal side of the close threshold, which
/// sits apart from the onset threshold: hysteresis) or *neutral* (in between, or not assessable).
struct RunRule
{
    int minHits = 8;                           ///< hits needed to open
    DurationUs minSpanUs = 7 * kUsPerMinute;   ///< first to last hit span needed to open (≥ 8 readings at 1/min)
    int maxMisses = 2;                         ///< non-hits a candidate forgives outright…
    double missesPerHit = 0.25;                ///< …plus this many per hit (8 of 10 readings = 2 misses)
    DurationUs maxHitGapUs = 3 * kUsPerMinute; ///< a candidate without a hit for longer is dropped
    DurationUs confirmDelayUs = 0;             ///< open no earlier than this after the first hit
    int closeAfterClearReadings = 2;           ///< consecutive clear readings needed to close…
    DurationUs closeAfterClearUs = 5 * kUsPerMinute;  ///< …spanning at least this long
    DurationUs closeAfterNoHitUs = 15 * kUsPerMinute; ///< close anyway this long after the last hit (gap, activity)
};

/// What the analyzer infers about every reading before the detectors see it.
struct ContextSettings
{
    /// Readings this soon after the last workout sample are recovery, not rest (the simulator
    /// records 10 min of recovery; the EPOC tail adds ~3 bpm at 20 min).
    DurationUs postWorkoutUs = 20 * kUsPerMinute;
    /// Devices measure SpO2 asleep only, so an SpO2 reading marks the user asleep for this long
    /// (> the 15-min SpO2 cadence of some devices), until a step or a workout says otherwise.
    DurationUs sleepHintHoldUs = 16 * kUsPerMinute;
    /// The user's awake resting HR: EWMA over at-rest awake readings, plain mean for the first ones.
    int baselineWarmupReadings = 60;
    double baselineAlpha = 1.0 / 240.0; ///< per reading: ~4 h of readings at 1/min
    int minPlausibleBpm = 25;           ///< readings outside [min, max] are artefacts, never health evidence
    int maxPlausibleBpm = 220;
};

/// Tachycardia at rest: HR ≥ threshold, steps == 0, not in or within postWorkoutUs of a workout.
struct TachycardiaSettings
{
    /// threshold = clamp(awake resting baseline + marginBpm, floorBpm, capBpm); capBpm before the
    /// baseline is known. The floor is the clinical definition; the margin keeps users whose
    /// normal awake HR sits in the high 90s from alerting; the cap means HR ≥ 104 at rest always counts.
    double floorBpm = 100.0;
    double capBpm = 104.0;
    double marginBpm = 10.0;
    double closeBelowBpm = 5.0;                        ///< clear when HR < threshold − this
    double criticalBpm = 130.0;                        ///< peak HR at or above this is critical
    DurationUs criticalDurationUs = 30 * kUsPerMinute; ///< …and so is an episode this long
    RunRule rule{};
};

/// Bradycardia while awake and at rest (asleep, athletes reach 35–40 bpm normally).
struct BradycardiaSettings
{
    /// threshold = min(capBpm, awake resting baseline − marginBpm): HR below 40 bpm awake, but for a
    /// user whose awake rest sits near 50 the threshold drops, so that lying still does not alert.
    double capBpm = 40.0;
    double marginBpm = 12.0;
    double closeAboveBpm = 5.0; ///< clear when HR ≥ threshold + this
    double criticalBpm = 35.0;  ///< lowest HR below this is critical
    /// Sleep onset is only known once the first SpO2 reading arrives (up to 15 min in), so wait this
    /// long and drop the candidate if an SpO2 reading turns up.
    RunRule rule = withConfirmDelay(RunRule{}, 20 * kUsPerMinute);

private:
    static constexpr RunRule withConfirmDelay(RunRule r, DurationUs delayUs)
    {
        r.confirmDelayUs = delayUs;
        return r;
    }
};

/// SpO2 below the onset for consecutive measured readings (readings without SpO2 are skipped).
struct Spo2Settings
{
    int onsetBelowPct = 90; ///< hit: SpO2 < this
    int clearAtPct = 92;    ///< clear: SpO2 ≥ this (hysteresis)
    int criticalBelowPct = 85;
    RunRule rule = consecutiveReadings();

private:
    /// 3 low readings in a row (no miss forgiven, whatever the span), ≤ 20 min apart; closed by 3
    /// clear readings or 30 min without a low one.
    static constexpr RunRule consecutiveReadings()
    {
        RunRule r;
        r.minHits = 3;
        r.minSpanUs = 0;
        r.maxMisses = 0;
        r.missesPerHit = 0.0;
        r.maxHitGapUs = 20 * kUsPerMinute;
        r.closeAfterClearReadings = 3;
        r.closeAfterClearUs = 0;
        r.closeAfterNoHitUs = 30 * kUsPerMinute;
        return r;
    }
};

/// No samples for longer than minGapUs (device off the wrist, flat battery).
struct DropoutSettings
{
    DurationUs minGapUs = 10 * kUsPerMinute; ///< gap between consecutive samples that counts
    DurationUs warningGapUs = kUsPerHour;    ///< longer gaps are warnings, shorter ones info
    /// A gap is reported once the user's event time (newest reading, or a flush) is this far past
    /// its end: until then a late upload may still fill it. Keep it ≥ the largest lateness the
    /// processor lets through (the simulator holds uploads back up to 60 min). A silent device is
    /// reported after minGapUs + confirmAfterUs of silence.
    DurationUs confirmAfterUs = 65 * kUsPerMinute;
};

/// The same HR value reported again and again.
struct FlatlineSettings
{
    int minReadings = 10;                    ///< identical consecutive readings…
    DurationUs minSpanUs = 9 * kUsPerMinute; ///< …spanning at least this (so 1 Hz workouts need 9 min of them)
    DurationUs maxGapUs = 10 * kUsPerMinute; ///< a longer gap ends the run
    DurationUs warningSpanUs = kUsPerHour;
    /// From this many identical readings on, health detectors stop counting them as abnormal (a
    /// stuck sensor at 110 bpm must not open a tachycardia before the flat-line is confirmed).
    int suspectAfterReadings = 5;
};

/// Readings that cannot be physiological: out of range, or spikes outside workouts.
struct ImplausibleSettings
{
    int jumpBpm = 50;                           ///< |ΔHR| between consecutive readings…
    DurationUs jumpMaxGapUs = 2 * kUsPerMinute; ///< …at most this far apart, neither in a workout
    /// A spike is a jump up and a jump back; one jump alone can be a real onset (tachycardia).
    int minJumps = 2;
    DurationUs jumpWindowUs = 5 * kUsPerMinute;
    DurationUs closeAfterQuietUs = 10 * kUsPerMinute; ///< close this long after the last bad reading
    int warningBadReadings = 10;                      ///< episodes with this many bad readings are warnings
};

/// Irregularly irregular RR intervals (AF-like), judged on sliding windows of beats.
struct RhythmSettings
{
    int windowBeats = 64;
    int strideBeats = 16;
    /// rMSSD / mean RR. Normal sleep with sinus arrhythmia: 99.9th percentile 0.16 on 64 beats;
    /// AF-like (RR = mean × U(0.6, 1.4)): 0.1th percentile 0.24.
    double minNormRmssd = 0.20;
    /// …and rMSSD must exceed this many times the user's typical nightly rMSSD (once a regular
    /// night is known): a user with 150 ms at 70 bpm reaches 0.23–0.31 in windows where HR runs
    /// high, while AF at the user's own HR gives ~0.33 × RR, about twice their typical rMSSD.
    double userFactor = 1.4;
    double typicalAlpha = 0.2; ///< EWMA weight of each regular night in the user's typical value
    /// rMSSD / SDNN: near √2 when successive beats are independent, ~0.85 for sinus rhythm whose
    /// variance is mostly slow (breathing, vagal drift).
    double minRmssdToSdnn = 1.10;
    /// Turning-point ratio band: random series have 2/3; bigeminy (short-long alternation) has 1.
    double minTurningPoints = 0.45;
    double maxTurningPoints = 0.90;
    int openAfterWindows = 2;                           ///< consecutive irregular windows to open (≥ 80 beats)
    int closeAfterWindows = 2;                          ///< consecutive regular windows to close
    DurationUs maxBeatGapUs = 3 * kUsPerSecond;         ///< RR windows further apart do not continue each other
    DurationUs closeAfterSilenceUs = 10 * kUsPerMinute; ///< no beats for this long closes an episode
    double criticalMeanHrBpm = 110.0;                   ///< fast irregular rhythm is critical
};

/// Nightly resting HR and HRV against the user's own EWMA baseline.
struct NightlySettings
{
    int minBeats = 100; ///< RR beats for a night to count
    DurationUs nightEndAfterUs =
        kUsPerHour;       ///< a night is summarised once the user is awake this long after its last beat
    int warmupNights = 7; ///< nights of plain mean/variance before judging
    double alpha = 0.1;   ///< EWMA weight per night after warm-up (~20-night memory)
    double winsorZ = 2.5; ///< nights enter the baseline clamped to mean ± this many SD
    int nightsToOpen = 2;

    double rhrOpenZ = 2.5;      ///< night's resting HR z-score above this is elevated
    double rhrCloseZ = 1.5;     ///< …and a night below this closes the episode
    double rhrSdFloorBpm = 1.5; ///< SD never below this (or rhrSdFloorFraction × mean)
    double rhrSdFloorFraction = 0.03;
    double rhrWarningZ = 4.0;

    double hrvOpenZ = -2.0; ///< night's ln rMSSD z-score below this is a drop
    double hrvCloseZ = -1.0;
    double hrvSdFloorLn = 0.10; ///< SD never below this (ln units: ±10 %)
    double hrvWarningZ = -3.0;
};

/// Emission policy shared by all episodes.
struct EpisodeSettings
{
    DurationUs updateEveryUs = 10 * kUsPerMinute; ///< an open episode that grows sends an update at most this often
};

struct DetectorSettings
{
    ContextSettings context;
    EpisodeSettings episode;
    TachycardiaSettings tachycardia;
    BradycardiaSettings bradycardia;
    Spo2Settings spo2;
    DropoutSettings dropout;
    FlatlineSettings flatline;
    ImplausibleSettings implausible;
    RhythmSettings rhythm;
    NightlySettings nightly;
};

} // namespace nexus::analysis
