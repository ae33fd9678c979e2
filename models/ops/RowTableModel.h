#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <utility>
#include <vector>

namespace nexus {

/// A table model whose rows a refresh replaces as a whole (the ops tables fed every tick).
/// No Q_OBJECT of its own: the models deriving from it declare their signals.
class RowTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    /// Replaces `rows` with `next`. When every row stands for the same thing as before
    /// (`sameRow(next[i], rows[i])`: same topic, partition, user…) the rows change in place, so
    /// views keep their selection, sort and scroll position; otherwise the model resets.
    template <typename Row, typename SameRow>
    void replaceRows(std::vector<Row>& rows, std::vector<Row> next, SameRow sameRow)
    {
        const bool sameShape = next.size() == rows.size() && std::equal(next.begin(), next.end(), rows.begin(), sameRow);
        if (!sameShape) {
            beginResetModel();
            rows = std::move(next);
            endResetModel();
            return;
        }
        rows = std::move(next);
        if (!rows.empty())
            emit dataChanged(index(0, 0), index(int(rows.size()) - 1, columnCount() - 1));
    }
};

} // namespace nexus
