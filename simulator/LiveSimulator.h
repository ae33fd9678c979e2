#pragma once

#include "models/events/HealthBatchSink.h"
#include "simulator/HealthSimulator.h"

#include <atomic>
#include <memory>
#include <thread>

namespace nexus {

/// Runs a HealthSimulator on its own thread against the wall clock: event time starts at the
/// wall time of start() and advances `speed` times as fast. Every 20 ms it generates what fell due
/// and publishes it to the sink, on this thread. When the sink is slower than the requested rate
/// the generator falls behind and catches up as fast as it can (it never drops samples).
class LiveSimulator
{
public:
    /// `sink` must outlive the simulator and is used only from the simulator's thread.
    LiveSimulator(const SimulatorOptions& options, HealthBatchSink& sink);
    ~LiveSimulator();

    void start();
    /// Stops and joins the thread. Safe to call twice.
    void stop();

    /// Totals so far; any thread.
    std::uint64_t batchesPublished() const { return m_batches.load(std::memory_order_relaxed); }
    std::uint64_t samplesPublished() const { return m_samples.load(std::memory_order_relaxed); }
    std::uint64_t publishFailures() const { return m_failures.load(std::memory_order_relaxed); }
    /// How far event time trails the requested event time, in microseconds (0 when keeping up).
    DurationUs behindUs() const { return m_behindUs.load(std::memory_order_relaxed); }

private:
    void run();

    SimulatorOptions m_options;
    HealthBatchSink& m_sink;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_batches{0};
    std::atomic<std::uint64_t> m_samples{0};
    std::atomic<std::uint64_t> m_failures{0};
    std::atomic<DurationUs> m_behindUs{0};
};

} // namespace nexus
