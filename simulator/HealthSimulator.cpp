#include "simulator/HealthSimulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nexus {

namespace {

std::uint64_t splitMix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

double uniform(std::mt19937_64& rng) { return double(rng() >> 11) * 0x1.0p-53; }

/// Exponentially distributed duration with the given mean, in whole event seconds (≥ 30 s).
DurationUs exponentialSeconds(std::mt19937_64& rng, double meanSeconds)
{
    const double s = -std::log(1.0 - uniform(rng)) * meanSeconds;
    return DurationUs(std::max(30.0, std::round(s))) * kUsPerSecond;
}

/// Approximately normal noise (sum of uniforms; cheap and deterministic across platforms).
float noise(std::mt19937_64& rng, float sd)
{
    const double sum = uniform(rng) + uniform(rng) + uniform(rng) + uniform(rng) - 2.0; // var 1/3
    return float(sum * 1.7320508 * sd);
}

constexpr double kMeanOffSeconds = 20 * 60;
constexpr double kMeanRestSeconds = 15 * 60;
constexpr double kMeanWalkSeconds = 8 * 60;
constexpr double kMeanRunSeconds = 20 * 60;

} // namespace

std::string HealthSimulator::userId(int index)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "u%07d", index);
    return buf;
}

std::string HealthSimulator::deviceId(int index)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "d%07d", index);
    return buf;
}

HealthSimulator::HealthSimulator(const SimulatorOptions& options, TimestampUs startUs)
    : m_options(options), m_nowUs(startUs - startUs % kUsPerSecond)
{
    m_options.uploadIntervalSeconds = std::max(1, m_options.uploadIntervalSeconds);
    m_users.resize(std::size_t(std::max(0, options.users)));
    for (std::size_t i = 0; i < m_users.size(); ++i) {
        User& u = m_users[i];
        u.rng.seed(splitMix64(options.seed ^ splitMix64(i)));
        const double age = 18 + 52 * uniform(u.rng);
        u.hrRest = float(52 + 22 * uniform(u.rng));
        u.hrMax = float(208.0 - 0.7 * age);
        u.hr = u.hrRest;
        u.pending.userId = userId(int(i));
        u.pending.deviceId = deviceId(int(i));
        u.pending.samples.reserve(std::size_t(m_options.uploadIntervalSeconds));
        // Most users start with their device on, at a random point of their activity cycle.
        const double r = uniform(u.rng);
        u.activity = r < 0.10 ? Activity::Off : r < 0.65 ? Activity::Rest : r < 0.90 ? Activity::Walk : Activity::Run;
        u.activityEndsUs = m_nowUs + exponentialSeconds(u.rng, kMeanRestSeconds);
        if (u.activity == Activity::Walk || u.activity == Activity::Run)
            u.hr = targetHr(u);
        const auto phase = DurationUs(u.rng() % std::uint64_t(m_options.uploadIntervalSeconds)) * kUsPerSecond;
        u.nextUploadUs = m_nowUs + phase + kUsPerSecond;
    }
}

float HealthSimulator::targetHr(const User& u) const
{
    switch (u.activity) {
    case Activity::Walk:
        return u.hrRest + 0.35f * (u.hrMax - u.hrRest);
    case Activity::Run:
        return u.hrRest + 0.70f * (u.hrMax - u.hrRest);
    default:
        return u.hrRest;
    }
}

void HealthSimulator::chooseNextActivity(User& u, TimestampUs nowUs)
{
    const double r = uniform(u.rng);
    double mean = kMeanRestSeconds;
    switch (u.activity) {
    case Activity::Off:
        u.activity = Activity::Rest;
        break;
    case Activity::Rest:
        u.activity = r < 0.25 ? Activity::Off : r < 0.85 ? Activity::Walk : Activity::Run;
        break;
    case Activity::Walk:
        u.activity = r < 0.7 ? Activity::Rest : Activity::Run;
        break;
    case Activity::Run:
        u.activity = r < 0.5 ? Activity::Walk : Activity::Rest;
        break;
    }
    switch (u.activity) {
    case Activity::Off:
        mean = kMeanOffSeconds;
        break;
    case Activity::Walk:
        mean = kMeanWalkSeconds;
        break;
    case Activity::Run:
        mean = kMeanRunSeconds;
        break;
    case Activity::Rest:
        break;
    }
    u.activityEndsUs = nowUs + exponentialSeconds(u.rng, mean);
}

void HealthSimulator::step(User& u, TimestampUs tsUs)
{
    if (tsUs >= u.activityEndsUs)
        chooseNextActivity(u, tsUs);
    if (u.activity == Activity::Off) {
        u.hr = u.hrRest; // the device is off; physiology resumes from rest when it is worn again
        return;
    }
    const float target = targetHr(u);
    const float tau = target > u.hr ? 20.0f : 40.0f;
    u.hr += (target - u.hr) / tau + noise(u.rng, 1.2f);
    u.hr = std::clamp(u.hr, 35.0f, 215.0f);

    float stepsPerSecond = 0.0f;
    if (u.activity == Activity::Walk)
        stepsPerSecond = 1.7f + noise(u.rng, 0.15f);
    else if (u.activity == Activity::Run)
        stepsPerSecond = 2.7f + noise(u.rng, 0.15f);
    else if (uniform(u.rng) < 0.03)
        stepsPerSecond = 1.0f; // fidgeting
    u.stepCarry += std::max(0.0f, stepsPerSecond);
    const auto steps = std::uint16_t(u.stepCarry);
    u.stepCarry -= float(steps);

    u.pending.samples.push_back(HealthSample{tsUs, std::uint16_t(std::lround(u.hr)), steps});
    ++m_samplesGenerated;
}

std::size_t HealthSimulator::advanceTo(TimestampUs eventTimeUs, TimestampUs sentAtUs, HealthBatchSink& sink)
{
    std::size_t published = 0;
    while (m_nowUs + kUsPerSecond <= eventTimeUs) {
        m_nowUs += kUsPerSecond;
        for (User& u : m_users) {
            step(u, m_nowUs);
            if (m_nowUs < u.nextUploadUs)
                continue;
            u.nextUploadUs += DurationUs(m_options.uploadIntervalSeconds) * kUsPerSecond;
            if (u.pending.samples.empty())
                continue;
            u.pending.sentAtUs = sentAtUs;
            if (sink.publish(u.pending))
                ++published;
            else
                ++m_publishFailures;
            u.pending.samples.clear();
        }
    }
    return published;
}

} // namespace nexus
