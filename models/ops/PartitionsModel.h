#pragma once

#include "models/ops/ClusterView.h"

#include "models/ops/RowTableModel.h"

#include <memory>
#include <vector>

namespace nexus {

/// The drill-down of one topic: a row per partition with its leader, replicas, watermarks and
/// message rate in, and bytes/s in estimated with the topic's mean sampled message size (as in
/// TopicsModel; sizes are sampled per topic, not per partition). GUI thread; fed by ClusterModel
/// once per pass, the topic chosen by the view.
class PartitionsModel : public RowTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Partition,
        Leader,
        Replicas,
        Low,
        High,
        Retained,
        InRate,
        InBytes,
        ColumnCount
    };

    struct Row
    {
        PartitionView partition;
        double inPerSecond = -1;      ///< -1 until two passes are known
        double inBytesPerSecond = -1; ///< inPerSecond × the topic's mean sampled message size; -1 unknown
    };

    using RowTableModel::RowTableModel;

    /// Which topic to show (empty: none). Rebuilds from the last pass at once.
    void setTopic(const QString& topic);
    const QString& topic() const { return m_topic; }
    /// Takes a pass; `before` (an earlier pass, or null) gives the rates.
    void setView(std::shared_ptr<const ClusterView> now, std::shared_ptr<const ClusterView> before);
    const std::vector<Row>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuild();

    QString m_topic;
    std::shared_ptr<const ClusterView> m_now;
    std::shared_ptr<const ClusterView> m_before;
    std::vector<Row> m_rows;
    double m_meanMessageBytes = -1; // of the shown topic (TopicView), for the bytes/s tooltips
    int m_sizeSamples = 0;
};

} // namespace nexus
