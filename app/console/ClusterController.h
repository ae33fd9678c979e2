#pragma once

#include "backend/bus/BusSettings.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace nexus {

class ClusterInspector;
class ClusterModel;

/// Wires the Topics and Consumer-groups panels to the stack: a ClusterInspector reads watermarks
/// and committed offsets off the GUI thread, and twice a second its latest view goes into the
/// ClusterModel (which updates only when a new pass arrived).
class ClusterController : public QObject
{
    Q_OBJECT
public:
    explicit ClusterController(ClusterModel* model, QObject* parent = nullptr);
    ~ClusterController() override;

    /// Starts inspecting `bus`; false with `error` when the inspector cannot start.
    bool attach(const BusSettings& bus, std::string& error);
    void detach();

private:
    ClusterModel* m_model;
    std::unique_ptr<ClusterInspector> m_inspector;
    QTimer m_timer;
};

} // namespace nexus
