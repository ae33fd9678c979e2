#pragma once

#include "models/ops/BrowsedMessage.h"

#include <QAbstractTableModel>

#include <deque>
#include <string_view>
#include <vector>

class QIODevice;

namespace nexus {

/// The message browser's table: one row per browsed message, oldest first, bounded to
/// `capacity()` rows (the oldest are dropped, and counted). GUI thread; filled with appendBatch()
/// once per tick. Columns are sortable through a QSortFilterProxyModel on `SortRole`, which
/// holds raw values (numbers, ms) where DisplayRole holds text.
class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Partition,
        Offset,
        Time,
        Key,
        Size,
        Type,
        Summary,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int kDefaultCapacity = 10000;
    static constexpr int kSummaryChars = 120;

    explicit MessageListModel(QObject* parent = nullptr, int capacity = kDefaultCapacity);

    /// Appends `batch` (oldest first) with one insert and at most one removal, dropping the
    /// oldest rows beyond capacity.
    void appendBatch(std::vector<BrowsedMessage> batch);
    /// Removes every row and resets the dropped count.
    void clear();

    int capacity() const { return m_capacity; }
    /// Rows dropped to stay within capacity since the last clear().
    std::uint64_t dropped() const { return m_dropped; }
    /// The message of a source row (0 ≤ row < rowCount()).
    const BrowsedMessage& message(int row) const { return m_rows[std::size_t(row)].message; }
    /// The Type column of a row: the payload's JSON "type", "(no type)" or "not JSON".
    QString typeOf(int row) const;

    /// What the Type column shows for a payload. Parses it, so the model calls it only for rows a
    /// view asks about, and caches the answer.
    static QString payloadType(std::string_view payload);
    /// The schema file under resources/schemas/ that documents a payload of `type` and `schema`
    /// version (e.g. "workout-data.v1.schema.json"); empty when no schema documents it.
    static QString schemaFileFor(const QString& type, int version);

    /// `json` (valid JSON) indented by 4 spaces, one member or element per line. Unlike
    /// QJsonDocument it keeps the members' order and the numbers' exact text (a 64-bit id stays
    /// exact), so the view shows what is on the wire.
    static QString prettyJson(std::string_view json);

    /// Writes the given source rows (all rows in order when empty) as UTF-8 CSV with a header and
    /// CRLF line ends: topic, partition, offset, timestamp (UTC ISO), key, type, size, payload.
    /// False when the device fails to take the bytes.
    bool writeCsv(QIODevice& out, const QList<int>& rows = {}) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        BrowsedMessage message;
        mutable QString type; // computed on first use (parsing costs; most rows are never shown)
    };

    static QString isoTime(std::int64_t timestampMs);
    static QString summaryOf(const std::string& payload);

    std::deque<Row> m_rows;
    int m_capacity;
    std::uint64_t m_dropped = 0;
};

} // namespace nexus
