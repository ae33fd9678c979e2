#pragma once

#include "models/ops/ClusterView.h"
#include "models/ops/GroupLagModel.h"
#include "models/ops/LagTrendSeries.h"
#include "models/ops/PartitionsModel.h"
#include "models/ops/TopicsModel.h"

#include <QObject>

#include <deque>
#include <memory>

namespace nexus {

/// The Topics and Consumer-groups panels' state on the GUI thread. The controller hands it the
/// cluster inspector's latest view on every GUI tick; a view already taken (same sequence) costs
/// nothing, a new one (about once a second) updates the tables and the lag trend and emits
/// updated() once.
class ClusterModel : public QObject
{
    Q_OBJECT
public:
    /// Rates (msgs/s in and out) are averaged over at least this span: consumers commit in steps
    /// every few seconds, and devices upload in bursts.
    static constexpr DurationUs kRateWindow = 5 * kUsPerSecond;

    explicit ClusterModel(QObject* parent = nullptr);

    /// Takes the inspector's latest view (GUI thread). Ignores null and already-taken views.
    void update(std::shared_ptr<const ClusterView> view);
    /// The same, from a value (tests, replays).
    void update(const ClusterView& view) { update(std::make_shared<const ClusterView>(view)); }

    TopicsModel* topics() { return &m_topics; }
    PartitionsModel* partitions() { return &m_partitions; }
    GroupLagModel* groupLag() { return &m_groupLag; }
    LagTrendSeries* lagTrend() { return &m_lagTrend; }
    /// The last view taken; null before the first.
    const std::shared_ptr<const ClusterView>& latest() const { return m_latest; }

signals:
    /// Once per new view, after every part was updated.
    void updated();

private:
    std::shared_ptr<const ClusterView> m_latest;
    std::deque<std::shared_ptr<const ClusterView>> m_recent; // the rate window, oldest first
    TopicsModel m_topics;
    PartitionsModel m_partitions;
    GroupLagModel m_groupLag;
    LagTrendSeries m_lagTrend;
};

} // namespace nexus
