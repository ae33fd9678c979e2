#pragma once

// Realistic normal wearable data for the health-analyzer tests, from a fixed seed: nights (HR and
// SpO2 once a minute, one 400-beat RR window with respiratory sinus arrhythmia), awake days (HR
// once a minute with walking bouts and stray steps), workouts at 1 Hz with 10 min of recovery, and
// hourly skin temperature. Mirrors the simulator's models (simulator/wearable/DailyPhysiology.h)
// without depending on simulator/, plus the simulator's anomaly shapes as injection helpers.

#include "models/events/HealthBatch.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace testdata {

using nexus::DurationUs;
using nexus::HealthBatch;
using nexus::HealthSample;
using nexus::TimestampUs;

constexpr DurationUs kSecond = 1'000'000;
constexpr DurationUs kMinute = 60 * kSecond;
constexpr DurationUs kHour = 60 * kMinute;
constexpr DurationUs kDay = 24 * kHour;
constexpr TimestampUs kT0 = 1'764'028'800'000'000; // a UTC midnight
constexpr double kTwoPi = 6.283185307179586;

class Rng
{
public:
    explicit Rng(std::uint64_t seed) : m_gen(seed) {}
    double uniform(double a = 0.0, double b = 1.0) { return std::uniform_real_distribution<double>(a, b)(m_gen); }
    double normal(double mean, double sd) { return std::normal_distribution<double>(mean, sd)(m_gen); }
    bool chance(double p) { return uniform() < p; }
    int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_gen); }

private:
    std::mt19937_64 m_gen;
};

struct Person
{
    std::string userId;
    std::uint64_t seed = 0;
    double hrRest = 60.0;
    double hrMax = 185.0;
    double spo2Base = 97.0;
    double rmssdBase = 50.0;
    double awakeHr() const { return hrRest + 0.1 * (hrMax - hrRest); }
};

/// The simulator's population formulas (simulator/wearable/Population.cpp).
inline Person makePerson(int index, std::uint64_t seed)
{
    Rng rng(seed * 7919 + std::uint64_t(index));
    Person p;
    p.userId = "u" + std::to_string(1000000 + index).substr(1);
    p.seed = seed * 1000003 + std::uint64_t(index);
    const double age = rng.uniform(18.0, 75.0);
    const bool male = rng.chance(0.5);
    const double fitness = std::clamp(0.5 * (rng.uniform() + rng.uniform()) - 0.004 * (age - 40.0), 0.0, 1.0);
    p.hrRest = std::clamp(74.0 - 24.0 * fitness + (male ? 0.0 : 3.0) + rng.normal(0, 4), 40.0, 85.0);
    p.hrMax = std::clamp(208.0 - 0.7 * age + rng.normal(0, 5), 150.0, 210.0);
    p.rmssdBase = std::clamp(
        std::exp(std::log(65.0) - 0.02 * (age - 25.0) + 0.6 * (fitness - 0.5) + rng.normal(0, 0.25)), 12.0, 150.0);
    p.spo2Base = std::clamp(rng.normal(97.0, 0.6), 95.5, 98.5);
    return p;
}

/// One RR window: beat k ends at startUs + Σ_{j≤k} rrMs[j] ms.
struct RrWindow
{
    TimestampUs startUs = 0;
    std::vector<std::uint16_t> rrMs;
    TimestampUs endUs() const
    {
        TimestampUs t = startUs;
        for (std::uint16_t rr : rrMs)
            t += TimestampUs(rr) * 1000;
        return t;
    }
};

/// The simulator's night RR model: slow AR(1) + respiratory sinus arrhythmia (period ~4 beats) +
/// white noise, scaled to the target rMSSD.
inline std::vector<std::uint16_t> nightRr(Rng& rng, double rmssdMs, double restingHr, int beats = 400)
{
    std::vector<double> dev(static_cast<std::size_t>(beats));
    double slow = 0.0;
    const double phase = rng.uniform(0.0, kTwoPi);
    const double period = rng.uniform(3.5, 4.5);
    for (int i = 0; i < beats; ++i) {
        slow = 0.95 * slow + rng.normal(0.0, 1.0);
        dev[std::size_t(i)] = 0.6 * slow + std::sin(kTwoPi * i / period + phase) + rng.normal(0.0, 0.5);
    }
    double mean = 0.0, sumSq = 0.0;
    for (double d : dev)
        mean += d / beats;
    for (int i = 1; i < beats; ++i)
        sumSq += std::pow(dev[std::size_t(i)] - dev[std::size_t(i - 1)], 2);
    const double scale = rmssdMs / std::sqrt(sumSq / (beats - 1));
    std::vector<std::uint16_t> rr(static_cast<std::size_t>(beats));
    for (int i = 0; i < beats; ++i)
        rr[std::size_t(i)] = std::uint16_t(
            std::clamp(std::round(60000.0 / restingHr + scale * (dev[std::size_t(i)] - mean)), 300.0, 2000.0));
    return rr;
}

struct DayOptions
{
    bool workout = true;         ///< one 45-min workout at 18:00 (1 Hz) plus 10 min recovery
    double nightRhrShiftBpm = 0; ///< added to the night's resting HR (and sleeping HR)
    double nightRmssdFactor = 1; ///< multiplies the night's rMSSD
};

struct Day
{
    std::vector<HealthSample> samples; ///< strictly increasing
    RrWindow rr;                       ///< inside the night
    TimestampUs wakeUs = 0;
    TimestampUs workoutStartUs = 0; ///< 0 = no workout
};

/// Day `day` of `p`: asleep 00:00–07:00, awake 07:00–24:00 (walking bouts, stray steps), a workout
/// at 18:00 on most days.
inline Day makeDay(const Person& p, int day, const DayOptions& opt = {})
{
    Rng rng(p.seed * 31 + std::uint64_t(day) * 1000003ULL);
    Day d;
    const TimestampUs dayUs = kT0 + TimestampUs(day) * kDay;
    d.wakeUs = dayUs + 7 * kHour;
    const double nightRhr = p.hrRest + rng.normal(0.0, 1.0) + opt.nightRhrShiftBpm;
    const double rmssd = p.rmssdBase * std::exp(rng.normal(0.0, 0.07)) * opt.nightRmssdFactor;
    d.rr.startUs = dayUs + 3 * kHour + 17 * kSecond;
    d.rr.rrMs = nightRr(rng, rmssd, nightRhr);

    // Night: one reading a minute with SpO2 (2 % chance of a 2–6 point dip).
    double noise = 0.0;
    for (TimestampUs t = dayUs; t < d.wakeUs; t += kMinute) {
        noise = 0.5 * noise + rng.normal(0.0, 1.7);
        HealthSample s;
        s.tsUs = t + 5 * kSecond;
        s.hrBpm = std::uint16_t(std::lround(std::max(32.0, nightRhr + 2.0 + noise)));
        double spo2 = p.spo2Base + rng.normal(0.0, 0.5);
        if (rng.chance(0.02))
            spo2 -= rng.uniform(2.0, 6.0);
        s.spo2Pct = std::uint8_t(std::clamp(std::lround(spo2), 88L, 100L));
        d.samples.push_back(s);
    }

    // Day: walking bouts, a workout.
    struct Bout
    {
        TimestampUs from, to;
    };
    std::vector<Bout> walks;
    for (int i = 0; i < 6; ++i) {
        const TimestampUs from = d.wakeUs + TimestampUs(rng.uniform(0.2, 16.5) * double(kHour));
        walks.push_back({from, from + TimestampUs(rng.uniform(5.0, 25.0) * double(kMinute))});
    }
    const bool workout = opt.workout && rng.chance(0.7);
    const TimestampUs wStart = dayUs + 18 * kHour + TimestampUs(rng.integer(0, 59)) * kMinute;
    const int activeS = 45 * 60, recoveryS = 600;
    d.workoutStartUs = workout ? wStart : 0;
    const double awake = p.awakeHr();
    double walkBoost = 0.0;
    noise = 0.0;
    for (TimestampUs t = d.wakeUs; t < dayUs + kDay; t += kMinute) {
        const TimestampUs ts = t + 5 * kSecond;
        if (workout && ts >= wStart && ts < wStart + (activeS + recoveryS + 60) * kSecond)
            continue; // the workout block writes its own 1 Hz samples
        const bool walking =
            std::any_of(walks.begin(), walks.end(), [&](const Bout& b) { return ts >= b.from && ts < b.to; });
        walkBoost = walking ? std::min(walkBoost + 8.0, 25.0) : walkBoost * 0.45;
        noise = 0.7 * noise + rng.normal(0.0, 1.8);
        HealthSample s;
        s.tsUs = ts;
        s.hrBpm = std::uint16_t(std::lround(awake + walkBoost + noise));
        s.steps = walking            ? std::uint16_t(rng.integer(60, 115))
                  : rng.chance(0.12) ? std::uint16_t(rng.integer(1, 25))
                                     : 0;
        if ((ts - dayUs) % kHour < kMinute)
            s.skinTempCentiC = std::int16_t(3300 + rng.integer(-40, 60));
        d.samples.push_back(s);
    }
    if (workout) {
        const double intensity = rng.uniform(0.55, 0.8);
        double hr = awake, wn = 0.0, hrEnd = awake;
        std::vector<HealthSample> block;
        for (int t = 0; t < activeS + recoveryS; ++t) {
            const bool active = t < activeS;
            double target = active ? p.hrRest + intensity * (p.hrMax - p.hrRest)
                                   : awake + 0.3 * (hrEnd - awake) * std::exp(-(t - activeS) / 600.0);
            hr += (target - hr) * (1.0 - std::exp(-1.0 / (active ? 30.0 : 50.0)));
            if (active)
                hrEnd = hr;
            wn = 0.9 * wn + rng.normal(0.0, 1.5 * std::sqrt(1.0 - 0.81));
            HealthSample s;
            s.tsUs = wStart + TimestampUs(t) * kSecond;
            s.hrBpm = std::uint16_t(std::lround(std::clamp(hr + wn, p.hrRest - 5.0, p.hrMax + 2.0)));
            s.steps = active ? std::uint16_t(rng.integer(2, 3)) : std::uint16_t(rng.chance(0.05) ? 1 : 0);
            s.workout = active;
            block.push_back(s);
        }
        d.samples.insert(d.samples.end(), block.begin(), block.end());
        std::sort(d.samples.begin(), d.samples.end(),
                  [](const HealthSample& a, const HealthSample& b) { return a.tsUs < b.tsUs; });
    }
    return d;
}

/// Cuts a day's readings into uploads every `intervalUs`; the RR window goes with the upload in
/// which it ends.
inline std::vector<HealthBatch> uploads(const Person& p, const std::vector<HealthSample>& samples,
                                        const std::vector<RrWindow>& rr, DurationUs intervalUs = 15 * kMinute,
                                        TimestampUs sentAtUs = 42)
{
    std::vector<HealthBatch> out;
    std::size_t w = 0;
    for (std::size_t i = 0; i < samples.size();) {
        HealthBatch b;
        b.userId = p.userId;
        b.deviceId = "d" + p.userId.substr(1);
        b.sentAtUs = sentAtUs;
        const TimestampUs until = (samples[i].tsUs / intervalUs + 1) * intervalUs;
        while (i < samples.size() && samples[i].tsUs < until)
            b.samples.push_back(samples[i++]);
        if (w < rr.size() && rr[w].endUs() < until) {
            b.rrStartUs = rr[w].startUs;
            b.rrMs = rr[w].rrMs;
            ++w;
        }
        out.push_back(std::move(b));
    }
    return out;
}

/// The upload holding the reading at `tsUs` (or the first one after it).
inline std::size_t uploadHolding(const std::vector<HealthBatch>& batches, TimestampUs tsUs)
{
    std::size_t i = 0;
    while (i < batches.size() && batches[i].samples.back().tsUs < tsUs)
        ++i;
    return i;
}

/// `batches` with the upload holding `tsUs` delivered late, after its `later` successors.
inline std::vector<HealthBatch> deliveredLate(std::vector<HealthBatch> batches, TimestampUs tsUs, int later)
{
    const auto held = batches.begin() + std::ptrdiff_t(uploadHolding(batches, tsUs));
    std::rotate(held, held + 1, held + 1 + later);
    return batches;
}

/// Several consecutive days of one person as uploads.
struct Stream
{
    std::vector<HealthSample> samples;
    std::vector<RrWindow> rr;
    void append(const Day& d)
    {
        samples.insert(samples.end(), d.samples.begin(), d.samples.end());
        rr.push_back(d.rr);
    }
};

// --- the simulator's anomaly shapes (simulator/anomaly/Anomaly.h) ---

/// Index range of the readings inside [fromUs, toUs).
inline std::pair<std::size_t, std::size_t> spanOf(const std::vector<HealthSample>& s, TimestampUs fromUs,
                                                  TimestampUs toUs)
{
    const auto lo =
        std::lower_bound(s.begin(), s.end(), fromUs, [](const HealthSample& a, TimestampUs t) { return a.tsUs < t; });
    const auto hi =
        std::lower_bound(s.begin(), s.end(), toUs, [](const HealthSample& a, TimestampUs t) { return a.tsUs < t; });
    return {std::size_t(lo - s.begin()), std::size_t(hi - s.begin())};
}

/// HR ≈ `bpm` (± 3) with no steps over the span (tachycardia at rest, bradycardia).
inline void setHeartRate(std::vector<HealthSample>& s, TimestampUs fromUs, TimestampUs toUs, double bpm, Rng& rng,
                         double jitter = 3.0)
{
    const auto [lo, hi] = spanOf(s, fromUs, toUs);
    for (std::size_t i = lo; i < hi; ++i) {
        s[i].hrBpm = std::uint16_t(std::lround(bpm + rng.uniform(-jitter, jitter)));
        s[i].steps = 0;
    }
}

inline void removeSamples(std::vector<HealthSample>& s, TimestampUs fromUs, TimestampUs toUs)
{
    const auto [lo, hi] = spanOf(s, fromUs, toUs);
    s.erase(s.begin() + std::ptrdiff_t(lo), s.begin() + std::ptrdiff_t(hi));
}

/// Irregularly irregular RR: beats [from, from + n) become mean × U(0.6, 1.4).
inline void injectArrhythmia(RrWindow& w, int from, int n, Rng& rng)
{
    double mean = 0.0;
    for (std::uint16_t rr : w.rrMs)
        mean += double(rr) / double(w.rrMs.size());
    for (int i = from; i < from + n && i < int(w.rrMs.size()); ++i)
        w.rrMs[std::size_t(i)] = std::uint16_t(std::lround(mean * rng.uniform(0.6, 1.4)));
}

} // namespace testdata
