#include "simulator/load/HeartRateSpikes.h"

#include <cstdint>

namespace nexus::load {

namespace {
/// FNV-1a: the same users and phases on every run and platform (std::hash promises neither).
std::uint64_t stableHash(const std::string& s)
{
    std::uint64_t h = 14695981039346656037ull;
    for (const unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}
/// The analyzer's default maxPlausibleBpm is 220: readings above it are out of range.
constexpr int kHighestPlausibleBpm = 219;
} // namespace

bool HeartRateSpikes::apply(HealthBatch& batch) const
{
    if (userShare <= 0 || everyUs < kUsPerSecond || batch.samples.size() < 2)
        return false;
    const std::uint64_t h = stableHash(batch.userId);
    if (double(h % 10000) >= userShare * 10000.0)
        return false;
    const std::int64_t periodS = everyUs / kUsPerSecond;
    const std::int64_t phaseS = std::int64_t((h >> 20) % std::uint64_t(periodS)); // spread users over the period
    // The last sample cannot spike: its way back down would be in the next upload, or none.
    for (std::size_t i = 0; i + 1 < batch.samples.size(); ++i) {
        HealthSample& s = batch.samples[i];
        if (s.workout || s.hrBpm == 0 || (s.tsUs / kUsPerSecond + phaseS) % periodS != 0)
            continue;
        if (s.hrBpm + riseBpm > kHighestPlausibleBpm)
            return false; // not without leaving the plausible range, which is another detector's case
        s.hrBpm = std::uint16_t(s.hrBpm + riseBpm);
        return true;
    }
    return false;
}

} // namespace nexus::load
