#pragma once

#include "models/events/Alert.h"

#include <QAbstractTableModel>

#include <string>
#include <unordered_map>
#include <vector>

namespace nexus {

/// The alerts feed as ops staff read it: one row per episode (an alert's open, update and
/// closed messages merge into one row), newest opened first, with who acknowledged it and when.
/// Fed on the GUI thread in batches (one per tick); keeps at most `capacity` episodes, dropping
/// the oldest closed ones first.
class AlertFeedModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Opened, Severity, User, Detector, State, Message, Peak, AckedBy, ColumnCount };
    /// Roles for filters: the category ("health"/"sensor"), the state ("open"/"closed"), the
    /// alert id, the severity as a number (0 info … 2 critical) for sorting.
    enum Role { CategoryRole = Qt::UserRole + 1, StateRole, AlertIdRole, SeverityRankRole, UserIdRole };

    struct Episode
    {
        AlertEvent latest; ///< the newest message of the episode (evidence, peak, state)
        TimestampUs openedUs = 0;
        std::string ackedBy;
        TimestampUs ackedAtUs = 0;
    };

    explicit AlertFeedModel(QObject* parent = nullptr, std::size_t capacity = 5000);

    /// Merges alert messages (any order of episodes; one episode's messages in order).
    void apply(const std::vector<AlertEvent>& messages);
    /// Marks an episode acknowledged; false when the feed does not hold it.
    bool setAcknowledged(const std::string& alertId, const std::string& who, TimestampUs atUs);
    void clear();

    const Episode* episode(int row) const;
    const Episode* find(const std::string& alertId) const;
    int openCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void trim();
    void reindex();

    std::size_t m_capacity;
    std::vector<Episode> m_rows;                  ///< newest opened first
    std::unordered_map<std::string, int> m_index; ///< alert id → row
};

/// "HR 128 bpm at rest for 12 min" plus the evidence readings, one per line, for a detail pane.
QString describeEpisode(const AlertFeedModel::Episode& episode);

} // namespace nexus
