#pragma once

#include "models/twin/TwinSummary.h"

#include <QAbstractTableModel>

#include <vector>

namespace nexus {

/// The latest twin as a key/value table the way a coach reads it: the three scores, each followed
/// by the contributions that produced it (the "why"), then training load (load today, CTL, ATL,
/// TSB, ACWR), heart rate and activity, and the event time the twin is as of. Section headings are
/// rows of their own (SectionRole true, bold). Every value has its unit in the Unit column.
/// GUI thread; fed by TwinModel.
class TwinFactsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Quantity,
        Value,
        Unit,
        ColumnCount
    };
    /// bool: the row is a section heading (only its Quantity cell has text).
    static constexpr int SectionRole = Qt::UserRole + 10;

    struct Row
    {
        QString quantity;
        QString value;
        QString unit;
        QString tip; ///< what the quantity means
        bool section = false;
        bool indented = false; ///< a score's contribution
    };

    using QAbstractTableModel::QAbstractTableModel;

    /// Shows `twin`; null clears the table.
    void setTwin(const TwinSummary* twin);
    const std::vector<Row>& rows() const { return m_rows; }
    /// The value text of the first row named `quantity` (empty when there is none).
    QString valueOf(const QString& quantity) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
};

} // namespace nexus
