#pragma once

#include "models/core/Time.h"
#include "models/twin/TwinDay.h"

#include <cstdint>
#include <string>

namespace nexus {

/// What the processor publishes about a user on `twin-updates`
/// (resources/schemas/twin-update.v2.schema.json): rolling heart-rate statistics and step totals,
/// and the twin engine's view of the user's current day — load so far, fitness, fatigue, form,
/// workload ratio and the three scores with their contributions — all computed from event time.
struct TwinSummary
{
    static constexpr int kSchemaVersion = 2;

    std::string userId;
    std::uint16_t lastHrBpm = 0;
    double meanHrBpm = 0.0;       ///< arithmetic mean over all samples seen
    std::uint64_t sampleCount = 0;
    std::uint64_t stepsTotal = 0;
    TimestampUs lastEventUs = 0;  ///< event time of the newest sample applied
    /// sent_at_us of the upload whose samples triggered this update, so a consumer of
    /// twin-updates can measure device send → update received (the load generator does).
    TimestampUs sourceSentAtUs = 0;

    // The current day as the twin engine sees it at lastEventUs (set when the update is published).
    DayNumber day = 0;
    double loadToday = 0.0;
    double ctl = 0.0;
    double atl = 0.0;
    double tsb = 0.0;
    double acwrEwma = kNoValue;
    Score readiness;
    Score recovery;
    Score energy;

    bool operator==(const TwinSummary& o) const
    {
        const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
        const auto sameScore = [](const Score& a, const Score& b) {
            if (a.value != b.value || a.count != b.count)
                return false;
            for (int i = 0; i < a.count; ++i)
                if (a.contributions[i].input != b.contributions[i].input ||
                    a.contributions[i].points != b.contributions[i].points)
                    return false;
            return true;
        };
        return userId == o.userId && lastHrBpm == o.lastHrBpm && meanHrBpm == o.meanHrBpm &&
               sampleCount == o.sampleCount && stepsTotal == o.stepsTotal && lastEventUs == o.lastEventUs &&
               sourceSentAtUs == o.sourceSentAtUs &&
               day == o.day && loadToday == o.loadToday && ctl == o.ctl && atl == o.atl && tsb == o.tsb &&
               same(acwrEwma, o.acwrEwma) && sameScore(readiness, o.readiness) && sameScore(recovery, o.recovery) &&
               sameScore(energy, o.energy);
    }
};

} // namespace nexus
