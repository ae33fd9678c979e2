#pragma once

#include "models/ops/ClusterView.h"

#include "models/ops/RowTableModel.h"

#include <vector>

namespace nexus {

/// The Topics table: one row per topic with its partition count, leaders, message rates in
/// (high-watermark growth) and out (the watched groups' committed-offset growth), the same in
/// bytes/s, and its watermarks summed over partitions. GUI thread; fed by ClusterModel once per
/// inspector pass.
///
/// The bytes/s are estimates, shown with "≈" and explained in their tooltips: messages/s × the
/// mean size of the topic's newest messages the inspector sampled (ByteRateEstimate.h). The
/// brokers' byte counts are not reachable through librdkafka 2.0.2 (no DescribeLogDirs) and its
/// statistics cover only the inspector's own clients' traffic.
class TopicsModel : public RowTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Topic,
        Partitions,
        Leaders,
        InRate,
        OutRate,
        InBytes,
        OutBytes,
        Low,
        High,
        Retained,
        ColumnCount
    };

    /// One topic's row, derived from a pass (and the one before it, for rates).
    struct Row
    {
        TopicView topic;
        double inPerSecond = -1;       ///< -1 until two passes are known
        double outPerSecond = -1;      ///< -1 when no watched group consumes the topic (or not known yet)
        QString outDetail;             ///< per group, for the tooltip
        double inBytesPerSecond = -1;  ///< inPerSecond × the mean sampled message size; -1 unknown
        double outBytesPerSecond = -1; ///< outPerSecond × the mean sampled message size; -1 unknown
        std::int64_t low = 0;          ///< Σ low watermarks (messages the bus dropped so far)
        std::int64_t high = 0;         ///< Σ high watermarks (messages ever written)
        int leaderless = 0;            ///< partitions without a leader
    };

    using RowTableModel::RowTableModel;

    /// Takes a pass; `before` (an earlier pass, or null) gives the rates over the time between.
    void setView(const ClusterView& now, const ClusterView* before);
    const std::vector<Row>& rows() const { return m_rows; }
    /// Of the last pass: when it was taken, how many brokers answered, and what went wrong (empty:
    /// nothing; otherwise the rows are the last good pass's).
    TimestampUs sampledAtUs() const { return m_sampledAtUs; }
    int brokers() const { return m_brokers; }
    const QString& problem() const { return m_problem; }
    /// The row of `topic`, or -1.
    int rowOf(const QString& topic) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
    TimestampUs m_sampledAtUs = 0;
    int m_brokers = 0;
    QString m_problem;
};

/// Messages per second between two samples of a growing offset; -1 when either is unknown or
/// the interval is empty. A decrease (a topic re-created, a group reset) counts as 0.
double offsetRate(std::int64_t now, std::int64_t before, DurationUs dtUs);

} // namespace nexus
