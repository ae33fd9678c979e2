#include "widgets/ops/ThroughputChart.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace nexus {

ThroughputChart::ThroughputChart(QWidget* parent)
    : QChartView(parent), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(tr("Messages per second, by topic"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_axisX->setFormat("HH:mm:ss");
    m_axisX->setTitleText(tr("time (local)"));
    m_axisY->setTitleText(tr("msgs/s"));
    m_axisY->setLabelFormat("%.0f");
    m_axisY->setRange(0, 10);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(now - 60'000), QDateTime::fromMSecsSinceEpoch(now));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

QLineSeries* ThroughputChart::lineFor(const QString& topic)
{
    if (QLineSeries* line = m_lines.value(topic))
        return line;
    auto* line = new QLineSeries;
    line->setName(topic);
    chart()->addSeries(line);
    line->attachAxis(m_axisX);
    line->attachAxis(m_axisY);
    m_lines.insert(topic, line);
    return line;
}

void ThroughputChart::refresh(const ThroughputSeries& series)
{
    double firstMs = 0, lastMs = 0;
    for (const ThroughputSeries::Line& l : series.lines()) {
        const bool carriedTraffic = std::any_of(l.points.begin(), l.points.end(), [](const QPointF& p) { return p.y() > 0; });
        if (!carriedTraffic && !m_lines.contains(l.topic))
            continue;
        lineFor(l.topic)->replace(l.points);
        if (!l.points.isEmpty()) {
            firstMs = firstMs == 0 ? l.points.front().x() : std::min(firstMs, l.points.front().x());
            lastMs = std::max(lastMs, l.points.back().x());
        }
    }
    if (lastMs > 0) {
        // Show the whole window once it has filled; until then the first minute.
        const double windowMs = double(series.window() / kUsPerMs);
        const double startMs = std::max(lastMs - windowMs, std::min(firstMs, lastMs - 60'000.0));
        m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(qint64(startMs)), QDateTime::fromMSecsSinceEpoch(qint64(lastMs)));
    }
    const double peak = series.peak();
    // Round the axis up to a readable value so it does not jitter every tick.
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(peak, 1.0))));
    const double top = std::max(10.0, std::ceil(peak * 1.15 / magnitude) * magnitude);
    if (top != m_axisY->max())
        m_axisY->setRange(0, top);
}

int ThroughputChart::pointCount() const
{
    int n = 0;
    for (const QLineSeries* line : m_lines)
        n += int(line->count());
    return n;
}

} // namespace nexus
