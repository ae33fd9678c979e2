#include "widgets/ops/LagTrendChart.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace nexus {

LagTrendChart::LagTrendChart(QWidget* parent) : QChartView(parent), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(tr("Total lag per consumer group (messages)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_axisX->setFormat("HH:mm:ss");
    m_axisX->setTitleText(tr("time (local)"));
    m_axisY->setTitleText(tr("messages behind"));
    m_axisY->setLabelFormat("%.0f");
    m_axisY->setRange(0, 10);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    // Give the time axis a range before the view takes the chart: in Qt 6.4 a QDateTimeAxis
    // first ranged after setChart() never lays out its labels, title or grid (seen offscreen).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(now - 3600 * 1000), QDateTime::fromMSecsSinceEpoch(now));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

QLineSeries* LagTrendChart::lineFor(const QString& group)
{
    if (QLineSeries* line = m_lines.value(group))
        return line;
    auto* line = new QLineSeries;
    line->setName(group);
    chart()->addSeries(line);
    line->attachAxis(m_axisX);
    line->attachAxis(m_axisY);
    m_lines.insert(group, line);
    return line;
}

void LagTrendChart::refresh(const LagTrendSeries& series)
{
    // One point pair per pixel column is all the plot can show.
    const int columns = std::max(100, int(chart()->plotArea().width()));
    if (series.revision() == m_drawnRevision && columns == m_drawnColumns)
        return;
    m_drawnRevision = series.revision();
    m_drawnColumns = columns;

    for (const QString& group : series.groups())
        lineFor(group)->replace(series.decimated(group, columns));

    const qint64 endMs = series.latestUs() > 0 ? series.latestUs() / kUsPerMs : QDateTime::currentMSecsSinceEpoch();
    const qint64 windowMs = series.window() / kUsPerMs;
    m_axisX->setFormat(windowMs > 6 * 3600 * 1000 ? "HH:mm" : "HH:mm:ss");
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(endMs - windowMs), QDateTime::fromMSecsSinceEpoch(endMs));

    // Four round steps (1, 2, 2.5 or 5 × 10^k) above the peak: readable ticks, and an axis that
    // does not jitter every second.
    const double wanted = std::max(10.0, double(series.peakInWindow()) * 1.1) / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(wanted)));
    double step = 10 * magnitude;
    for (const double m : {1.0, 2.0, 2.5, 5.0}) {
        if (m * magnitude >= wanted) {
            step = m * magnitude;
            break;
        }
    }
    if (4 * step != m_axisY->max()) {
        m_axisY->setRange(0, 4 * step);
        m_axisY->setTickCount(5);
    }
}

int LagTrendChart::pointCount() const
{
    int n = 0;
    for (const QLineSeries* line : m_lines)
        n += int(line->count());
    return n;
}

QDateTime LagTrendChart::rangeStart() const
{
    return m_axisX->min();
}

QDateTime LagTrendChart::rangeEnd() const
{
    return m_axisX->max();
}

} // namespace nexus
