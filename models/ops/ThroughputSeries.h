#pragma once

#include "models/core/Time.h"

#include <QPointF>
#include <QString>
#include <QVector>

#include <vector>

namespace nexus {

/// Messages per second of each topic over a bounded time window, for the throughput chart.
/// Points are (milliseconds since the epoch, messages/s). Owned by the GUI thread.
class ThroughputSeries
{
public:
    struct Line
    {
        QString topic;
        QVector<QPointF> points;
    };

    explicit ThroughputSeries(DurationUs window = 5 * 60 * kUsPerSecond) : m_windowUs(window) {}

    /// Appends one rate to a topic's line (created on first use) and drops that line's points older
    /// than the window, measured from `atUs`. Every topic is appended at each broker sample, so all
    /// lines stay trimmed.
    void append(const QString& topic, TimestampUs atUs, double ratePerSecond);
    void setWindow(DurationUs window);
    DurationUs window() const { return m_windowUs; }
    void clear();

    const std::vector<Line>& lines() const { return m_lines; }
    /// The largest rate currently in the window (for the y axis).
    double peak() const;

private:
    DurationUs m_windowUs;
    std::vector<Line> m_lines;
};

} // namespace nexus
