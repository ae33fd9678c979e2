#include "models/twin/TwinFactsModel.h"

#include "models/ops/ClusterFormat.h"
#include "models/twin/TwinFormat.h"

#include <QFont>

namespace nexus {

namespace {

using twinformat::number;

/// "Readiness" with its contributions ("base +70.0 points") under it.
void addScore(std::vector<TwinFactsModel::Row>& rows, const QString& name, const QString& tip, const Score& score)
{
    rows.push_back({name, number(score.value, twinformat::kScoreDecimals), TwinFactsModel::tr("/ 100"), tip});
    for (int i = 0; i < score.count; ++i) {
        const Contribution& c = score.contributions[i];
        const QString input = twinformat::inputName(c.input);
        rows.push_back({input, twinformat::points(c.points), TwinFactsModel::tr("points"),
                        TwinFactsModel::tr("How much %1 moved the %2 score").arg(input, name.toLower()), false, true});
    }
}

TwinFactsModel::Row section(const QString& title)
{
    return {title, {}, {}, {}, true};
}

} // namespace

void TwinFactsModel::setTwin(const TwinSummary* twin)
{
    beginResetModel();
    m_rows.clear();
    if (twin) {
        const TwinSummary& t = *twin;
        m_rows.push_back(section(tr("Scores")));
        addScore(m_rows, tr("Readiness"), tr("How ready for training the user is today"), t.readiness);
        addScore(m_rows, tr("Recovery"), tr("How recovered the user is (HRV, resting HR, sleep)"), t.recovery);
        addScore(m_rows, tr("Energy"), tr("The energy reserve carried through the day"), t.energy);

        m_rows.push_back(section(tr("Training load")));
        m_rows.push_back({tr("Load today"), number(t.loadToday, twinformat::kLoadDecimals), tr("TRIMP"),
                          tr("The training load of the day so far")});
        m_rows.push_back({tr("Fitness (CTL)"), number(t.ctl, twinformat::kLoadDecimals), tr("TRIMP/day"),
                          tr("Chronic training load: the 42-day exponentially weighted mean of daily load")});
        m_rows.push_back({tr("Fatigue (ATL)"), number(t.atl, twinformat::kLoadDecimals), tr("TRIMP/day"),
                          tr("Acute training load: the 7-day exponentially weighted mean of daily load")});
        m_rows.push_back(
            {tr("Form (TSB)"), number(t.tsb, twinformat::kLoadDecimals), tr("TRIMP/day"),
             tr("Training stress balance: yesterday's CTL − ATL; negative while fatigue exceeds fitness")});
        m_rows.push_back({tr("Workload ratio (ACWR)"), number(t.acwrEwma, twinformat::kRatioDecimals), tr("ratio"),
                          tr("Acute:chronic workload ratio (EWMA, 7 and 28 days); none in the first 28 days. "
                             "0.8–1.3 is the usual safe range")});

        m_rows.push_back(section(tr("Heart rate and activity")));
        m_rows.push_back({tr("Last heart rate"), QString::number(t.lastHrBpm), tr("bpm"), tr("The newest sample")});
        m_rows.push_back({tr("Mean heart rate"), number(t.meanHrBpm, twinformat::kHrDecimals), tr("bpm"),
                          tr("The mean over every sample the twin has seen")});
        m_rows.push_back({tr("Samples"), formatCount(std::int64_t(t.sampleCount)), tr("samples"),
                          tr("Heart-rate samples the twin has seen")});
        m_rows.push_back({tr("Steps"), formatCount(std::int64_t(t.stepsTotal)), tr("steps"),
                          tr("Steps counted since the twin started")});

        m_rows.push_back(section(tr("As of")));
        m_rows.push_back({tr("Day"), QString::fromStdString(calendar::isoDate(t.day)), tr("UTC"),
                          tr("The day the scores and loads are for")});
        m_rows.push_back({tr("Last event"), twinformat::utcTime(t.lastEventUs), tr("UTC"),
                          tr("The event time of the newest sample the twin has applied")});
    }
    endResetModel();
}

QString TwinFactsModel::valueOf(const QString& quantity) const
{
    for (const Row& r : m_rows)
        if (r.quantity == quantity)
            return r.value;
    return {};
}

int TwinFactsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TwinFactsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TwinFactsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Quantity:
            return r.indented ? QStringLiteral("    ") + r.quantity : r.quantity;
        case Value:
            return r.value;
        case Unit:
            return r.unit;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return r.tip.isEmpty() ? QVariant() : QVariant(r.tip);
    case Qt::TextAlignmentRole:
        return index.column() == Value ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (r.section || (!r.indented && index.column() == Value)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case SectionRole:
        return r.section;
    default:
        return {};
    }
}

QVariant TwinFactsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Quantity:
        return tr("Quantity");
    case Value:
        return tr("Value");
    case Unit:
        return tr("Unit");
    default:
        return {};
    }
}

} // namespace nexus
