#pragma once

#include "backend/bus/BusSettings.h"
#include "models/ops/LocalMembers.h"

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nexus {

class ClusterInspector;
class ClusterModel;

/// Wires the Topics and Consumer-groups panels to the stack: a ClusterInspector reads watermarks
/// and committed offsets off the GUI thread, and twice a second its latest view goes into the
/// ClusterModel (which updates only when a new pass arrived), with this console's own consumers
/// filled in as members where the brokers do not describe groups (the embedded mock cluster).
class ClusterController : public QObject
{
    Q_OBJECT
public:
    explicit ClusterController(ClusterModel* model, QObject* parent = nullptr);
    ~ClusterController() override;

    using LocalConsumers = std::function<std::vector<LocalConsumer>()>;

    /// Starts inspecting `bus`, watching `groups`' lag; `local` (GUI thread, no I/O) names this
    /// process's consumers. False with `error` when the inspector cannot start.
    bool attach(const BusSettings& bus, std::vector<std::string> groups, LocalConsumers local, std::string& error);
    void detach();

private:
    ClusterModel* m_model;
    std::unique_ptr<ClusterInspector> m_inspector;
    LocalConsumers m_local;
    std::uint64_t m_lastSequence = 0; // of the pass the model has
    QTimer m_timer;
};

} // namespace nexus
