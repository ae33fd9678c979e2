#include "app/console/ClusterController.h"

#include "backend/bus/ClusterInspector.h"
#include "models/ops/ClusterModel.h"

namespace nexus {

ClusterController::ClusterController(ClusterModel* model, QObject* parent) : QObject(parent), m_model(model)
{
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        std::shared_ptr<const ClusterView> view = m_inspector->view();
        if (!view || view->sequence == m_lastSequence)
            return;
        m_lastSequence = view->sequence;
        if (m_local) {
            auto withMembers = std::make_shared<ClusterView>(*view);
            addLocalMembers(*withMembers, m_local());
            view = std::move(withMembers);
        }
        m_model->update(std::move(view));
    });
}

ClusterController::~ClusterController()
{
    detach();
}

bool ClusterController::attach(const BusSettings& bus, std::vector<std::string> groups, LocalConsumers local,
                               std::string& error)
{
    detach();
    ClusterInspectorOptions options;
    options.groups = std::move(groups);
    m_inspector = std::make_unique<ClusterInspector>(bus, options);
    m_local = std::move(local);
    m_lastSequence = 0;
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
