#pragma once

#include "models/core/Time.h"

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace nexus {

/// Named lines of values over time for the trend charts (lag per group, latency percentiles,
/// rates per topic): a bounded ring per line holding up to 24 h at one sample a second, shown
/// over a chosen window (5 min … 24 h) and decimated to the chart's pixel width (min and max per
/// column: QtCharts costs ~1.3 µs per point per update, DESIGN.md). Points are (milliseconds
/// since the epoch, value). Rings grow as samples arrive, up to their capacity. GUI thread.
class TrendSeries
{
public:
    static constexpr DurationUs kSpan = 24 * 3600 * kUsPerSecond;
    static constexpr int kCapacity = 24 * 3600; ///< samples per line: 24 h at 1/s

    explicit TrendSeries(DurationUs window = 3600 * kUsPerSecond, int capacity = kCapacity);

    /// Appends one sample to `line`'s ring (created on first use). Samples older than kSpan, or
    /// beyond the capacity, are dropped oldest first. Times must not go backwards per line (a
    /// sample older than the line's newest is ignored).
    void append(const QString& line, TimestampUs atUs, double value);
    /// The time span shown (clamped to 1 s … kSpan).
    void setWindow(DurationUs window);
    DurationUs window() const { return m_windowUs; }
    /// Forgets every sample (the lines stay, empty).
    void clear();

    /// The lines, in the order they were first appended to.
    QStringList names() const;
    /// Samples held for `line` (0 for an unknown line).
    int size(const QString& line) const;
    /// `line`'s newest value; `fallback` when it has none.
    double latest(const QString& line, double fallback = 0.0) const;
    /// The newest sample time over all lines; 0 when empty.
    TimestampUs latestUs() const { return m_latestUs; }
    /// `line`'s samples in [latestUs() − window(), latestUs()], at most 2 × `columns` points:
    /// when there are more, each of `columns` equal time slices contributes its minimum and
    /// maximum, in time order, so spikes survive.
    QVector<QPointF> decimated(const QString& line, int columns) const;
    /// The largest value in the window over all lines (for the y axis); 0 when empty.
    double peakInWindow() const;
    /// Bumped by every change (append, clear, window), so a chart redraws only when needed.
    std::uint64_t revision() const { return m_revision; }

private:
    struct Sample
    {
        TimestampUs atUs;
        double value;
    };
    /// A ring that grows up to `capacity`, oldest first through at().
    struct Ring
    {
        QString name;
        std::vector<Sample> buffer;
        std::size_t head = 0; // index of the oldest sample once the buffer is full
        std::size_t count = 0;
        const Sample& at(std::size_t i) const { return buffer[(head + i) % buffer.size()]; }
        void push(const Sample& s, std::size_t capacity);
        void popFront();
        /// The index of the first sample at or after `atUs`.
        std::size_t lowerBound(TimestampUs atUs) const;
    };
    Ring* ring(const QString& line);
    const Ring* ring(const QString& line) const;

    DurationUs m_windowUs;
    int m_capacity;
    std::vector<Ring> m_rings;
    TimestampUs m_latestUs = 0;
    std::uint64_t m_revision = 0;
};

} // namespace nexus
