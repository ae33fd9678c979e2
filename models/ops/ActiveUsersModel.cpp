#include "models/ops/ActiveUsersModel.h"

#include <QDateTime>

namespace nexus {

namespace {
/// "base 70 · recovery −1.5 · form −2": why a score has its value.
QString contributionsText(const Score& s)
{
    QStringList parts;
    for (int i = 0; i < s.count; ++i)
        parts << QStringLiteral("%1 %2").arg(QString::fromLatin1(contributionName(s.contributions[i].input)))
                     .arg(double(s.contributions[i].points), 0, 'f', 1);
    return parts.join(QStringLiteral(" · "));
}
} // namespace

void ActiveUsersModel::setRows(std::vector<TwinSummary> rows)
{
    // Any row may hold another user from tick to tick (a ranking): only the count matters.
    replaceRows(m_rows, std::move(rows), [](const TwinSummary&, const TwinSummary&) { return true; });
}

int ActiveUsersModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ActiveUsersModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ActiveUsersModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const TwinSummary& t = m_rows[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return index.column() == User ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && (index.column() == Readiness || index.column() == Energy))
        return contributionsText(index.column() == Readiness ? t.readiness : t.energy);
    if (role != Qt::DisplayRole && role != Qt::UserRole)
        return {};
    switch (index.column()) {
    case User:
        return QString::fromStdString(t.userId);
    case Steps:
        return qulonglong(t.stepsTotal);
    case LastHr:
        return int(t.lastHrBpm);
    case MeanHr:
        return role == Qt::UserRole ? QVariant(t.meanHrBpm) : QVariant(QString::number(t.meanHrBpm, 'f', 1));
    case Samples:
        return qulonglong(t.sampleCount);
    case LoadToday:
        return role == Qt::UserRole ? QVariant(t.loadToday) : QVariant(QString::number(t.loadToday, 'f', 1));
    case Readiness:
        return role == Qt::UserRole ? QVariant(t.readiness.value) : QVariant(QString::number(t.readiness.value, 'f', 0));
    case Energy:
        return role == Qt::UserRole ? QVariant(t.energy.value) : QVariant(QString::number(t.energy.value, 'f', 0));
    case LastEvent:
        return QDateTime::fromMSecsSinceEpoch(t.lastEventUs / kUsPerMs).toString("HH:mm:ss"); // local, as the chart
    default:
        return {};
    }
}

QVariant ActiveUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case User:
        return tr("User");
    case Steps:
        return tr("Steps");
    case LastHr:
        return tr("HR (bpm)");
    case MeanHr:
        return tr("Mean HR");
    case Samples:
        return tr("Samples");
    case LoadToday:
        return tr("Load today");
    case Readiness:
        return tr("Readiness");
    case Energy:
        return tr("Energy");
    case LastEvent:
        return tr("Last event");
    default:
        return {};
    }
}

} // namespace nexus
