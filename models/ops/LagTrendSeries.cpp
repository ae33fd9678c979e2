#include "models/ops/LagTrendSeries.h"

#include <QStringList>

#include <algorithm>

namespace nexus {

void LagTrendSeries::Ring::push(const Sample& s)
{
    if (count == buffer.size())
        popFront();
    buffer[(head + count) % buffer.size()] = s;
    ++count;
}

void LagTrendSeries::Ring::popFront()
{
    head = (head + 1) % buffer.size();
    --count;
}

std::size_t LagTrendSeries::Ring::lowerBound(TimestampUs atUs) const
{
    std::size_t first = 0, n = count;
    while (n > 0) {
        const std::size_t half = n / 2;
        if (at(first + half).atUs < atUs) {
            first += half + 1;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return first;
}

LagTrendSeries::LagTrendSeries(DurationUs window, int capacity) : m_capacity(std::max(2, capacity))
{
    setWindow(window);
}

LagTrendSeries::Ring* LagTrendSeries::ring(const QString& group)
{
    auto it = std::find_if(m_rings.begin(), m_rings.end(), [&](const Ring& r) { return r.group == group; });
    return it == m_rings.end() ? nullptr : &*it;
}

const LagTrendSeries::Ring* LagTrendSeries::ring(const QString& group) const
{
    return const_cast<LagTrendSeries*>(this)->ring(group);
}

void LagTrendSeries::append(const QString& group, TimestampUs atUs, std::int64_t totalLag)
{
    Ring* r = ring(group);
    if (!r) {
        m_rings.push_back(Ring{group, std::vector<Sample>(std::size_t(m_capacity)), 0, 0});
        r = &m_rings.back();
    }
    if (r->count > 0 && atUs < r->at(r->count - 1).atUs)
        return; // a clock step back; keep the ring sorted
    r->push({atUs, totalLag});
    while (r->count > 0 && r->at(0).atUs < atUs - kSpan)
        r->popFront();
    m_latestUs = std::max(m_latestUs, atUs);
    ++m_revision;
}

void LagTrendSeries::setWindow(DurationUs window)
{
    m_windowUs = std::clamp<DurationUs>(window, kUsPerSecond, kSpan);
    ++m_revision;
}

void LagTrendSeries::clear()
{
    for (Ring& r : m_rings) {
        r.head = 0;
        r.count = 0;
    }
    m_latestUs = 0;
    ++m_revision;
}

QStringList LagTrendSeries::groups() const
{
    QStringList names;
    for (const Ring& r : m_rings)
        names << r.group;
    return names;
}

int LagTrendSeries::size(const QString& group) const
{
    const Ring* r = ring(group);
    return r ? int(r->count) : 0;
}

QVector<QPointF> LagTrendSeries::decimated(const QString& group, int columns) const
{
    QVector<QPointF> points;
    const Ring* r = ring(group);
    if (!r || r->count == 0 || columns <= 0)
        return points;
    const TimestampUs start = m_latestUs - m_windowUs;
    const std::size_t first = r->lowerBound(start);
    const std::size_t n = r->count - first;
    auto point = [](const Sample& s) { return QPointF(double(s.atUs / kUsPerMs), double(s.lag)); };
    if (n <= std::size_t(columns) * 2) {
        points.reserve(qsizetype(n));
        for (std::size_t i = first; i < r->count; ++i)
            points.append(point(r->at(i)));
        return points;
    }
    points.reserve(columns * 2);
    const double sliceUs = double(m_windowUs) / double(columns);
    std::size_t i = first;
    for (int c = 0; c < columns && i < r->count; ++c) {
        const TimestampUs sliceEnd = c == columns - 1 ? m_latestUs + 1 : start + TimestampUs(sliceUs * (c + 1));
        std::size_t lo = i, hi = i;
        for (; i < r->count && r->at(i).atUs < sliceEnd; ++i) {
            if (r->at(i).lag < r->at(lo).lag)
                lo = i;
            if (r->at(i).lag > r->at(hi).lag)
                hi = i;
        }
        if (i == lo && i == hi)
            continue; // an empty slice (a gap in the samples)
        points.append(point(r->at(std::min(lo, hi))));
        if (lo != hi)
            points.append(point(r->at(std::max(lo, hi))));
    }
    return points;
}

std::int64_t LagTrendSeries::peakInWindow() const
{
    std::int64_t peak = 0;
    for (const Ring& r : m_rings)
        for (std::size_t i = r.lowerBound(m_latestUs - m_windowUs); i < r.count; ++i)
            peak = std::max(peak, r.at(i).lag);
    return peak;
}

} // namespace nexus
