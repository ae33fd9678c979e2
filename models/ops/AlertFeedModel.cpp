#include "models/ops/AlertFeedModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace nexus {

namespace {

QString utc(TimestampUs us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString("yyyy-MM-dd HH:mm:ss");
}

int rank(AlertSeverity s)
{
    return int(s);
}

} // namespace

AlertFeedModel::AlertFeedModel(QObject* parent, std::size_t capacity)
    : QAbstractTableModel(parent), m_capacity(std::max<std::size_t>(1, capacity))
{
}

void AlertFeedModel::apply(const std::vector<AlertEvent>& messages)
{
    if (messages.empty())
        return;
    beginResetModel(); // one reset per tick: cheaper than row moves for a feed re-sorted by time
    for (const AlertEvent& m : messages) {
        const auto it = m_index.find(m.alertId);
        if (it != m_index.end()) {
            Episode& e = m_rows[std::size_t(it->second)];
            if (e.latest.state != AlertState::Closed) // a closed episode stays closed
                e.latest = m;
            continue;
        }
        Episode e;
        e.latest = m;
        e.openedUs = m.startUs;
        m_rows.push_back(std::move(e));
        m_index[m.alertId] = int(m_rows.size()) - 1;
    }
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const Episode& a, const Episode& b) { return a.openedUs > b.openedUs; });
    trim();
    reindex();
    endResetModel();
}

void AlertFeedModel::trim()
{
    // Over capacity: drop the oldest closed episodes first, then the oldest open ones.
    while (m_rows.size() > m_capacity) {
        auto victim = std::find_if(m_rows.rbegin(), m_rows.rend(),
                                   [](const Episode& e) { return e.latest.state == AlertState::Closed; });
        if (victim == m_rows.rend())
            victim = m_rows.rbegin();
        m_rows.erase(std::next(victim).base());
    }
}

void AlertFeedModel::reindex()
{
    m_index.clear();
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        m_index[m_rows[i].latest.alertId] = int(i);
}

bool AlertFeedModel::setAcknowledged(const std::string& alertId, const std::string& who, TimestampUs atUs)
{
    const auto it = m_index.find(alertId);
    if (it == m_index.end())
        return false;
    Episode& e = m_rows[std::size_t(it->second)];
    e.ackedBy = who;
    e.ackedAtUs = atUs;
    emit dataChanged(index(it->second, 0), index(it->second, ColumnCount - 1));
    return true;
}

void AlertFeedModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    endResetModel();
}

const AlertFeedModel::Episode* AlertFeedModel::episode(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[std::size_t(row)] : nullptr;
}

const AlertFeedModel::Episode* AlertFeedModel::find(const std::string& alertId) const
{
    const auto it = m_index.find(alertId);
    return it == m_index.end() ? nullptr : &m_rows[std::size_t(it->second)];
}

int AlertFeedModel::openCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [](const Episode& e) { return e.latest.state != AlertState::Closed; }));
}

int AlertFeedModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertFeedModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertFeedModel::data(const QModelIndex& index, int role) const
{
    const Episode* e = episode(index.row());
    if (!e)
        return {};
    const AlertEvent& a = e->latest;
    const bool open = a.state != AlertState::Closed;
    switch (role) {
    case CategoryRole:
        return QString::fromLatin1(nameOf(a.category));
    case StateRole:
        return open ? QStringLiteral("open") : QStringLiteral("closed");
    case AlertIdRole:
        return QString::fromStdString(a.alertId);
    case SeverityRankRole:
        return rank(a.severity);
    case UserIdRole:
        return QString::fromStdString(a.userId);
    case Qt::ToolTipRole:
        return describeEpisode(*e);
    case Qt::ForegroundRole:
        if (index.column() == Severity && a.severity == AlertSeverity::Critical)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        return open ? QVariant() : QBrush(QColor(0x80, 0x80, 0x80));
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case Opened:
        return utc(e->openedUs);
    case Severity:
        return QString::fromLatin1(nameOf(a.severity));
    case User:
        return QString::fromStdString(a.userId);
    case Detector:
        return QString::fromStdString(a.detector);
    case State:
        return open ? QStringLiteral("open") : QStringLiteral("closed ") + utc(a.endUs).mid(11);
    case Message:
        return QString::fromStdString(a.message);
    case Peak:
        return QStringLiteral("%1 %2").arg(a.value, 0, 'f', a.value == std::floor(a.value) ? 0 : 1).arg(
            QString::fromStdString(a.unit));
    case AckedBy:
        return e->ackedBy.empty() ? QString() : QString::fromStdString(e->ackedBy) + " " + utc(e->ackedAtUs).mid(11);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AlertFeedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kNames[] = {"Opened (UTC)", "Severity", "User", "Detector",
                                         "State",        "Message",  "Peak", "Acknowledged"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

QString describeEpisode(const AlertFeedModel::Episode& e)
{
    const AlertEvent& a = e.latest;
    QString text = QStringLiteral("%1 — %2 (%3, %4)\n%5\nopened %6 UTC")
                       .arg(QString::fromStdString(a.detector), QString::fromStdString(a.userId),
                            QString::fromLatin1(nameOf(a.severity)), QString::fromLatin1(nameOf(a.category)),
                            QString::fromStdString(a.message), utc(e.openedUs));
    if (a.state == AlertState::Closed)
        text += QStringLiteral(", closed %1 UTC").arg(utc(a.endUs));
    if (!e.ackedBy.empty())
        text += QStringLiteral("\nacknowledged by %1 at %2 UTC").arg(QString::fromStdString(e.ackedBy), utc(e.ackedAtUs));
    if (!a.evidence.empty()) {
        text += QStringLiteral("\nevidence (%1):").arg(QString::fromStdString(a.unit));
        for (const AlertEvidence& r : a.evidence)
            text += QStringLiteral("\n  %1  %2").arg(utc(r.tsUs)).arg(r.value, 0, 'f', 1);
    }
    return text;
}

} // namespace nexus
