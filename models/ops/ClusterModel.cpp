#include "models/ops/ClusterModel.h"

namespace nexus {

ClusterModel::ClusterModel(QObject* parent) : QObject(parent), m_topics(this), m_partitions(this), m_groupLag(this) {}

void ClusterModel::update(std::shared_ptr<const ClusterView> view)
{
    if (!view || view->sequence == 0 || (m_latest && view->sequence == m_latest->sequence))
        return;
    // A view that kept the last good data (the brokers did not answer) adds no new sample.
    const bool fresh = !m_latest || view->sampledAtUs > m_latest->sampledAtUs;
    m_latest = view;
    if (fresh) {
        m_recent.push_back(view);
        while (m_recent.size() > 2 && m_recent[1]->sampledAtUs <= view->sampledAtUs - kRateWindow)
            m_recent.pop_front();
    }
    const std::shared_ptr<const ClusterView> before = m_recent.size() > 1 ? m_recent.front() : nullptr;
    m_topics.setView(*view, before.get());
    m_partitions.setView(view, before);
    if (fresh) {
        for (const GroupView& g : view->groups)
            if (!g.partitions.empty())
                m_lagTrend.append(QString::fromStdString(g.groupId), view->sampledAtUs, g.totalLag());
    }
    m_groupLag.setView(*view); // last: its refreshed() redraws the chart from the trend
    emit updated();
}

} // namespace nexus
