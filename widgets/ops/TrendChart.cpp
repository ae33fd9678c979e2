#include "widgets/ops/TrendChart.h"

#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace nexus {

namespace {
/// Decimals that print `step` exactly (0 for whole numbers, 1 for 0.5, 2 for 0.25).
int decimalsOf(double step)
{
    for (int d = 0; d < 4; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-9)
            return d;
    }
    return 4;
}
} // namespace

TrendChart::TrendChart(const QString& title, const QString& valueTitle, QWidget* parent)
    : QChartView(parent), m_axisX(new QDateTimeAxis), m_axisY(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_axisX->setFormat("HH:mm:ss");
    m_axisX->setTitleText(tr("time (local)"));
    m_axisY->setTitleText(valueTitle);
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

QLineSeries* TrendChart::lineFor(const QString& name)
{
    if (QLineSeries* line = m_lines.value(name))
        return line;
    auto* line = new QLineSeries;
    line->setName(name);
    if (m_colors.contains(name))
        line->setColor(m_colors.value(name));
    chart()->addSeries(line);
    line->attachAxis(m_axisX);
    line->attachAxis(m_axisY);
    m_lines.insert(name, line);
    return line;
}

void TrendChart::refresh(const TrendSeries& series)
{
    // One point pair per pixel column is all the plot can show.
    const int columns = std::max(100, int(chart()->plotArea().width()));
    if (&series == m_drawnSeries && series.revision() == m_drawnRevision && columns == m_drawnColumns)
        return;
    m_drawnSeries = &series;
    m_drawnRevision = series.revision();
    m_drawnColumns = columns;

    for (const QString& name : series.names())
        lineFor(name)->replace(series.decimated(name, columns));

    const qint64 endMs = series.latestUs() > 0 ? series.latestUs() / kUsPerMs : QDateTime::currentMSecsSinceEpoch();
    setTimeRange(endMs - series.window() / kUsPerMs, endMs);
    fitValueAxis(series.peakInWindow());
}

void TrendChart::setTimeRange(qint64 startMs, qint64 endMs)
{
    m_axisX->setFormat(endMs - startMs > 6 * 3600 * 1000 ? "HH:mm" : "HH:mm:ss");
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(startMs), QDateTime::fromMSecsSinceEpoch(endMs));
}

void TrendChart::fitValueAxis(double peak)
{
    const double wanted = std::max(m_minimumTop, peak * 1.1) / 4;
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
        m_axisY->setLabelFormat(QStringLiteral("%.%1f").arg(decimalsOf(step)));
    }
}

int TrendChart::pointCount() const
{
    int n = 0;
    for (const QLineSeries* line : m_lines)
        n += int(line->count());
    return n;
}

int TrendChart::pointCount(const QString& line) const
{
    const QLineSeries* l = m_lines.value(line);
    return l ? int(l->count()) : 0;
}

QDateTime TrendChart::rangeStart() const { return m_axisX->min(); }

QDateTime TrendChart::rangeEnd() const { return m_axisX->max(); }

double TrendChart::axisTop() const { return m_axisY->max(); }

} // namespace nexus
