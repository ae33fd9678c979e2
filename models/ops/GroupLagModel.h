#pragma once

#include "models/ops/ClusterView.h"

#include "models/ops/RowTableModel.h"

#include <deque>
#include <map>
#include <tuple>
#include <vector>

namespace nexus {

/// The consumer-groups table: one row per watched group and partition with the member it is
/// assigned to, the committed offset, the high watermark, the lag in messages and in time, and
/// the lag's trend. A row whose lag rose on each of the last `growingSamples` passes is flagged
/// growing (clusterrole::Growing, an amber background and a tooltip).
///
/// Why "each of the last N" and not "higher than before": consumers commit every few seconds
/// (librdkafka's default auto-commit is 5 s), so a healthy consumer's lag saws up between commits
/// for up to 4 one-second passes and drops at the commit. N = 5 therefore flags a consumer that
/// stopped committing within about 5 s, never a healthy one. A consumer that commits but slowly
/// falls behind shows as a rising Trend (least-squares slope over the last 30 passes).
///
/// GUI thread; fed by ClusterModel once per pass. Emits refreshed() after each pass.
class GroupLagModel : public RowTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Group,
        Topic,
        Partition,
        Member,
        Committed,
        High,
        Lag,
        LagTime,
        Trend,
        ColumnCount
    };
    static constexpr int kGrowingSamples = 5;
    static constexpr int kTrendSamples = 30;

    struct Row
    {
        QString group;
        GroupPartitionLag lag;
        bool growing = false;
        double trendPerSecond = 0; ///< slope of the lag, messages per second (0: flat or unknown)
        bool trendKnown = false;
    };

    explicit GroupLagModel(QObject* parent = nullptr, int growingSamples = kGrowingSamples);

    /// Takes a pass (a pass already taken, by sequence, is ignored). Emits refreshed().
    void setView(const ClusterView& view);
    /// Forgets the lag history behind the growing flags and trends.
    void clearHistory();

    const std::vector<Row>& rows() const { return m_rows; }
    /// The groups of the last pass (state, members, errors), in the configured order.
    const std::vector<GroupView>& groups() const { return m_groups; }
    /// True when the group's total lag rose on each of the last growingSamples passes.
    bool groupGrowing(const std::string& groupId) const;
    TimestampUs sampledAtUs() const { return m_sampledAtUs; }
    int growingSamples() const { return m_growingSamples; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    /// After every pass taken (once per inspector pass, about once a second).
    void refreshed();

private:
    struct Sample
    {
        TimestampUs atUs;
        std::int64_t lag;
    };
    using History = std::deque<Sample>;

    bool rising(const History& h) const;
    static bool slope(const History& h, double& perSecond);
    QString tooltip(const Row& r, int column) const;
    const GroupView* group(const QString& id) const;

    int m_growingSamples;
    std::uint64_t m_sequence = 0;
    TimestampUs m_sampledAtUs = 0;
    std::vector<GroupView> m_groups;
    std::vector<Row> m_rows;
    std::map<std::tuple<std::string, std::string, std::int32_t>, History> m_history; // per group, topic, partition
    std::map<std::string, History> m_totals;                                         // per group
};

} // namespace nexus
