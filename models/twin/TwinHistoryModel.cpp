#include "models/twin/TwinHistoryModel.h"

#include "models/ops/ClusterFormat.h"
#include "models/twin/TwinFormat.h"

#include <QFont>

#include <cmath>
#include <limits>

namespace nexus {

namespace {

/// The day in progress as the latest twin sees it: what a closed day would hold, so far.
TwinDay dayInProgress(const TwinSummary& t)
{
    TwinDay d;
    d.day = t.day;
    d.load = t.loadToday;
    d.ctl = t.ctl;
    d.atl = t.atl;
    d.tsb = t.tsb;
    d.acwrEwma = t.acwrEwma;
    d.readiness = t.readiness;
    d.recovery = t.recovery;
    d.energy = t.energy;
    return d;
}

int decimalsOf(int column)
{
    switch (column) {
    case TwinHistoryModel::Acwr:
        return twinformat::kRatioDecimals;
    case TwinHistoryModel::Rmssd:
    case TwinHistoryModel::RestingHr:
        return twinformat::kHrDecimals;
    case TwinHistoryModel::Readiness:
    case TwinHistoryModel::Recovery:
    case TwinHistoryModel::Energy:
        return twinformat::kScoreDecimals;
    default:
        return twinformat::kLoadDecimals;
    }
}

} // namespace

void TwinHistoryModel::setDays(const std::vector<TwinDay>& closedDays, const TwinSummary* latest)
{
    std::vector<Row> rows;
    rows.reserve(closedDays.size() + 1);
    for (const TwinDay& d : closedDays)
        rows.push_back({d, false});
    if (latest && (rows.empty() || latest->day > rows.back().day.day))
        rows.push_back({dayInProgress(*latest), true});
    replaceRows(m_rows, std::move(rows),
                [](const Row& a, const Row& b) { return a.day.day == b.day.day && a.inProgress == b.inProgress; });
}

int TwinHistoryModel::closedDays() const
{
    return int(m_rows.size()) - (!m_rows.empty() && m_rows.back().inProgress ? 1 : 0);
}

double TwinHistoryModel::value(const Row& row, int column)
{
    const TwinDay& d = row.day;
    switch (column) {
    case Load:
        return d.load;
    case Ctl:
        return d.ctl;
    case Atl:
        return d.atl;
    case Tsb:
        return d.tsb;
    case Acwr:
        return d.acwrEwma;
    case Rmssd:
        return d.rmssd;
    case RestingHr:
        return d.rhr;
    case Readiness:
        return d.readiness.value;
    case Recovery:
        return d.recovery.value;
    case Energy:
        return d.energy.value;
    default:
        return kNoValue;
    }
}

int TwinHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TwinHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TwinHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::TextAlignmentRole:
        return column == Day ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (r.inProgress) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    case Qt::ToolTipRole:
        return r.inProgress ? tr("The day in progress: the latest twin's values so far") : QVariant();
    case Qt::DisplayRole:
    case clusterrole::Sort:
    case clusterrole::Export:
        break;
    default:
        return {};
    }
    if (column == Day) {
        const QString date = QString::fromStdString(calendar::isoDate(r.day.day));
        if (role == clusterrole::Sort)
            return r.day.day;
        return role == Qt::DisplayRole && r.inProgress ? tr("%1 (so far)").arg(date) : date;
    }
    const double v = value(r, column);
    switch (role) {
    case clusterrole::Sort: // a missing value sorts before every number
        return std::isnan(v) ? -std::numeric_limits<double>::infinity() : v;
    case clusterrole::Export: // one decimal more than shown: the precision the twin-update codec writes
        return std::isnan(v) ? QString() : QString::number(v, 'f', decimalsOf(column) + 1);
    default:
        return twinformat::number(v, decimalsOf(column));
    }
}

QVariant TwinHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Day:
            return tr("The day (UTC)");
        case Load:
            return tr("The day's training load (TRIMP from heart rate, plus workouts' TRIMP or session RPE)");
        case Ctl:
            return tr("Fitness, chronic training load: the 42-day exponentially weighted mean of daily load");
        case Atl:
            return tr("Fatigue, acute training load: the 7-day exponentially weighted mean of daily load");
        case Tsb:
            return tr("Form, training stress balance: the previous day's CTL − ATL");
        case Acwr:
            return tr("Acute:chronic workload ratio (EWMA, 7 and 28 days); none in the first 28 days");
        case Rmssd:
            return tr("The night's heart-rate variability, rMSSD in milliseconds");
        case RestingHr:
            return tr("Resting heart rate in beats per minute");
        case Readiness:
        case Recovery:
        case Energy:
            return tr("Score 0–100");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Day:
        return tr("Day");
    case Load:
        return tr("Load");
    case Ctl:
        return tr("CTL");
    case Atl:
        return tr("ATL");
    case Tsb:
        return tr("TSB");
    case Acwr:
        return tr("ACWR");
    case Rmssd:
        return tr("rMSSD ms");
    case RestingHr:
        return tr("RHR bpm");
    case Readiness:
        return tr("Readiness");
    case Recovery:
        return tr("Recovery");
    case Energy:
        return tr("Energy");
    default:
        return {};
    }
}

} // namespace nexus
