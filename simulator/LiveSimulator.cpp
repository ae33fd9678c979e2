#include "simulator/LiveSimulator.h"

#include <chrono>

namespace nexus {

namespace {
constexpr DurationUs kTickUs = 20 * kUsPerMs;

/// Counts the samples of each batch on their way to the real sink.
class CountingSink : public HealthBatchSink
{
public:
    explicit CountingSink(HealthBatchSink& inner) : m_inner(inner) {}
    bool publish(const HealthBatch& batch) override
    {
        const bool ok = m_inner.publish(batch);
        if (ok)
            samples += batch.samples.size();
        return ok;
    }
    std::uint64_t samples = 0;

private:
    HealthBatchSink& m_inner;
};
} // namespace

LiveSimulator::LiveSimulator(const SimulatorOptions& options, HealthBatchSink& sink) : m_options(options), m_sink(sink)
{
}

LiveSimulator::~LiveSimulator() { stop(); }

void LiveSimulator::start()
{
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void LiveSimulator::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void LiveSimulator::run()
{
    const TimestampUs wallStart = wallClockUs();
    HealthSimulator sim(m_options, wallStart);
    CountingSink counting(m_sink);
    const std::int64_t steadyStart = steadyClockUs();
    std::int64_t nextTick = steadyStart;

    while (!m_stop.load(std::memory_order_relaxed)) {
        const double elapsedUs = double(steadyClockUs() - steadyStart);
        const TimestampUs target = wallStart + TimestampUs(elapsedUs * m_options.speed);
        const std::size_t published = sim.advanceTo(target, wallClockUs(), counting);
        m_batches.fetch_add(published, std::memory_order_relaxed);
        m_samples.store(counting.samples, std::memory_order_relaxed);
        m_failures.store(sim.publishFailures(), std::memory_order_relaxed);
        m_behindUs.store(std::max<DurationUs>(0, target - sim.eventTimeUs() - kUsPerSecond), std::memory_order_relaxed);

        nextTick += kTickUs;
        const std::int64_t now = steadyClockUs();
        if (nextTick > now)
            std::this_thread::sleep_for(std::chrono::microseconds(nextTick - now));
        else
            nextTick = now; // behind: run again at once, without a burst of catch-up ticks later
    }
}

} // namespace nexus
