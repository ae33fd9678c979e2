#include "app/ConsoleStack.h"

#include "backend/runtime/KafkaHealthSink.h"
#include "simulator/LiveSimulator.h"

namespace nexus {

ConsoleStack::ConsoleStack(StackConfig config) : m_config(std::move(config)), m_runtime(m_config.runtime) {}

ConsoleStack::~ConsoleStack() { stop(); }

bool ConsoleStack::start(std::string& error)
{
    const std::int64_t t0 = steadyClockUs();
    if (!m_runtime.start(error))
        return false;
    if (m_config.simulate) {
        m_sink = m_runtime.createHealthSink(error);
        if (!m_sink) {
            error = "simulator: " + error;
            return false;
        }
        m_simulator = std::make_unique<LiveSimulator>(m_config.simulator, *m_sink);
        m_simulator->start();
    }
    m_startMs = double(steadyClockUs() - t0) / double(kUsPerMs);
    return true;
}

void ConsoleStack::stopSimulator()
{
    if (m_simulator)
        m_simulator->stop();
    if (m_sink)
        m_sink->producer().flush(5000);
}

void ConsoleStack::stop()
{
    // The source first, and its producer before the cluster it talks to goes away.
    stopSimulator();
    m_simulator.reset();
    m_sink.reset();
    m_runtime.stop();
}

StackSnapshot ConsoleStack::snapshot() const
{
    StackSnapshot s;
    s.wallUs = wallClockUs();
    m_runtime.fillSnapshot(s);
    if (m_simulator && m_sink) {
        s.batchesProduced = m_simulator->batchesPublished();
        s.samplesProduced = m_simulator->samplesPublished();
        s.simulatorBehindUs = m_simulator->behindUs();
        s.produceErrors = m_simulator->publishFailures() + m_sink->producer().failed();
    }
    return s;
}

} // namespace nexus
