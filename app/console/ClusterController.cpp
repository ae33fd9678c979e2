#include "app/console/ClusterController.h"

#include "backend/bus/ClusterInspector.h"
#include "models/ops/ClusterModel.h"

namespace nexus {

ClusterController::ClusterController(ClusterModel* model, QObject* parent) : QObject(parent), m_model(model)
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (auto view = m_inspector->view())
            m_model->update(std::move(view));
    });
}

ClusterController::~ClusterController()
{
    detach();
}

bool ClusterController::attach(const BusSettings& bus, std::string& error)
{
    detach();
    m_inspector = std::make_unique<ClusterInspector>(bus);
    if (!m_inspector->start(error)) {
        m_inspector.reset();
        return false;
    }
    m_timer.start();
    return true;
}

void ClusterController::detach()
{
    m_timer.stop();
    if (m_inspector)
        m_inspector->stop();
    m_inspector.reset();
}

} // namespace nexus
