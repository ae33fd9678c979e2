#pragma once

#include <array>
#include <cstdint>

namespace nexus {

/// Log-linear histogram of non-negative durations in microseconds, in the manner of
/// HdrHistogram: values below 64 are exact, larger ones fall into 64 sub-buckets per power of two
/// (relative error < 1.6%). Fixed size (16 KiB), so it can be copied into snapshots and
/// subtracted to get the distribution of an interval. Not thread-safe: one writer, copies for
/// readers.
class LatencyHistogram
{
public:
    static constexpr int kSubBucketBits = 6;
    static constexpr int kSubBuckets = 1 << kSubBucketBits;
    static constexpr int kMaxMagnitude = 36; ///< values are clamped below 2^36 us (about 19 hours)
    static constexpr int kBucketCount = kSubBuckets + (kMaxMagnitude - kSubBucketBits) * kSubBuckets;

    /// Counts one value (microseconds; negative values count as 0).
    void record(std::int64_t valueUs);
    void reset();

    /// Adds/removes the counts of another histogram (for merging workers and for interval deltas:
    /// `now.minus(before)` is the distribution of what happened in between, its max the top of its
    /// highest non-empty bucket).
    void add(const LatencyHistogram& other);
    LatencyHistogram minus(const LatencyHistogram& earlier) const;

    std::uint64_t count() const { return m_count; }
    std::int64_t maxUs() const { return m_maxUs; }
    double meanUs() const { return m_count ? double(m_sumUs) / double(m_count) : 0.0; }

    /// The value at quantile q in [0, 1]: the highest value equivalent to the bucket holding the
    /// ceil(q * count)-th smallest value, never above the exact max. 0 when empty.
    std::int64_t percentileUs(double q) const;

    static int bucketIndex(std::int64_t valueUs);
    /// Highest value that falls into bucket `index`.
    static std::int64_t bucketUpperUs(int index);

private:
    std::array<std::uint64_t, kBucketCount> m_counts{};
    std::uint64_t m_count = 0;
    std::int64_t m_sumUs = 0;
    std::int64_t m_maxUs = 0;
};

} // namespace nexus
