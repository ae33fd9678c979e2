#include "models/ops/TrendSeries.h"

#include <algorithm>

namespace nexus {

void TrendSeries::Ring::push(const Sample& s, std::size_t capacity)
{
    if (count < buffer.size()) { // a free slot (samples were dropped from the front)
        buffer[(head + count) % buffer.size()] = s;
        ++count;
    } else if (buffer.size() < capacity) { // grow: oldest first again, then one more
        std::rotate(buffer.begin(), buffer.begin() + std::ptrdiff_t(head), buffer.end());
        head = 0;
        buffer.push_back(s);
        ++count;
    } else { // full: the newest takes the oldest's place
        buffer[head] = s;
        head = (head + 1) % buffer.size();
    }
}

void TrendSeries::Ring::popFront()
{
    head = (head + 1) % buffer.size();
    --count;
}

std::size_t TrendSeries::Ring::lowerBound(TimestampUs atUs) const
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

TrendSeries::TrendSeries(DurationUs window, int capacity) : m_capacity(std::max(2, capacity)) { setWindow(window); }

TrendSeries::Ring* TrendSeries::ring(const QString& line)
{
    auto it = std::find_if(m_rings.begin(), m_rings.end(), [&](const Ring& r) { return r.name == line; });
    return it == m_rings.end() ? nullptr : &*it;
}

const TrendSeries::Ring* TrendSeries::ring(const QString& line) const
{
    return const_cast<TrendSeries*>(this)->ring(line);
}

void TrendSeries::append(const QString& line, TimestampUs atUs, double value)
{
    Ring* r = ring(line);
    if (!r) {
        m_rings.push_back(Ring{line, {}, 0, 0});
        r = &m_rings.back();
    }
    if (r->count > 0 && atUs < r->at(r->count - 1).atUs)
        return; // a clock step back; keep the ring sorted
    r->push({atUs, value}, std::size_t(m_capacity));
    while (r->count > 0 && r->at(0).atUs < atUs - kSpan)
        r->popFront();
    m_latestUs = std::max(m_latestUs, atUs);
    ++m_revision;
}

void TrendSeries::setWindow(DurationUs window)
{
    m_windowUs = std::clamp<DurationUs>(window, kUsPerSecond, kSpan);
    ++m_revision;
}

void TrendSeries::clear()
{
    for (Ring& r : m_rings) {
        r.buffer.clear();
        r.head = 0;
        r.count = 0;
    }
    m_latestUs = 0;
    ++m_revision;
}

QStringList TrendSeries::names() const
{
    QStringList names;
    for (const Ring& r : m_rings)
        names << r.name;
    return names;
}

int TrendSeries::size(const QString& line) const
{
    const Ring* r = ring(line);
    return r ? int(r->count) : 0;
}

double TrendSeries::latest(const QString& line, double fallback) const
{
    const Ring* r = ring(line);
    return r && r->count > 0 ? r->at(r->count - 1).value : fallback;
}

QVector<QPointF> TrendSeries::decimated(const QString& line, int columns) const
{
    QVector<QPointF> points;
    const Ring* r = ring(line);
    if (!r || r->count == 0 || columns <= 0)
        return points;
    const TimestampUs start = m_latestUs - m_windowUs;
    const std::size_t first = r->lowerBound(start);
    const std::size_t n = r->count - first;
    auto point = [](const Sample& s) { return QPointF(double(s.atUs / kUsPerMs), s.value); };
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
            if (r->at(i).value < r->at(lo).value)
                lo = i;
            if (r->at(i).value > r->at(hi).value)
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

double TrendSeries::peakInWindow() const
{
    double peak = 0;
    for (const Ring& r : m_rings)
        for (std::size_t i = r.lowerBound(m_latestUs - m_windowUs); i < r.count; ++i)
            peak = std::max(peak, r.at(i).value);
    return peak;
}

} // namespace nexus
