#pragma once

#include "models/twin/TwinSummary.h"

#include "models/ops/RowTableModel.h"

#include <vector>

namespace nexus {

/// The most active users (by steps) as a table: user, steps, last HR, mean HR, samples, today's
/// load, readiness and energy (their contributions as the tooltip), last event time. Replaced
/// wholesale once per tick on the GUI thread.
class ActiveUsersModel : public RowTableModel
{
    Q_OBJECT
public:
    enum Column { User, Steps, LastHr, MeanHr, Samples, LoadToday, Readiness, Energy, LastEvent, ColumnCount };

    using RowTableModel::RowTableModel;

    void setRows(std::vector<TwinSummary> rows);
    const std::vector<TwinSummary>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<TwinSummary> m_rows;
};

} // namespace nexus
