#include "widgets/twin/TwinLoadChart.h"

#include "models/twin/TwinHistoryModel.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace nexus {

namespace {

constexpr int kTicks = 8;

/// A day's place on the time axis: local midnight of that date, so the axis (which labels in
/// local time) puts the day's own date under its point whatever the time zone.
QDateTime dayX(DayNumber day)
{
    int y = 0, m = 0, d = 0;
    calendar::civilFromDays(day, y, m, d);
    return QDateTime(QDate(y, m, d), QTime(0, 0));
}

/// Shows [first, last] with a day to spare on each side, ticks on whole days: the range is a
/// whole number of days per tick interval, at least a week so a single day is not stretched wide.
void showDays(QDateTimeAxis* axis, DayNumber first, DayNumber last)
{
    const int intervals = kTicks - 1;
    const int perTick = std::max(1, (last - first + 2 + intervals - 1) / intervals);
    axis->setRange(dayX(last + 1 - perTick * intervals), dayX(last + 1));
    axis->setTickCount(kTicks);
}

} // namespace

TwinLoadChart::TwinLoadChart(QWidget* parent)
    : QChartView(parent), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis), m_ctl(new QLineSeries),
      m_atl(new QLineSeries), m_tsb(new QLineSeries)
{
    auto* chart = new QChart;
    chart->setTitle(tr("Fitness, fatigue and form by day"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_axisX->setFormat("MMM d");
    m_axisX->setTitleText(tr("day"));
    m_axisY->setTitleText(tr("TRIMP/day"));
    m_axisY->setLabelFormat("%.0f");
    m_axisY->setRange(-10, 10);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    // In Qt 6.4 a QDateTimeAxis first ranged after setChart() never lays out its labels (see TrendChart).
    const DayNumber today = dayOf(wallClockUs());
    showDays(m_axisX, today, today);
    m_ctl->setName(tr("Fitness (CTL)"));
    m_atl->setName(tr("Fatigue (ATL)"));
    m_tsb->setName(tr("Form (TSB)"));
    for (QLineSeries* line : {m_ctl, m_atl, m_tsb}) {
        chart->addSeries(line);
        line->attachAxis(m_axisX);
        line->attachAxis(m_axisY);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

void TwinLoadChart::showHistory(const TwinHistoryModel& history)
{
    QList<QPointF> ctl, atl, tsb;
    double low = 0, high = 0;
    for (const TwinHistoryModel::Row& r : history.rows()) {
        const qreal x = qreal(dayX(r.day.day).toMSecsSinceEpoch());
        const std::pair<QList<QPointF>*, int> lines[] = {
            {&ctl, TwinHistoryModel::Ctl}, {&atl, TwinHistoryModel::Atl}, {&tsb, TwinHistoryModel::Tsb}};
        for (const auto& [points, column] : lines) {
            const double v = TwinHistoryModel::value(r, column);
            if (std::isnan(v))
                continue;
            points->append({x, v});
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    m_ctl->replace(ctl);
    m_atl->replace(atl);
    m_tsb->replace(tsb);
    const bool dots = ctl.size() < 40; // a few days: show where the days are
    for (QLineSeries* line : {m_ctl, m_atl, m_tsb})
        line->setPointsVisible(dots);

    if (!history.rows().empty())
        showDays(m_axisX, history.rows().front().day.day, history.rows().back().day.day);
    m_axisY->setRange(std::floor(low) - 1, std::ceil(high) + 1);
    m_axisY->applyNiceNumbers();
}

int TwinLoadChart::pointCount(int column) const
{
    switch (column) {
    case TwinHistoryModel::Ctl:
        return int(m_ctl->count());
    case TwinHistoryModel::Atl:
        return int(m_atl->count());
    case TwinHistoryModel::Tsb:
        return int(m_tsb->count());
    default:
        return 0;
    }
}

double TwinLoadChart::axisMin() const
{
    return m_axisY->min();
}

double TwinLoadChart::axisMax() const
{
    return m_axisY->max();
}

} // namespace nexus
