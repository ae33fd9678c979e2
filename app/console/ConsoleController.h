#pragma once

#include "app/StackConfig.h"
#include "backend/bus/BusSettings.h"
#include "models/metrics/StackComponents.h"
#include "models/metrics/StackSnapshot.h"
#include "models/ops/LocalMembers.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace nexus {

class ConsoleStack;
class OperationsModel;
class RemoteApiWatcher;
class StatusHttpServer;

/// Wires the stack to the GUI's models: starts the stack off the GUI thread, then every 40 ms
/// copies a snapshot (lock-light, no I/O) into the models on the GUI thread and publishes it
/// (snapshotTaken, componentsReported). The GUI thread never talks to Kafka. Once the stack runs
/// it also serves the console's API on loopback: GET /health (the components, JSON) and
/// GET /metrics (Prometheus text) on a free port (apiAddress()), and watches the backend API the
/// config names ([api] url, RemoteApiWatcher) for the Stack health panel.
class ConsoleController : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTickMs = 40;

    ConsoleController(StackConfig config, OperationsModel* operations, QObject* parent = nullptr);
    ~ConsoleController() override;

    /// Starts the stack on a worker thread; emits started() or failed() on the GUI thread.
    void start();
    /// Stops the tick and the stack (blocks while the processor leaves its group).
    void stop();
    /// Stops the stack and starts one with `config` (the Connection dialog's switch).
    void restart(StackConfig config);

    const StackConfig& config() const { return m_config; }
    /// The bus the stack runs on (in embedded mode the bootstrap is known once started()).
    BusSettings bus() const;
    /// The store's connection string once started (empty: no store).
    std::string storeConnection() const;
    /// "http://127.0.0.1:<port>" while the API listens; empty otherwise.
    QString apiAddress() const;
    /// The consumer groups of the platform's processors (whether they run here or elsewhere).
    std::vector<std::string> processorGroups() const;
    /// This console's processors as consumer-group members with the partitions their loops hold;
    /// empty while the stack is not running. No I/O.
    std::vector<LocalConsumer> localConsumers() const;

signals:
    /// `store`: "embedded", the server's URL, or that there is none; `storeUrl`: the URL in use.
    void started(const QString& bootstrap, double startMs, const QString& store, const QString& storeUrl);
    void failed(const QString& error);
    /// stop() is about to stop the stack: let go of the bus now.
    void stopping();
    /// Every tick, after the OperationsModel took it (GUI thread; direct connections only).
    void snapshotTaken(const nexus::StackSnapshot& snapshot);
    /// The stack's components as of `atUs`: all starting on start(), then every tick, and which
    /// part failed (after stopping()) when the stack did not start.
    void componentsReported(const std::vector<nexus::ComponentStatus>& components, nexus::TimestampUs atUs);

private:
    void onStarted();
    void tick();
    void startApi();
    /// The snapshot with the API server's row added.
    StackSnapshot snapshot() const;

    StackConfig m_config;
    OperationsModel* m_operations;
    std::unique_ptr<ConsoleStack> m_stack; // created by start(); started and stopped by m_owner
    std::thread m_owner;                   // lives from start() to stop() (see start())
    std::mutex m_ownerMutex;
    std::condition_variable m_ownerWake;
    bool m_releaseOwner = false; // guarded by m_ownerMutex
    QTimer m_timer;
    std::unique_ptr<StatusHttpServer> m_api; // GUI thread; from onStarted() to stop()
    stackhealth::ApiFacts m_apiFacts;
    std::unique_ptr<RemoteApiWatcher> m_backendApi; // GUI thread; from onStarted() to stop(), when config.apiUrl is set
};

} // namespace nexus
