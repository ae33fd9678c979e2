#pragma once

#include "models/core/Time.h"

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace nexus {

/// Total lag of each consumer group over time, for the lag trend chart: a bounded ring per group
/// holding 24 h at one sample a second, shown over a chosen window (5 min … 24 h) and decimated
/// to the chart's pixel width (min and max per column: QtCharts costs ~1.3 µs per point per
/// update, DESIGN.md). Points are (milliseconds since the epoch, messages). GUI thread.
class LagTrendSeries
{
public:
    static constexpr DurationUs kSpan = 24 * 3600 * kUsPerSecond;
    static constexpr int kCapacity = 24 * 3600; ///< samples per group: 24 h at 1/s

    explicit LagTrendSeries(DurationUs window = 3600 * kUsPerSecond, int capacity = kCapacity);

    /// Appends one sample to `group`'s ring (created on first use). Samples older than kSpan, or
    /// beyond the capacity, are dropped oldest first. Times must not go backwards per group.
    void append(const QString& group, TimestampUs atUs, std::int64_t totalLag);
    /// The time span shown (clamped to 1 s … kSpan).
    void setWindow(DurationUs window);
    DurationUs window() const { return m_windowUs; }
    /// Forgets every sample (the groups stay, empty).
    void clear();

    QStringList groups() const;
    /// Samples held for `group` (0 for an unknown group).
    int size(const QString& group) const;
    /// The newest sample time over all groups; 0 when empty.
    TimestampUs latestUs() const { return m_latestUs; }
    /// `group`'s samples in [latestUs() − window(), latestUs()], at most 2 × `columns` points:
    /// when there are more, each of `columns` equal time slices contributes its minimum and
    /// maximum, in time order, so spikes survive.
    QVector<QPointF> decimated(const QString& group, int columns) const;
    /// The largest lag in the window over all groups (for the y axis).
    std::int64_t peakInWindow() const;
    /// Bumped by every change (append, clear, window), so a chart redraws only when needed.
    std::uint64_t revision() const { return m_revision; }

private:
    struct Sample
    {
        TimestampUs atUs;
        std::int64_t lag;
    };
    /// A fixed-capacity ring, oldest first through at().
    struct Ring
    {
        QString group;
        std::vector<Sample> buffer;
        std::size_t head = 0; // index of the oldest sample
        std::size_t count = 0;
        const Sample& at(std::size_t i) const { return buffer[(head + i) % buffer.size()]; }
        void push(const Sample& s);
        void popFront();
        /// The index of the first sample at or after `atUs`.
        std::size_t lowerBound(TimestampUs atUs) const;
    };
    Ring* ring(const QString& group);
    const Ring* ring(const QString& group) const;

    DurationUs m_windowUs;
    int m_capacity;
    std::vector<Ring> m_rings;
    TimestampUs m_latestUs = 0;
    std::uint64_t m_revision = 0;
};

} // namespace nexus
