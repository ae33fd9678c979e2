#pragma once

#include "models/events/HealthBatchSink.h"
#include "simulator/SimulatorOptions.h"

#include <cstdint>
#include <random>
#include <vector>

namespace nexus {

/// Generates heart-rate and step samples for a seeded population, in event time.
///
/// Each user wears a device that is either off (not worn: no samples) or on in one of three
/// activities (rest, walk, run), each lasting an exponentially distributed time. While on, the
/// device records one sample per event second: heart rate follows first-order kinetics toward an
/// activity-dependent target, HR(t+1) = HR(t) + (target − HR(t))/τ + noise, with τ = 20 s rising
/// and 40 s falling; the walk target is HRrest + 0.35·(HRmax − HRrest), the run target
/// HRrest + 0.70·(HRmax − HRrest). HRmax = 208 − 0.7·age (Tanaka). Steps accrue at ~1.7/s walking
/// and ~2.7/s running. Samples are uploaded as one HealthBatch per device every
/// `uploadIntervalSeconds`, at a per-device phase so uploads spread evenly.
///
/// Deterministic: the same options and the same sequence of advanceTo() times give the same
/// batches. Not thread-safe; owned by one source thread.
class HealthSimulator
{
public:
    HealthSimulator(const SimulatorOptions& options, TimestampUs startUs);

    /// Generates every sample with event time ≤ `eventTimeUs` and publishes the uploads that fall
    /// due, stamped with `sentAtUs` (the wall clock, for latency). Returns the batches published.
    std::size_t advanceTo(TimestampUs eventTimeUs, TimestampUs sentAtUs, HealthBatchSink& sink);

    TimestampUs eventTimeUs() const { return m_nowUs; }
    std::uint64_t samplesGenerated() const { return m_samplesGenerated; }
    std::uint64_t publishFailures() const { return m_publishFailures; }
    int userCount() const { return int(m_users.size()); }

    static std::string userId(int index);
    static std::string deviceId(int index);

private:
    enum class Activity : std::uint8_t { Off, Rest, Walk, Run };

    struct User
    {
        std::mt19937_64 rng;
        float hrRest = 60;
        float hrMax = 185;
        float hr = 60;
        float stepCarry = 0; ///< fractional steps carried to the next second
        Activity activity = Activity::Rest;
        TimestampUs activityEndsUs = 0;
        TimestampUs nextUploadUs = 0;
        HealthBatch pending;
    };

    void step(User& user, TimestampUs tsUs);
    void chooseNextActivity(User& user, TimestampUs nowUs);
    float targetHr(const User& user) const;

    SimulatorOptions m_options;
    std::vector<User> m_users;
    TimestampUs m_nowUs;        ///< event time of the last generated second
    std::uint64_t m_samplesGenerated = 0;
    std::uint64_t m_publishFailures = 0;
};

} // namespace nexus
