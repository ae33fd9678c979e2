#include "widgets/ops/ThroughputChart.h"

#include <QLineSeries>

#include <algorithm>

namespace nexus {

ThroughputChart::ThroughputChart(QWidget* parent)
    : TrendChart(tr("Messages per second, by topic"), tr("msgs/s"), parent)
{
    setMinimumHeight(220);
}

void ThroughputChart::refresh(const ThroughputSeries& series)
{
    double firstMs = 0, lastMs = 0;
    for (const ThroughputSeries::Line& l : series.lines()) {
        const bool carriedTraffic = std::any_of(l.points.begin(), l.points.end(), [](const QPointF& p) { return p.y() > 0; });
        if (!carriedTraffic && !hasLine(l.topic))
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
        setTimeRange(qint64(startMs), qint64(lastMs));
    }
    fitValueAxis(series.peak());
}

} // namespace nexus
