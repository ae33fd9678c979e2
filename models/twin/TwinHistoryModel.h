#pragma once

#include "models/ops/RowTableModel.h"
#include "models/twin/TwinDay.h"
#include "models/twin/TwinSummary.h"

#include <vector>

namespace nexus {

/// The Twins workspace's daily history: one row per closed day of the user's twin (oldest first),
/// plus the day in progress from the latest twin when it is newer than the last closed day, so a
/// user in their first day is not an empty table. Display text formats each value with a fixed
/// number of decimals ("—" where the twin had no value); clusterrole::Sort gives the raw numbers
/// (a missing value sorts first), clusterrole::Export the plain numbers for CSV (empty where
/// missing — never 0). GUI thread; fed by TwinModel.
class TwinHistoryModel : public RowTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Day,
        Load,
        Ctl,
        Atl,
        Tsb,
        Acwr,
        Rmssd,
        RestingHr,
        Readiness,
        Recovery,
        Energy,
        ColumnCount
    };

    struct Row
    {
        TwinDay day;
        bool inProgress = false; ///< the current day, from the latest twin: values so far
    };

    using RowTableModel::RowTableModel;

    /// Replaces the rows with `closedDays` (oldest first) and, when `latest` is given and its day
    /// comes after them, that day in progress.
    void setDays(const std::vector<TwinDay>& closedDays, const TwinSummary* latest);
    void clear() { setDays({}, nullptr); }
    const std::vector<Row>& rows() const { return m_rows; }
    /// The number of closed days (rows without the day in progress).
    int closedDays() const;

    /// A column's value of `row`: NaN where the twin had none.
    static double value(const Row& row, int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
};

} // namespace nexus
