#pragma once

#include "models/ops/ClusterView.h"

#include "models/ops/RowTableModel.h"

#include <memory>
#include <vector>

namespace nexus {

/// The drill-down of one topic: a row per partition with its leader, replicas, watermarks and
/// message rate in. GUI thread; fed by ClusterModel once per pass, the topic chosen by the view.
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
        ColumnCount
    };

    struct Row
    {
        PartitionView partition;
        double inPerSecond = -1; ///< -1 until two passes are known
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
};

} // namespace nexus
