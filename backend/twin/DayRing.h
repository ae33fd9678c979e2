#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace nexus {

/// The last N daily values of one quantity, newest last; a day without a value holds NaN. Floats:
/// a twin keeps five of these, and float precision (7 digits) is far finer than the inputs'.
template <int N>
class DayRing
{
    static_assert(N > 0 && N < 256);

public:
    void push(double value)
    {
        m_values[m_next] = static_cast<float>(value);
        m_next = static_cast<std::uint8_t>((m_next + 1) % N);
        if (m_size < N)
            ++m_size;
    }
    int size() const { return m_size; }
    /// The value `daysAgo` days before the newest (0 = newest); NaN when not held.
    double at(int daysAgo) const
    {
        if (daysAgo < 0 || daysAgo >= m_size)
            return std::numeric_limits<double>::quiet_NaN();
        return m_values[(m_next + N - 1 - daysAgo) % N];
    }

    struct Stats
    {
        int count = 0;    ///< values present (NaN days skipped)
        double mean = 0.0;
        double sd = 0.0;  ///< sample standard deviation (n − 1); 0 when count < 2
    };
    /// Statistics of the values present among the newest `days` days, skipping `skipNewest` first.
    Stats stats(int days, int skipNewest = 0) const
    {
        Stats s;
        double sum = 0.0, sumSq = 0.0;
        for (int i = skipNewest; i < skipNewest + days && i < m_size; ++i) {
            const double v = at(i);
            if (std::isnan(v))
                continue;
            ++s.count;
            sum += v;
            sumSq += v * v;
        }
        if (s.count > 0)
            s.mean = sum / s.count;
        if (s.count > 1)
            s.sd = std::sqrt(std::max(0.0, (sumSq - sum * s.mean) / (s.count - 1)));
        return s;
    }

private:
    std::array<float, N> m_values{};
    std::uint8_t m_next = 0;
    std::uint8_t m_size = 0;
};

} // namespace nexus
