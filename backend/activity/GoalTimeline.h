#pragma once

#include "models/core/Time.h"

#include <string>
#include <vector>

namespace nexus::analysis {
class BlobReader;
}

namespace nexus::activity {

/// The targets of one goal kind over event time: the GoalSet with the latest event time at or
/// before t is the target at t (the default before any). Keeps only what the open days can still
/// ask about, so a user who changes goals daily holds one or two entries.
class GoalTimeline
{
public:
    explicit GoalTimeline(double defaultTarget = 0.0) : m_changes{{kForever, defaultTarget}} {}

    /// The target from `fromUs` on (until a later change). False when it changes nothing: the same
    /// change again (a re-delivered event), or one older than the horizon already superseded.
    bool set(TimestampUs fromUs, double target);
    /// The target in effect at `atUs` (0 = no goal).
    double targetAt(TimestampUs atUs) const;
    /// Forgets changes that no time at or after `horizonUs` can see.
    void prune(TimestampUs horizonUs);

    std::size_t changeCount() const { return m_changes.size(); }
    std::size_t heapBytes() const { return m_changes.capacity() * sizeof(Change); }

    void save(std::string& blob) const;
    bool restore(analysis::BlobReader& in);

private:
    static constexpr TimestampUs kForever = INT64_MIN;
    struct Change
    {
        TimestampUs fromUs;
        double target;
    };
    std::vector<Change> m_changes; // by fromUs ascending; the first holds before all others
};

} // namespace nexus::activity
