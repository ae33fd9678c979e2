#include "models/ops/MessageListModel.h"

#include "models/ops/CsvExport.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

namespace nexus {

namespace {
/// Payload types → the schema family documenting them (resources/schemas/README.md). The unit
/// test checks this table against the schema files, so the two cannot drift apart.
struct SchemaFamily
{
    const char* type;
    const char* family;
};
constexpr SchemaFamily kSchemaFamilies[] = {
    {"health-batch", "health-batch"},
    {"workout-start", "workout-data"},
    {"workout-stop", "workout-data"},
    {"workout-summary", "workout-data"},
    {"sign-up", "user-event"},
    {"profile-change", "user-event"},
    {"goal-set", "user-event"},
    {"follow", "social-event"},
    {"join-challenge", "social-event"},
    {"partner-request", "social-event"},
    {"coach-question", "ai-interaction"},
    {"twin-update", "twin-update"},
    {"alert", "alert"},
    {"activity-progress", "activity-progress"},
    {"dead-letter", "dead-letter"},
};

QByteArray bytes(const std::string& s)
{
    return QByteArray::fromRawData(s.data(), qsizetype(s.size()));
}
} // namespace

MessageListModel::MessageListModel(QObject* parent, int capacity)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{
}

void MessageListModel::appendBatch(std::vector<BrowsedMessage> batch)
{
    if (batch.empty())
        return;
    const std::size_t capacity = std::size_t(m_capacity);
    if (batch.size() >= capacity) {
        // The batch alone fills the table: one reset is cheaper than a removal plus an insert.
        m_dropped += m_rows.size() + batch.size() - capacity;
        beginResetModel();
        m_rows.clear();
        for (auto it = batch.end() - std::ptrdiff_t(capacity); it != batch.end(); ++it)
            m_rows.push_back({std::move(*it), {}});
        endResetModel();
        return;
    }
    const std::size_t overflow = m_rows.size() + batch.size() > capacity ? m_rows.size() + batch.size() - capacity : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + std::ptrdiff_t(overflow));
        endRemoveRows();
        m_dropped += overflow;
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (BrowsedMessage& m : batch)
        m_rows.push_back({std::move(m), {}});
    endInsertRows();
}

void MessageListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_dropped = 0;
    endResetModel();
}

QString MessageListModel::typeOf(int row) const
{
    const Row& r = m_rows[std::size_t(row)];
    if (r.type.isNull())
        r.type = payloadType(r.message.payload);
    return r.type;
}

QString MessageListModel::payloadType(std::string_view payload)
{
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(payload.data(), qsizetype(payload.size())), &error);
    if (error.error != QJsonParseError::NoError)
        return tr("not JSON");
    const QJsonValue type = doc.object().value(QLatin1String("type"));
    return type.isString() ? type.toString() : tr("(no type)");
}

QString MessageListModel::schemaFileFor(const QString& type, int version)
{
    for (const SchemaFamily& f : kSchemaFamilies)
        if (type == QLatin1String(f.type))
            return QStringLiteral("%1.v%2.schema.json").arg(QLatin1String(f.family)).arg(version);
    return {};
}

QString MessageListModel::isoTime(std::int64_t timestampMs)
{
    if (timestampMs < 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(timestampMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString MessageListModel::summaryOf(const std::string& payload)
{
    // Decode only a prefix: a UTF-8 character is at most 4 bytes, and payloads can be large.
    const std::size_t prefix = std::min<std::size_t>(payload.size(), 4 * (kSummaryChars + 1));
    const QString text = QString::fromUtf8(payload.data(), qsizetype(prefix)).simplified();
    if (text.size() <= kSummaryChars && prefix == payload.size())
        return text;
    return text.left(kSummaryChars - 1) + QChar(0x2026); // "…"
}

int MessageListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const BrowsedMessage& m = m_rows[std::size_t(index.row())].message;
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == Partition || index.column() == Offset || index.column() == Size;
        return number ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == Time)
        return tr("%1 ms since the epoch (Kafka timestamp, UTC)").arg(m.timestampMs);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case Partition:
        return m.partition;
    case Offset:
        return qlonglong(m.offset);
    case Time:
        return role == SortRole ? QVariant(qlonglong(m.timestampMs)) : QVariant(isoTime(m.timestampMs));
    case Key:
        return QString::fromUtf8(bytes(m.key));
    case Size:
        return qulonglong(m.payload.size());
    case Type:
        return typeOf(index.row());
    case Summary:
        return summaryOf(m.payload);
    default:
        return {};
    }
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Partition:
        return tr("Partition");
    case Offset:
        return tr("Offset");
    case Time:
        return tr("Time (UTC)");
    case Key:
        return tr("Key");
    case Size:
        return tr("Bytes");
    case Type:
        return tr("Type");
    case Summary:
        return tr("Payload");
    default:
        return {};
    }
}

QString MessageListModel::prettyJson(std::string_view json)
{
    std::string out;
    out.reserve(json.size() * 2);
    int depth = 0;
    auto newline = [&out, &depth] { out.append(1, '\n').append(std::size_t(4 * std::max(0, depth)), ' '); };
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        switch (c) {
        case '"': { // copy the string whole, escapes included
            const std::size_t start = i++;
            while (i < json.size() && json[i] != '"')
                i += json[i] == '\\' ? 2 : 1;
            out.append(json.substr(start, i - start + 1));
            break;
        }
        case '{':
        case '[': {
            const std::size_t next = json.find_first_not_of(" \t\r\n", i + 1);
            out += c;
            if (next != std::string_view::npos && (json[next] == '}' || json[next] == ']')) {
                out += json[next]; // {} and [] stay on one line
                i = next;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            break;
        default:
            out += c;
        }
    }
    return QString::fromUtf8(out.data(), qsizetype(out.size()));
}

bool MessageListModel::writeCsv(QIODevice& out, const QList<int>& rows) const
{
    auto line = [&out](const QStringList& fields) {
        QStringList quoted;
        for (const QString& f : fields)
            quoted << csvField(f);
        const QByteArray utf8 = quoted.join(QLatin1Char(',')).toUtf8() + "\r\n";
        return out.write(utf8) == utf8.size();
    };
    if (!line({"topic", "partition", "offset", "timestamp", "key", "type", "size", "payload"}))
        return false;
    const int count = rows.isEmpty() ? rowCount() : int(rows.size());
    for (int i = 0; i < count; ++i) {
        const int row = rows.isEmpty() ? i : rows[i];
        if (row < 0 || row >= rowCount())
            continue;
        const BrowsedMessage& m = message(row);
        if (!line({QString::fromStdString(m.topic), QString::number(m.partition), QString::number(m.offset),
                   isoTime(m.timestampMs), QString::fromUtf8(bytes(m.key)), typeOf(row),
                   QString::number(m.payload.size()), QString::fromUtf8(bytes(m.payload))}))
            return false;
    }
    return true;
}

} // namespace nexus
