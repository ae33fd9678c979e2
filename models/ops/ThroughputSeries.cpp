#include "models/ops/ThroughputSeries.h"

#include <algorithm>

namespace nexus {

void ThroughputSeries::append(const QString& topic, TimestampUs atUs, double ratePerSecond)
{
    auto it = std::find_if(m_lines.begin(), m_lines.end(), [&](const Line& l) { return l.topic == topic; });
    if (it == m_lines.end()) {
        m_lines.push_back(Line{topic, {}});
        it = m_lines.end() - 1;
    }
    it->points.append(QPointF(double(atUs / kUsPerMs), ratePerSecond));

    const double oldestMs = double((atUs - m_windowUs) / kUsPerMs);
    auto firstKept =
        std::find_if(it->points.begin(), it->points.end(), [&](const QPointF& p) { return p.x() >= oldestMs; });
    it->points.erase(it->points.begin(), firstKept);
}

void ThroughputSeries::setWindow(DurationUs window) { m_windowUs = std::max<DurationUs>(window, kUsPerSecond); }

void ThroughputSeries::clear() { m_lines.clear(); }

double ThroughputSeries::peak() const
{
    double peak = 0.0;
    for (const Line& line : m_lines)
        for (const QPointF& p : line.points)
            peak = std::max(peak, p.y());
    return peak;
}

} // namespace nexus
