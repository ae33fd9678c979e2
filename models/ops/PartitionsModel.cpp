#include "models/ops/PartitionsModel.h"

#include "models/ops/ByteRateEstimate.h"
#include "models/ops/ClusterFormat.h"
#include "models/ops/TopicsModel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace nexus {

namespace {
const TopicView* findTopic(const ClusterView* v, const QString& name)
{
    if (!v)
        return nullptr;
    for (const TopicView& t : v->topics)
        if (QString::fromStdString(t.name) == name)
            return &t;
    return nullptr;
}
} // namespace

void PartitionsModel::setTopic(const QString& topic)
{
    if (topic == m_topic)
        return;
    m_topic = topic;
    rebuild();
}

void PartitionsModel::setView(std::shared_ptr<const ClusterView> now, std::shared_ptr<const ClusterView> before)
{
    m_now = std::move(now);
    m_before = std::move(before);
    rebuild();
}

void PartitionsModel::rebuild()
{
    std::vector<Row> rows;
    m_meanMessageBytes = -1;
    m_sizeSamples = 0;
    if (const TopicView* t = findTopic(m_now.get(), m_topic)) {
        m_meanMessageBytes = t->meanMessageBytes;
        m_sizeSamples = t->sizeSamples;
        const TopicView* old = findTopic(m_before.get(), m_topic);
        const DurationUs dt = m_before ? m_now->sampledAtUs - m_before->sampledAtUs : 0;
        for (const PartitionView& p : t->partitions) {
            Row r{p, -1, -1};
            if (old) {
                for (const PartitionView& o : old->partitions)
                    if (o.partition == p.partition)
                        r.inPerSecond = offsetRate(p.high, o.high, dt);
            }
            r.inBytesPerSecond = estimatedByteRate(r.inPerSecond, t->meanMessageBytes);
            rows.push_back(std::move(r));
        }
    }
    replaceRows(m_rows, std::move(rows),
                [](const Row& a, const Row& b) { return a.partition.partition == b.partition.partition; });
}

int PartitionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PartitionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    const PartitionView& p = r.partition;
    const int column = index.column();
    switch (role) {
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole: {
        const bool bad =
            !p.error.empty() || (column == Leader && p.leader < 0) || (column == Replicas && p.inSync < p.replicas);
        return bad ? QVariant(QBrush(QColor(0xb0, 0x20, 0x20))) : QVariant();
    }
    case Qt::ToolTipRole:
        if (!p.error.empty())
            return QString::fromStdString(p.error);
        if (column == Replicas)
            return tr("%1 of %2 replicas in sync").arg(p.inSync).arg(p.replicas);
        if (column == InBytes)
            return byteRateExplanation(r.inPerSecond, m_meanMessageBytes, m_sizeSamples);
        return {};
    case Qt::DisplayRole:
    case clusterrole::Sort:
    case clusterrole::Export:
        break;
    default:
        return {};
    }
    const bool raw = role != Qt::DisplayRole;
    switch (column) {
    case Partition:
        return int(p.partition);
    case Leader:
        return raw ? QVariant(int(p.leader)) : QVariant(p.leader < 0 ? tr("none") : QString::number(p.leader));
    case Replicas:
        return raw ? QVariant(p.inSync) : QVariant(QStringLiteral("%1/%2").arg(p.inSync).arg(p.replicas));
    case Low:
        return raw ? QVariant(qint64(p.low)) : QVariant(formatCount(p.low));
    case High:
        return raw ? QVariant(qint64(p.high)) : QVariant(formatCount(p.high));
    case Retained: {
        const std::int64_t retained = p.low >= 0 && p.high >= 0 ? p.high - p.low : -1;
        return raw ? QVariant(qint64(retained)) : QVariant(formatCount(retained));
    }
    case InRate:
        return raw ? QVariant(r.inPerSecond) : QVariant(formatRate(r.inPerSecond));
    case InBytes:
        return byteRateData(r.inBytesPerSecond, role);
    default:
        return {};
    }
}

QVariant PartitionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == InBytes)
        return tr("Bytes appended per second, estimated: %1 (of this topic, not just this partition)")
            .arg(byteRateMethod());
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Partition:
        return tr("Partition");
    case Leader:
        return tr("Leader");
    case Replicas:
        return tr("In sync");
    case Low:
        return tr("Low watermark");
    case High:
        return tr("High watermark");
    case Retained:
        return tr("Retained");
    case InRate:
        return tr("In (msgs/s)");
    case InBytes:
        return tr("Bytes/s in");
    default:
        return {};
    }
}

} // namespace nexus
