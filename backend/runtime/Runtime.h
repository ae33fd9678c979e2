#pragma once

#include "backend/bus/BusSettings.h"
#include "backend/processing/HealthProcessor.h"
#include "models/events/HealthBatchSink.h"
#include "models/metrics/StackSnapshot.h"

#include <memory>
#include <string>

namespace nexus {

class BusMonitor;
class EmbeddedCluster;
class KafkaHealthSink;

struct RuntimeOptions
{
    BusSettings bus;          ///< bus.embedded: start the mock cluster; otherwise bus.bootstrap is used
    int embeddedBrokers = 3;
    bool runProcessor = true;
    ProcessorOptions processor;
    int connectTimeoutMs = 10000;
};

/// The stack behind the console: Kafka (embedded mock cluster or real brokers), the broker
/// monitor and the health processor. Sources (the simulator, a replay) attach through
/// createHealthSink(). Not a QObject: callers decide the thread; start() blocks on I/O (up to
/// connectTimeoutMs in connected mode), so a GUI calls it off the GUI thread.
class Runtime
{
public:
    explicit Runtime(RuntimeOptions options);
    ~Runtime();

    /// Starts everything. False with a message naming what failed.
    bool start(std::string& error);
    /// Stops the processor (committing offsets), the monitor and the cluster. Safe to repeat.
    void stop();

    bool running() const { return m_running; }
    /// The settings clients use; in embedded mode bootstrap is the mock cluster's address.
    const BusSettings& bus() const { return m_options.bus; }

    /// A sink that produces to `health-metrics` with its own producer; use it from one thread.
    std::unique_ptr<KafkaHealthSink> createHealthSink(std::string& error) const;

    /// Fills the runtime's part of a snapshot (processor, broker view); any thread, never blocks
    /// on I/O.
    void fillSnapshot(StackSnapshot& snapshot) const;
    /// Current processor statistics, including malformed counts by reason.
    ProcessorStats processorStats() const;
    /// The broker monitor's last problem (empty when fine).
    std::string busProblem() const;

private:
    RuntimeOptions m_options;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    std::unique_ptr<BusMonitor> m_monitor;
    std::unique_ptr<HealthProcessor> m_processor;
    bool m_running = false;
};

} // namespace nexus
