#pragma once

#include "models/events/HealthBatch.h"
#include "models/twin/TwinSummary.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace nexus {

/// The minimal twins of all users a processor owns, updated from health batches in event time.
///
/// Per user: last HR, running mean HR (mean += (hr − mean)/n), sample count, steps total and the
/// newest event time. A sample at or before the twin's newest event time is a duplicate (Kafka
/// producer retries) or arrived late; it is skipped and counted, so a re-delivered batch never
/// counts twice. A twin is due for publication whenever its event time crosses a multiple of
/// `updateInterval` shifted by a per-user offset (a hash of the user id), so that users' updates
/// spread over the interval instead of bursting together. Event time, not wall clock: a replay
/// publishes the same updates.
class TwinTable
{
public:
    explicit TwinTable(DurationUs updateInterval = 10 * kUsPerSecond);

    struct ApplyResult
    {
        std::size_t applied = 0;
        std::size_t skipped = 0;       ///< duplicate or late samples
        const TwinSummary* due = nullptr; ///< set when the twin should be published now
    };
    ApplyResult apply(const HealthBatch& batch);

    const TwinSummary* find(const std::string& userId) const;
    std::size_t size() const { return m_twins.size(); }

    /// The `n` twins with the most steps, most first (ties: more samples, then user id).
    std::vector<TwinSummary> mostActive(std::size_t n) const;

private:
    struct Entry
    {
        TwinSummary twin;
        TimestampUs nextUpdateUs = 0;
        DurationUs phaseUs = 0; ///< this user's offset of the publication boundaries
    };
    TimestampUs nextBoundary(const Entry& e) const;

    DurationUs m_updateIntervalUs;
    std::unordered_map<std::string, Entry> m_twins;
};

} // namespace nexus
