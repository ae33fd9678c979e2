#include "models/metrics/LatencyHistogram.h"

#include <algorithm>
#include <cmath>

namespace nexus {

namespace {
constexpr std::int64_t kMaxValue = (std::int64_t(1) << LatencyHistogram::kMaxMagnitude) - 1;

int highestBit(std::uint64_t v) { return 63 - __builtin_clzll(v); }
} // namespace

int LatencyHistogram::bucketIndex(std::int64_t valueUs)
{
    const std::int64_t v = std::clamp<std::int64_t>(valueUs, 0, kMaxValue);
    if (v < kSubBuckets)
        return int(v);
    const int magnitude = highestBit(std::uint64_t(v)) - kSubBucketBits; // >= 0
    const int mantissa = int(v >> magnitude);                             // in [64, 128)
    return kSubBuckets + magnitude * kSubBuckets + (mantissa - kSubBuckets);
}

std::int64_t LatencyHistogram::bucketUpperUs(int index)
{
    if (index < kSubBuckets)
        return index;
    const int magnitude = (index - kSubBuckets) / kSubBuckets;
    const int mantissa = kSubBuckets + (index - kSubBuckets) % kSubBuckets;
    return ((std::int64_t(mantissa) + 1) << magnitude) - 1;
}

void LatencyHistogram::record(std::int64_t valueUs)
{
    const std::int64_t v = std::max<std::int64_t>(valueUs, 0);
    ++m_counts[std::size_t(bucketIndex(v))];
    ++m_count;
    m_sumUs += v;
    m_maxUs = std::max(m_maxUs, v);
}

void LatencyHistogram::reset() { *this = LatencyHistogram(); }

void LatencyHistogram::add(const LatencyHistogram& other)
{
    for (std::size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_count += other.m_count;
    m_sumUs += other.m_sumUs;
    m_maxUs = std::max(m_maxUs, other.m_maxUs);
}

LatencyHistogram LatencyHistogram::minus(const LatencyHistogram& earlier) const
{
    LatencyHistogram d = *this;
    for (std::size_t i = 0; i < m_counts.size(); ++i)
        d.m_counts[i] -= std::min(d.m_counts[i], earlier.m_counts[i]);
    d.m_count -= std::min(d.m_count, earlier.m_count);
    d.m_sumUs -= std::min(d.m_sumUs, earlier.m_sumUs);
    // The interval's exact max is unknown: take the top of its highest non-empty bucket.
    d.m_maxUs = 0;
    for (int i = kBucketCount - 1; i >= 0; --i) {
        if (d.m_counts[std::size_t(i)] > 0) {
            d.m_maxUs = std::min(bucketUpperUs(i), m_maxUs);
            break;
        }
    }
    return d;
}

std::int64_t LatencyHistogram::percentileUs(double q) const
{
    if (m_count == 0)
        return 0;
    const double clamped = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(clamped * double(m_count))));
    std::uint64_t seen = 0;
    for (int i = 0; i < kBucketCount; ++i) {
        seen += m_counts[std::size_t(i)];
        if (seen >= rank)
            return std::min(bucketUpperUs(i), m_maxUs);
    }
    return m_maxUs;
}

} // namespace nexus
