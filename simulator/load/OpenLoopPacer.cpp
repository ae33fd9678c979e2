#include "simulator/load/OpenLoopPacer.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace nexus::load {

namespace {
/// The longest sleep between looks at `stop` and the clock.
constexpr DurationUs kMaxSleepUs = 50 * kUsPerMs;
} // namespace

SteadyPacerClock::SteadyPacerClock() : m_offsetUs(wallClockUs() - steadyClockUs()) {}

TimestampUs SteadyPacerClock::nowUs() { return steadyClockUs() + m_offsetUs; }

void SteadyPacerClock::sleepUntilUs(TimestampUs deadlineUs)
{
    const DurationUs left = deadlineUs - nowUs();
    if (left > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(left));
}

OpenLoopPacer::OpenLoopPacer(RateProfile profile, TimestampUs startUs) : m_profile(std::move(profile)), m_startUs(startUs)
{
    advance();
}

void OpenLoopPacer::advance()
{
    // Each event's time comes from the profile's exact inverse, never from the previous event's
    // time plus an interval, so rounding never accumulates into rate drift.
    const DurationUs t = m_profile.timeOfEventUs(double(m_taken + 1));
    m_nextUs = t < 0 ? -1 : m_startUs + t;
}

std::size_t OpenLoopPacer::takeDue(TimestampUs nowUs, std::vector<TimestampUs>& intended, std::size_t max)
{
    std::size_t n = 0;
    while (n < max && m_nextUs >= 0 && m_nextUs <= nowUs) {
        intended.push_back(m_nextUs);
        ++m_taken;
        ++n;
        advance();
    }
    return n;
}

std::uint64_t OpenLoopPacer::dueBy(TimestampUs nowUs) const
{
    // A hair of tolerance so that an event due exactly now counts despite floating-point rounding.
    return std::uint64_t(std::floor(m_profile.eventsDue(nowUs - m_startUs) + 1e-6));
}

bool OpenLoopGenerator::UploadQueue::publish(const HealthBatch& batch)
{
    batches.push_back(batch);
    return true;
}

OpenLoopGenerator::OpenLoopGenerator(RateProfile profile, const SimulatorOptions& options, HealthBatchSink& sink,
                                     PacerClock& clock)
    : m_profile(std::move(profile)), m_options(options), m_sink(sink), m_clock(clock)
{
    m_options.users = std::max(1, m_options.users); // an empty population could never supply an event
    m_intended.reserve(kMaxBurst);
}

HealthBatch& OpenLoopGenerator::nextUpload(HealthSimulator& sim)
{
    // Devices that are off upload nothing, so a second of event time may yield few uploads;
    // advance until one is there (with at least one user, off periods always end).
    while (m_queue.batches.empty())
        sim.advanceTo(sim.eventTimeUs() + kUsPerSecond, 0, m_queue);
    m_current = std::move(m_queue.batches.front());
    m_queue.batches.pop_front();
    return m_current;
}

void OpenLoopGenerator::sendDue(OpenLoopPacer& pacer, HealthSimulator& sim, TimestampUs nowUs)
{
    m_intended.clear();
    const std::size_t n = pacer.takeDue(nowUs, m_intended, kMaxBurst);
    std::uint64_t sent = 0, samples = 0, failed = 0, spiked = 0;
    for (std::size_t i = 0; i < n; ++i) {
        HealthBatch& batch = nextUpload(sim);
        batch.sentAtUs = m_intended[i];
        const bool spike = m_spikes.apply(batch);
        if (m_sink.publish(batch)) {
            ++sent;
            spiked += spike;
            samples += batch.samples.size();
        } else {
            ++failed;
        }
    }
    if (n > 0) {
        // The oldest event of the burst waited longest: that is how far behind schedule we are.
        const DurationUs late = std::max<DurationUs>(0, nowUs - m_intended.front());
        m_lateUs.store(late, std::memory_order_relaxed);
        m_maxLateUs.store(std::max(late, m_maxLateUs.load(std::memory_order_relaxed)), std::memory_order_relaxed);
    }
    m_sent.fetch_add(sent, std::memory_order_relaxed);
    m_samples.fetch_add(samples, std::memory_order_relaxed);
    m_failed.fetch_add(failed, std::memory_order_relaxed);
    m_spiked.fetch_add(spiked, std::memory_order_relaxed);
}

void OpenLoopGenerator::run(const std::atomic<bool>& stop)
{
    // The population first: building a large one takes a while, which must not make the first
    // events late.
    HealthSimulator sim(m_options, m_clock.nowUs());
    nextUpload(sim);
    m_queue.batches.push_front(std::move(m_current));
    const TimestampUs start = m_clock.nowUs();
    m_startUs.store(start, std::memory_order_relaxed);
    OpenLoopPacer pacer(m_profile, start);

    while (!stop.load(std::memory_order_relaxed)) {
        const TimestampUs now = std::min(m_clock.nowUs(), pacer.endUs());
        const std::uint64_t before = pacer.taken();
        sendDue(pacer, sim, now);
        m_due.store(pacer.dueBy(now), std::memory_order_relaxed);
        // The run ends with its duration: what was due but not sent by then stays unsent and is
        // reported (due − sent − failed), rather than stretching the run.
        if (now >= pacer.endUs() || pacer.nextDueUs() < 0)
            break;
        if (pacer.taken() != before)
            continue; // there may be more due already: look again before sleeping
        const TimestampUs next = pacer.nextDueUs();
        m_clock.sleepUntilUs(std::min({next, pacer.endUs(), now + kMaxSleepUs}));
    }
}

} // namespace nexus::load
