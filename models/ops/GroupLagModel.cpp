#include "models/ops/GroupLagModel.h"

#include "models/ops/ClusterFormat.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace nexus {

namespace {
const QColor kGrowingBackground(255, 214, 130); // amber: needs a look
const QColor kLostBackground(255, 190, 190);    // red: data already lost
const QColor kDarkText(0x20, 0x20, 0x20);       // readable on both, in dark themes too
} // namespace

GroupLagModel::GroupLagModel(QObject* parent, int growingSamples)
    : RowTableModel(parent), m_growingSamples(std::max(1, growingSamples))
{
}

bool GroupLagModel::rising(const History& h) const
{
    if (int(h.size()) < m_growingSamples + 1)
        return false;
    for (std::size_t i = h.size() - std::size_t(m_growingSamples); i < h.size(); ++i)
        if (h[i].lag <= h[i - 1].lag)
            return false;
    return true;
}

bool GroupLagModel::slope(const History& h, double& perSecond)
{
    perSecond = 0;
    if (h.size() < 3)
        return false;
    // Least squares over the kept samples, x in seconds from the first.
    const double n = double(h.size());
    double mx = 0, my = 0;
    for (const Sample& s : h) {
        mx += double(s.atUs - h.front().atUs) / double(kUsPerSecond);
        my += double(s.lag);
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0;
    for (const Sample& s : h) {
        const double dx = double(s.atUs - h.front().atUs) / double(kUsPerSecond) - mx;
        sxx += dx * dx;
        sxy += dx * (double(s.lag) - my);
    }
    if (sxx <= 0)
        return false;
    const double b = sxy / sxx;
    double residuals = 0;
    for (const Sample& s : h) {
        const double x = double(s.atUs - h.front().atUs) / double(kUsPerSecond);
        const double r = double(s.lag) - (my + b * (x - mx));
        residuals += r * r;
    }
    // A committing consumer's lag saws up and down; over a few teeth a fitted line tilts by
    // chance. Call it a trend only when the slope stands out of that noise (two standard errors)
    // and moves the lag by at least one message and 5% of its mean over the span.
    const double standardError = std::sqrt(residuals / (n - 2) / sxx);
    const double span = double(h.back().atUs - h.front().atUs) / double(kUsPerSecond);
    if (std::abs(b) > 2 * standardError && std::abs(b * span) >= std::max(1.0, 0.05 * my))
        perSecond = b;
    return true;
}

void GroupLagModel::setView(const ClusterView& view)
{
    if (view.sequence != 0 && view.sequence == m_sequence)
        return;
    m_sequence = view.sequence;
    m_sampledAtUs = view.sampledAtUs;
    m_groups = view.groups;

    std::vector<Row> rows;
    decltype(m_history) history;
    decltype(m_totals) totals;
    for (const GroupView& g : m_groups) {
        for (const GroupPartitionLag& p : g.partitions) {
            Row r;
            r.group = QString::fromStdString(g.groupId);
            r.lag = p;
            const auto key = std::make_tuple(g.groupId, p.topic, p.partition);
            History h = std::move(m_history[key]);
            if (p.lagMessages >= 0 && view.sampledAtUs > 0 && (h.empty() || view.sampledAtUs > h.back().atUs))
                h.push_back({view.sampledAtUs, p.lagMessages});
            while (int(h.size()) > std::max(kTrendSamples, m_growingSamples + 1))
                h.pop_front();
            r.growing = rising(h);
            r.trendKnown = slope(h, r.trendPerSecond);
            history[key] = std::move(h);
            rows.push_back(std::move(r));
        }
        History t = std::move(m_totals[g.groupId]);
        if (!g.partitions.empty() && view.sampledAtUs > 0 && (t.empty() || view.sampledAtUs > t.back().atUs))
            t.push_back({view.sampledAtUs, g.totalLag()});
        while (int(t.size()) > m_growingSamples + 1)
            t.pop_front();
        totals[g.groupId] = std::move(t);
    }
    m_history = std::move(history); // forgets partitions that went away
    m_totals = std::move(totals);

    replaceRows(m_rows, std::move(rows), [](const Row& a, const Row& b) {
        return a.group == b.group && a.lag.topic == b.lag.topic && a.lag.partition == b.lag.partition;
    });
    emit refreshed();
}

void GroupLagModel::clearHistory()
{
    m_history.clear();
    m_totals.clear();
    for (Row& r : m_rows) {
        r.growing = false;
        r.trendKnown = false;
        r.trendPerSecond = 0;
    }
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

bool GroupLagModel::groupGrowing(const std::string& groupId) const
{
    auto it = m_totals.find(groupId);
    return it != m_totals.end() && rising(it->second);
}

const GroupView* GroupLagModel::group(const QString& id) const
{
    for (const GroupView& g : m_groups)
        if (QString::fromStdString(g.groupId) == id)
            return &g;
    return nullptr;
}

int GroupLagModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GroupLagModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GroupLagModel::tooltip(const Row& r, int column) const
{
    const GroupPartitionLag& p = r.lag;
    QStringList lines;
    if (r.growing) {
        QStringList values;
        auto it = m_history.find(std::make_tuple(r.group.toStdString(), p.topic, p.partition));
        if (it != m_history.end()) {
            const History& h = it->second;
            for (std::size_t i = h.size() - std::size_t(m_growingSamples) - 1; i < h.size(); ++i)
                values << formatCount(h[i].lag);
        }
        lines << tr("Lag grew on each of the last %1: %2 messages")
                     .arg(countNoun(m_growingSamples, tr("pass"), tr("passes")), values.join(QStringLiteral(" → ")));
    }
    if (p.lostMessages > 0)
        lines << tr("The bus dropped %1 messages before this group read them: they are lost to it")
                     .arg(formatCount(p.lostMessages));
    switch (column) {
    case Member:
        if (p.member.empty()) {
            const GroupView* g = group(r.group);
            lines << tr("Members: %1")
                         .arg(g && !g->membersNote.empty() ? QString::fromStdString(g->membersNote)
                                                           : tr("none assigned this partition"));
        }
        break;
    case Committed:
        if (p.committed < 0)
            lines << tr("The group has committed no offset here; it starts at the oldest retained message");
        break;
    case LagTime:
        if (p.lagTimeReadAtUs > 0 && p.lagTimeOffset == std::max(p.committed, p.low))
            lines << tr("Age of the oldest unconsumed message (offset %1), now").arg(formatCount(p.lagTimeOffset));
        else if (p.lagTimeReadAtUs > 0)
            lines << tr("Age of the oldest unconsumed message (then offset %1) when read at %2; the group has "
                        "moved on since, and the next read follows within seconds")
                         .arg(formatCount(p.lagTimeOffset),
                              QDateTime::fromMSecsSinceEpoch(p.lagTimeReadAtUs / kUsPerMs).toString("HH:mm:ss"));
        else if (p.lagMessages > 0)
            lines << tr("The oldest unconsumed message has not been read yet");
        break;
    case Trend:
        lines << tr("Least-squares slope of the lag over the last %1 passes").arg(kTrendSamples);
        break;
    default:
        break;
    }
    return lines.join(u'\n');
}

QVariant GroupLagModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    const GroupPartitionLag& p = r.lag;
    const int column = index.column();
    switch (role) {
    case Qt::TextAlignmentRole:
        return column == Group || column == Topic || column == Member || column == Trend
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (p.lostMessages > 0)
            return QBrush(kLostBackground);
        return r.growing ? QVariant(QBrush(kGrowingBackground)) : QVariant();
    case Qt::ForegroundRole:
        return r.growing || p.lostMessages > 0 ? QVariant(QBrush(kDarkText)) : QVariant();
    case Qt::ToolTipRole: {
        const QString text = tooltip(r, column);
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case clusterrole::Growing:
        return r.growing;
    case Qt::DisplayRole:
    case clusterrole::Sort:
    case clusterrole::Export:
        break;
    default:
        return {};
    }
    const bool raw = role != Qt::DisplayRole;
    switch (column) {
    case Group:
        return r.group;
    case Topic:
        return QString::fromStdString(p.topic);
    case Partition:
        return int(p.partition);
    case Member:
        return p.member.empty() ? (raw ? QString() : QStringLiteral("—")) : QString::fromStdString(p.member);
    case Committed:
        return raw ? QVariant(qint64(p.committed)) : QVariant(p.committed < 0 ? tr("none") : formatCount(p.committed));
    case High:
        return raw ? QVariant(qint64(p.high)) : QVariant(formatCount(p.high));
    case Lag:
        return raw ? QVariant(qint64(p.lagMessages)) : QVariant(formatCount(p.lagMessages));
    case LagTime:
        if (role == clusterrole::Export)
            return p.lagTimeUs < 0 ? QString() : QString::number(double(p.lagTimeUs) / double(kUsPerSecond), 'f', 3);
        return raw ? QVariant(qint64(p.lagTimeUs)) : QVariant(formatLagTime(p.lagTimeUs));
    case Trend:
        if (raw)
            return r.trendPerSecond;
        if (!r.trendKnown)
            return QString();
        if (r.trendPerSecond == 0)
            return QStringLiteral("→");
        return QStringLiteral("%1%2/s").arg(r.trendPerSecond > 0 ? QStringLiteral("↑ +") : QStringLiteral("↓ −"),
                                            formatRate(std::abs(r.trendPerSecond)));
    default:
        return {};
    }
}

QVariant GroupLagModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Committed:
            return tr("The group's committed offset: the next message it will read");
        case Lag:
            return tr("Messages behind: high watermark − committed offset");
        case LagTime:
            return tr("Age of the oldest unconsumed message (0 without lag)");
        case Trend:
            return tr("How fast the lag changes (least-squares slope over the last %1 passes)").arg(kTrendSamples);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Group:
        return tr("Group");
    case Topic:
        return tr("Topic");
    case Partition:
        return tr("Partition");
    case Member:
        return tr("Member");
    case Committed:
        return tr("Committed");
    case High:
        return tr("High watermark");
    case Lag:
        return tr("Lag (msgs)");
    case LagTime:
        return tr("Lag (time)");
    case Trend:
        return tr("Trend");
    default:
        return {};
    }
}

} // namespace nexus
