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
class EmbeddedPostgres;
class KafkaHealthSink;
namespace store {
class StoreWriter;
}

/// Where the stack keeps what it learns (backend/store).
struct StoreOptions
{
    bool enabled = true;
    std::string url;      ///< a libpq URL or connection string; empty: the embedded cluster
    std::string dataDir;  ///< the embedded cluster's directory; empty: EmbeddedPostgres::defaultDataDir()
};

struct RuntimeOptions
{
    BusSettings bus;          ///< bus.embedded: start the mock cluster; otherwise bus.bootstrap is used
    int embeddedBrokers = 3;
    bool runProcessor = true;
    ProcessorOptions processor;
    int connectTimeoutMs = 10000;
    StoreOptions store;
};

/// The stack behind the console: Kafka (embedded mock cluster or real brokers), PostgreSQL
/// (embedded cluster or a server by URL; schema migrated on start), the broker monitor and the
/// health processor, whose batches the store writer persists. Sources (the simulator, a replay) attach through
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
    /// Where the store is, for display ("postgresql://…"; empty when the store is off).
    std::string storeUrl() const { return m_storeUrl; }
    /// The libpq connection string of the store (empty when the store is off).
    const std::string& storeConnection() const { return m_storeConnection; }
    /// True when the store is the embedded cluster this runtime started.
    bool storeEmbedded() const { return m_postgres != nullptr; }

private:
    RuntimeOptions m_options;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    std::unique_ptr<BusMonitor> m_monitor;
    std::unique_ptr<HealthProcessor> m_processor;
    std::unique_ptr<EmbeddedPostgres> m_postgres;
    std::unique_ptr<store::StoreWriter> m_storeWriter;
    std::string m_storeUrl;
    std::string m_storeConnection;
    bool m_running = false;

    bool startStore(std::string& error);
};

} // namespace nexus
