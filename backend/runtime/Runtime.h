#pragma once

#include "backend/bus/BusSettings.h"
#include "backend/processing/ActivityProcessor.h"
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
    /// The activity processor (daily steps, active minutes and load against goals, on
    /// activity-progress): its own consumer group next to the health processor.
    bool runActivity = true;
    ActivityProcessorOptions activity;
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
    /// Kafka, each processor and the store as they are now, for the Stack health panel (also in
    /// fillSnapshot); any thread, never blocks on I/O. After a failed start(), the part being
    /// started is Failed with `startError`, and those never started are Stopped.
    std::vector<ComponentStatus> components(const std::string& startError = {}) const;
    /// Current processor statistics, including malformed counts by reason.
    ProcessorStats processorStats() const;
    /// Whether the activity processor runs, and its statistics (zeros when it does not); any thread.
    bool activityRunning() const { return m_activity != nullptr; }
    ActivityProcessorStats activityStats() const;
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
    std::unique_ptr<ActivityProcessor> m_activity;
    std::unique_ptr<EmbeddedPostgres> m_postgres;
    std::unique_ptr<store::StoreWriter> m_storeWriter;
    std::string m_storeUrl;
    std::string m_storeConnection;
    bool m_running = false;
    // For components(): when each part came up (wall clock; 0: not), and the part start() was
    // bringing up last. Written by start() before it returns.
    TimestampUs m_kafkaUpUs = 0;
    TimestampUs m_storeUpUs = 0;
    TimestampUs m_processorUpUs = 0;
    TimestampUs m_activityUpUs = 0;
    std::string m_startingPart;

    bool startStore(std::string& error);
};

} // namespace nexus
