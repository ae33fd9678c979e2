#include "backend/activity/GoalTimeline.h"

#include "backend/analysis/StateBlob.h"

#include <algorithm>

namespace nexus::activity {

bool GoalTimeline::set(TimestampUs fromUs, double target)
{
    // The first entry stands for all time before the second: a change older than it was pruned
    // away as superseded, and the open days never look that far back.
    if (fromUs < m_changes.front().fromUs)
        return false;
    const auto at = std::lower_bound(m_changes.begin(), m_changes.end(), fromUs,
                                     [](const Change& c, TimestampUs t) { return c.fromUs < t; });
    if (at != m_changes.end() && at->fromUs == fromUs) {
        if (at->target == target)
            return false;
        at->target = target; // two goal-sets at the same µs: the later delivered wins
        return true;
    }
    m_changes.insert(at, Change{fromUs, target});
    return true;
}

double GoalTimeline::targetAt(TimestampUs atUs) const
{
    const auto after = std::upper_bound(m_changes.begin(), m_changes.end(), atUs,
                                        [](TimestampUs t, const Change& c) { return t < c.fromUs; });
    return after == m_changes.begin() ? m_changes.front().target : std::prev(after)->target;
}

void GoalTimeline::prune(TimestampUs horizonUs)
{
    std::size_t drop = 0;
    while (drop + 1 < m_changes.size() && m_changes[drop + 1].fromUs <= horizonUs)
        ++drop;
    m_changes.erase(m_changes.begin(), m_changes.begin() + static_cast<std::ptrdiff_t>(drop));
}

void GoalTimeline::save(std::string& blob) const
{
    analysis::BlobWriter w(blob);
    w.put(static_cast<std::uint32_t>(m_changes.size()));
    for (const Change& c : m_changes) {
        w.put(c.fromUs);
        w.put(c.target);
    }
}

bool GoalTimeline::restore(analysis::BlobReader& in)
{
    std::uint32_t count = 0;
    if (!in.get(count) || count == 0 || count > 4096)
        return false;
    std::vector<Change> changes(count);
    for (Change& c : changes)
        if (!in.get(c.fromUs) || !in.get(c.target))
            return false;
    if (!std::is_sorted(changes.begin(), changes.end(),
                        [](const Change& a, const Change& b) { return a.fromUs < b.fromUs; }))
        return false;
    m_changes = std::move(changes);
    return true;
}

} // namespace nexus::activity
