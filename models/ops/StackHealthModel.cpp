#include "models/ops/StackHealthModel.h"

#include "models/metrics/StackComponents.h"
#include "models/ops/ClusterFormat.h"

#include <QColor>
#include <QDateTime>
#include <QFont>

#include <algorithm>

namespace nexus {

namespace {
QString text(const std::string& s) { return QString::fromStdString(s); }

QString clock(TimestampUs us) { return QDateTime::fromMSecsSinceEpoch(us / kUsPerMs).toString("HH:mm:ss"); }

QColor stateColor(ComponentState state)
{
    switch (state) {
    case ComponentState::Running:
        return QColor(0x1a, 0x7f, 0x37);
    case ComponentState::Starting:
        return QColor(0x9a, 0x67, 0x00);
    case ComponentState::Degraded:
        return QColor(0xbc, 0x4c, 0x00);
    case ComponentState::Failed:
        return QColor(0xb0, 0x20, 0x20);
    case ComponentState::Stopped:
        break;
    }
    return QColor(0x6e, 0x77, 0x81);
}

/// Worst first when sorting by state.
int severity(ComponentState state)
{
    switch (state) {
    case ComponentState::Failed:
        return 0;
    case ComponentState::Degraded:
        return 1;
    case ComponentState::Starting:
        return 2;
    case ComponentState::Running:
        return 3;
    case ComponentState::Stopped:
        break;
    }
    return 4;
}

bool isUp(ComponentState state)
{
    return state == ComponentState::Starting || state == ComponentState::Running || state == ComponentState::Degraded;
}
} // namespace

StackHealthModel::StackHealthModel(QObject* parent) : QAbstractTableModel(parent) {}

QString StackHealthModel::stateText(ComponentState state)
{
    return tr(stackhealth::stateName(state));
}

void StackHealthModel::setComponents(const std::vector<ComponentStatus>& components, TimestampUs nowUs)
{
    bool sameRows = components.size() == m_rows.size();
    for (std::size_t i = 0; sameRows && i < components.size(); ++i)
        sameRows = m_rows[i].status.name == components[i].name;
    std::vector<QStringList> before;
    if (sameRows)
        for (int i = 0; i < rowCount(); ++i)
            before.push_back(rowTexts(i));

    std::vector<Row> next;
    next.reserve(components.size());
    for (const ComponentStatus& c : components) {
        auto old = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row& r) { return r.status.name == c.name; });
        Row r = old != m_rows.end() ? *old : Row{};
        if (old == m_rows.end() || old->status.state != c.state)
            r.stateSinceUs = nowUs;
        if (!c.lastError.empty() && (c.lastError != r.lastError || r.clearedAtUs != 0)) {
            r.lastError = c.lastError;
            r.lastErrorAtUs = nowUs;
            r.clearedAtUs = 0;
        } else if (c.lastError.empty() && !r.lastError.empty() && r.clearedAtUs == 0) {
            r.clearedAtUs = nowUs;
        }
        r.status = c;
        next.push_back(std::move(r));
    }

    m_nowUs = nowUs;
    if (!sameRows) {
        beginResetModel();
        m_rows = std::move(next);
        endResetModel();
    } else {
        m_rows = std::move(next);
        for (int i = 0; i < rowCount(); ++i)
            if (rowTexts(i) != before[std::size_t(i)])
                emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
    emit updated();
}

void StackHealthModel::markStopped(TimestampUs nowUs)
{
    std::vector<ComponentStatus> stopped;
    for (const Row& r : m_rows) {
        ComponentStatus c = r.status;
        if (c.state != ComponentState::Failed)
            c.state = ComponentState::Stopped;
        stopped.push_back(std::move(c));
    }
    setComponents(stopped, nowUs);
}

int StackHealthModel::rowOf(const QString& name) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (text(m_rows[i].status.name) == name)
            return int(i);
    return -1;
}

QString StackHealthModel::uptimeText(int row) const
{
    const ComponentStatus& c = m_rows[std::size_t(row)].status;
    if (!isUp(c.state) || c.sinceUs <= 0)
        return QStringLiteral("—");
    // Whole seconds: the text (and the row) changes once a second, not every tick.
    const DurationUs upUs = std::max<DurationUs>(0, m_nowUs - c.sinceUs) / kUsPerSecond * kUsPerSecond;
    return upUs < 60 * kUsPerSecond ? tr("%1 s").arg(upUs / kUsPerSecond) : formatLagTime(upUs);
}

QString StackHealthModel::modeText() const
{
    const int kafka = rowOf(QString::fromLatin1(stackhealth::kKafka));
    if (kafka < 0)
        return tr("Stack not started");
    const int store = rowOf(QString::fromLatin1(stackhealth::kStore));
    const bool storeOff = store < 0 || m_rows[std::size_t(store)].status.address.empty();
    const QString storeMode = storeOff                                   ? tr("off")
                              : m_rows[std::size_t(store)].status.embedded ? tr("embedded")
                                                                           : tr("connected");
    return tr("Kafka: %1 · PostgreSQL: %2")
        .arg(m_rows[std::size_t(kafka)].status.embedded ? tr("embedded") : tr("connected"), storeMode);
}

QString StackHealthModel::lastErrorText(const Row& r) const
{
    if (r.lastError.empty())
        return {};
    return r.clearedAtUs ? tr("%1 (cleared)").arg(text(r.lastError)) : text(r.lastError);
}

QStringList StackHealthModel::rowTexts(int row) const
{
    QStringList cells;
    for (int column = 0; column < ColumnCount; ++column)
        cells << data(index(row, column)).toString();
    return cells;
}

int StackHealthModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int StackHealthModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant StackHealthModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    const ComponentStatus& c = r.status;
    const int column = index.column();
    if (role == Qt::DisplayRole || role == clusterrole::Export || role == clusterrole::Sort) {
        switch (column) {
        case Component:
            return text(c.name);
        case State:
            if (role == clusterrole::Sort)
                return severity(c.state);
            return role == clusterrole::Export ? QString::fromLatin1(stackhealth::stateName(c.state)) : stateText(c.state);
        case Uptime:
            if (role != Qt::DisplayRole)
                return isUp(c.state) && c.sinceUs > 0 ? double(m_nowUs - c.sinceUs) / double(kUsPerSecond) : -1.0;
            return uptimeText(index.row());
        case Address:
            return text(c.address);
        case Detail:
            return text(c.detail);
        case LastError:
            return lastErrorText(r);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == State)
            return tr("%1 since %2").arg(stateText(c.state), clock(r.stateSinceUs));
        if (column == LastError && !r.lastError.empty())
            return r.clearedAtUs ? tr("from %1 to %2: %3").arg(clock(r.lastErrorAtUs), clock(r.clearedAtUs), text(r.lastError))
                                 : tr("since %1: %2").arg(clock(r.lastErrorAtUs), text(r.lastError));
        if (column == Detail || column == Address)
            return data(index, Qt::DisplayRole);
        return {};
    }
    if (column == State && (role == Qt::ForegroundRole || role == Qt::DecorationRole))
        return stateColor(c.state);
    if (column == LastError && role == Qt::ForegroundRole && !r.lastError.empty())
        return r.clearedAtUs ? QColor(0x6e, 0x77, 0x81) : QColor(0xb0, 0x20, 0x20);
    if (column == State && role == Qt::FontRole) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant StackHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Component:
        return tr("Component");
    case State:
        return tr("State");
    case Uptime:
        return tr("Uptime");
    case Address:
        return tr("Address");
    case Detail:
        return tr("Detail");
    case LastError:
        return tr("Last error");
    default:
        return {};
    }
}

} // namespace nexus
