#pragma once

#include "models/events/HealthBatchSink.h"
#include "simulator/HealthSimulator.h"
#include "simulator/load/HeartRateSpikes.h"
#include "simulator/load/RateProfile.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <vector>

namespace nexus::load {

/// The time source of a paced generator, so tests can drive it with a simulated clock. Times are
/// microseconds on the wall-clock (epoch) scale, because intended send times become sent_at_us.
class PacerClock
{
public:
    virtual ~PacerClock() = default;
    /// Now, in epoch microseconds; never goes backwards.
    virtual TimestampUs nowUs() = 0;
    /// Returns at `deadlineUs` or a little after (at once if it has passed).
    virtual void sleepUntilUs(TimestampUs deadlineUs) = 0;
};

/// The real clock: the monotonic clock, offset to the wall clock once at construction, so that
/// intended times are comparable with wallClockUs() on other threads and never jump with NTP.
class SteadyPacerClock : public PacerClock
{
public:
    SteadyPacerClock();
    TimestampUs nowUs() override;
    void sleepUntilUs(TimestampUs deadlineUs) override;

private:
    std::int64_t m_offsetUs; ///< wall − steady at construction
};

/// Open-loop arrival schedule: the k-th event of a run started at `startUs` is due at
/// startUs + profile.timeOfEventUs(k), whatever happened to the events before it. A generator
/// takes what is due and stamps each event with its intended time, so a slow system shows up as
/// growing latency (measured from the intended time) rather than as a silently lower rate — the
/// schedule never waits for the system (no coordinated omission). Not thread-safe.
class OpenLoopPacer
{
public:
    OpenLoopPacer(RateProfile profile, TimestampUs startUs);

    /// Appends to `intended` the intended send times of the events due at `nowUs` not yet taken
    /// (at most `max`), oldest first, and marks them taken. Returns how many.
    std::size_t takeDue(TimestampUs nowUs, std::vector<TimestampUs>& intended, std::size_t max);
    /// Intended time of the next event, or −1 when the profile has no more.
    TimestampUs nextDueUs() const { return m_nextUs; }

    std::uint64_t taken() const { return m_taken; }
    /// Events the schedule has made due by `nowUs` (whole events).
    std::uint64_t dueBy(TimestampUs nowUs) const;
    TimestampUs startUs() const { return m_startUs; }
    TimestampUs endUs() const { return m_startUs + m_profile.durationUs(); }
    const RateProfile& profile() const { return m_profile; }

private:
    void advance();

    RateProfile m_profile;
    TimestampUs m_startUs;
    std::uint64_t m_taken = 0;
    TimestampUs m_nextUs = -1;
};

/// Drives a HealthSimulator through an OpenLoopPacer into a sink: each due event is the next
/// upload of the simulated population (in the simulator's order, so one user's uploads stay in
/// order), with sentAtUs set to the event's intended send time. Event time runs as fast as the
/// requested rate needs — with U users uploading every S event seconds, R events/s take about
/// R·S/U event seconds per wall second — which the processors do not mind: they compute from
/// event time only.
///
/// run() blocks on the calling thread (which then owns the sink) until the profile's duration has
/// passed or `stop` is set; the counters may be read from any thread while it runs.
class OpenLoopGenerator
{
public:
    OpenLoopGenerator(RateProfile profile, const SimulatorOptions& options, HealthBatchSink& sink, PacerClock& clock);

    /// Puts heart-rate spikes into the uploads (none by default). Call before run().
    void setHeartRateSpikes(const HeartRateSpikes& spikes) { m_spikes = spikes; }

    void run(const std::atomic<bool>& stop);

    std::uint64_t sent() const { return m_sent.load(std::memory_order_relaxed); }
    std::uint64_t samplesSent() const { return m_samples.load(std::memory_order_relaxed); }
    std::uint64_t failed() const { return m_failed.load(std::memory_order_relaxed); }
    /// Uploads sent with a heart-rate spike in them.
    std::uint64_t spiked() const { return m_spiked.load(std::memory_order_relaxed); }
    /// Events the schedule has made due so far (sent + failed + not yet sent).
    std::uint64_t due() const { return m_due.load(std::memory_order_relaxed); }
    /// How late the latest send was against its intended time, microseconds.
    DurationUs lateUs() const { return m_lateUs.load(std::memory_order_relaxed); }
    DurationUs maxLateUs() const { return m_maxLateUs.load(std::memory_order_relaxed); }
    /// The run's start on the clock; 0 until run() begins.
    TimestampUs startUs() const { return m_startUs.load(std::memory_order_relaxed); }

    /// The most events sent per wake-up, so the counters and `stop` are looked at regularly even
    /// when far behind.
    static constexpr std::size_t kMaxBurst = 4096;

private:
    /// Buffers the simulator's uploads so they can be handed out one event at a time.
    class UploadQueue : public HealthBatchSink
    {
    public:
        bool publish(const HealthBatch& batch) override;
        std::deque<HealthBatch> batches;
    };

    HealthBatch& nextUpload(HealthSimulator& sim);
    void sendDue(OpenLoopPacer& pacer, HealthSimulator& sim, TimestampUs nowUs);

    RateProfile m_profile;
    SimulatorOptions m_options;
    HealthBatchSink& m_sink;
    PacerClock& m_clock;
    UploadQueue m_queue;
    HealthBatch m_current;
    std::vector<TimestampUs> m_intended; // reused per wake-up
    std::atomic<std::uint64_t> m_sent{0};
    std::atomic<std::uint64_t> m_samples{0};
    std::atomic<std::uint64_t> m_failed{0};
    HeartRateSpikes m_spikes;
    std::atomic<std::uint64_t> m_spiked{0};
    std::atomic<std::uint64_t> m_due{0};
    std::atomic<DurationUs> m_lateUs{0};
    std::atomic<DurationUs> m_maxLateUs{0};
    std::atomic<TimestampUs> m_startUs{0};
};

} // namespace nexus::load
