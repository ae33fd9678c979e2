#include "models/ops/TopicsModel.h"

#include "models/ops/ByteRateEstimate.h"
#include "models/ops/ClusterFormat.h"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <map>
#include <set>

namespace nexus {

double offsetRate(std::int64_t now, std::int64_t before, DurationUs dtUs)
{
    if (now < 0 || before < 0 || dtUs <= 0)
        return -1;
    return now < before ? 0.0 : double(now - before) * double(kUsPerSecond) / double(dtUs);
}

namespace {
std::int64_t sumHigh(const TopicView& t)
{
    std::int64_t sum = 0;
    for (const PartitionView& p : t.partitions) {
        if (p.high < 0)
            return -1;
        sum += p.high;
    }
    return sum;
}

const TopicView* findTopic(const ClusterView& v, const std::string& name)
{
    for (const TopicView& t : v.topics)
        if (t.name == name)
            return &t;
    return nullptr;
}

/// Messages `group` consumed from `topic` between two passes (Σ committed-offset growth over the
/// partitions committed in both), or -1 when no partition was.
std::int64_t consumedBetween(const GroupView& now, const GroupView& before, const std::string& topic)
{
    std::int64_t sum = -1;
    for (const GroupPartitionLag& p : now.partitions) {
        if (p.topic != topic || p.committed < 0)
            continue;
        for (const GroupPartitionLag& o : before.partitions) {
            if (o.topic == topic && o.partition == p.partition && o.committed >= 0)
                sum = std::max<std::int64_t>(sum, 0) + std::max<std::int64_t>(0, p.committed - o.committed);
        }
    }
    return sum;
}

const GroupView* findGroup(const ClusterView& v, const std::string& id)
{
    for (const GroupView& g : v.groups)
        if (g.groupId == id)
            return &g;
    return nullptr;
}

bool consumes(const GroupView& g, const std::string& topic)
{
    return std::any_of(g.partitions.begin(), g.partitions.end(),
                       [&](const GroupPartitionLag& p) { return p.topic == topic; });
}

QString leadersText(const TopicsModel::Row& r)
{
    std::set<std::int32_t> leaders;
    for (const PartitionView& p : r.topic.partitions)
        if (p.leader >= 0)
            leaders.insert(p.leader);
    QStringList ids;
    for (std::int32_t id : leaders)
        ids << QString::number(id);
    QString text = ids.join(QStringLiteral(", "));
    if (r.leaderless > 0)
        text += (text.isEmpty() ? QString() : QStringLiteral("; ")) +
                TopicsModel::tr("%1 without leader").arg(r.leaderless);
    return text;
}

QString leadersTooltip(const TopicsModel::Row& r)
{
    std::map<std::int32_t, int> perBroker;
    for (const PartitionView& p : r.topic.partitions)
        ++perBroker[p.leader];
    QStringList lines;
    for (const auto& [broker, count] : perBroker) {
        const QString partitions = countNoun(count, TopicsModel::tr("partition"), TopicsModel::tr("partitions"));
        lines << (broker < 0 ? TopicsModel::tr("no leader: %1").arg(partitions)
                             : TopicsModel::tr("broker %1 leads %2").arg(broker).arg(partitions));
    }
    return lines.join(u'\n');
}
} // namespace

void TopicsModel::setView(const ClusterView& now, const ClusterView* before)
{
    m_sampledAtUs = now.sampledAtUs;
    m_brokers = now.brokers;
    m_problem = QString::fromStdString(now.error);
    std::vector<Row> rows;
    rows.reserve(now.topics.size());
    const DurationUs dt = before ? now.sampledAtUs - before->sampledAtUs : 0;
    for (const TopicView& t : now.topics) {
        Row r;
        r.topic = t;
        for (const PartitionView& p : t.partitions) {
            r.low += std::max<std::int64_t>(p.low, 0);
            r.high += std::max<std::int64_t>(p.high, 0);
            r.leaderless += p.leader < 0 ? 1 : 0;
        }
        const TopicView* old = before ? findTopic(*before, t.name) : nullptr;
        if (old && old->partitions.size() == t.partitions.size())
            r.inPerSecond = offsetRate(sumHigh(t), sumHigh(*old), dt);
        for (const GroupView& g : now.groups) {
            if (!consumes(g, t.name))
                continue;
            double rate = -1;
            if (const GroupView* og = before ? findGroup(*before, g.groupId) : nullptr) {
                const std::int64_t consumed = consumedBetween(g, *og, t.name);
                rate = consumed < 0 ? -1 : offsetRate(consumed, 0, dt);
            }
            if (rate >= 0)
                r.outPerSecond = std::max(0.0, r.outPerSecond) + rate;
            r.outDetail += (r.outDetail.isEmpty() ? QString() : QStringLiteral("\n")) +
                           tr("%1: %2 msgs/s").arg(QString::fromStdString(g.groupId), formatRate(rate));
        }
        r.inBytesPerSecond = estimatedByteRate(r.inPerSecond, t.meanMessageBytes);
        r.outBytesPerSecond = estimatedByteRate(r.outPerSecond, t.meanMessageBytes);
        rows.push_back(std::move(r));
    }

    replaceRows(m_rows, std::move(rows), [](const Row& a, const Row& b) { return a.topic.name == b.topic.name; });
}

int TopicsModel::rowOf(const QString& topic) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (QString::fromStdString(m_rows[i].topic.name) == topic)
            return int(i);
    return -1;
}

int TopicsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TopicsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::TextAlignmentRole:
        return column == Topic || column == Leaders ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                    : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (!r.topic.error.empty() || (column == Leaders && r.leaderless > 0))
            return QBrush(QColor(0xb0, 0x20, 0x20));
        return {};
    case Qt::ToolTipRole:
        if (!r.topic.error.empty())
            return QString::fromStdString(r.topic.error);
        if (column == Leaders)
            return leadersTooltip(r);
        if ((column == OutRate || column == OutBytes) && r.outDetail.isEmpty())
            return tr("No watched consumer group has committed offsets on this topic");
        if (column == OutRate)
            return r.outDetail;
        if (column == InBytes)
            return byteRateExplanation(r.inPerSecond, r.topic.meanMessageBytes, r.topic.sizeSamples);
        if (column == OutBytes)
            return byteRateExplanation(r.outPerSecond, r.topic.meanMessageBytes, r.topic.sizeSamples);
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
    case Topic:
        return QString::fromStdString(r.topic.name);
    case Partitions:
        return int(r.topic.partitions.size());
    case Leaders:
        return leadersText(r);
    case InRate:
        return raw ? QVariant(r.inPerSecond) : QVariant(formatRate(r.inPerSecond));
    case OutRate:
        return raw ? QVariant(r.outPerSecond) : QVariant(formatRate(r.outPerSecond));
    case InBytes:
        return byteRateData(r.inBytesPerSecond, role);
    case OutBytes:
        return byteRateData(r.outBytesPerSecond, role);
    case Low:
        return raw ? QVariant(qint64(r.low)) : QVariant(formatCount(r.low));
    case High:
        return raw ? QVariant(qint64(r.high)) : QVariant(formatCount(r.high));
    case Retained:
        return raw ? QVariant(qint64(r.high - r.low)) : QVariant(formatCount(r.high - r.low));
    default:
        return {};
    }
}

QVariant TopicsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Leaders:
            return tr("Brokers leading the topic's partitions");
        case InRate:
            return tr("Messages appended per second (growth of the high watermarks)");
        case OutRate:
            return tr("Messages consumed per second by the watched consumer groups (growth of their committed "
                      "offsets; consumers commit every few seconds, so this moves in steps)");
        case InBytes:
            return tr("Bytes appended per second, estimated: %1").arg(byteRateMethod());
        case OutBytes:
            return tr("Bytes consumed per second by the watched consumer groups, estimated: %1").arg(byteRateMethod());
        case Low:
            return tr("Σ low watermarks: messages the bus no longer keeps");
        case High:
            return tr("Σ high watermarks: messages ever written");
        case Retained:
            return tr("Messages the bus still holds (Σ high − low)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Partitions:
        return tr("Partitions");
    case Leaders:
        return tr("Leaders");
    case InRate:
        return tr("In (msgs/s)");
    case OutRate:
        return tr("Out (msgs/s)");
    case InBytes:
        return tr("Bytes/s in");
    case OutBytes:
        return tr("Bytes/s out");
    case Low:
        return tr("Low watermark");
    case High:
        return tr("High watermark");
    case Retained:
        return tr("Retained");
    default:
        return {};
    }
}

} // namespace nexus
