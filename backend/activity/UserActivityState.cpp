// The snapshot of one user's activity state (UserActivity::save/restore). Values are written as
// their in-memory bytes, so a blob is read back by the same build on the same architecture; the
// magic, the layout version and the lateness it was taken with are checked on restore.
#include "backend/activity/UserActivity.h"

#include "backend/analysis/StateBlob.h"

namespace nexus::activity {

namespace {

constexpr std::uint32_t kMagic = 0x5441584e; // "NXAT"
constexpr std::uint16_t kLayoutVersion = 1;
constexpr std::uint32_t kMaxOpenDays = 64; // far above what any lateness keeps open
constexpr std::uint32_t kMaxWorkoutsPerDay = 4096;

} // namespace

void UserActivity::save(std::string& blob) const
{
    blob.clear();
    analysis::BlobWriter w(blob);
    w.put(kMagic);
    w.put(kLayoutVersion);
    w.put(m_settings->allowedLatenessUs);
    w.put(m_newestUs);
    w.put(m_lastProgressUs);
    w.put(m_profileFromUs);
    w.put(std::int32_t(m_offsetMinutes));
    w.put(m_activeHrBpm);
    m_window.save(blob);
    w.put(std::uint32_t(m_days.size()));
    for (const DayTotals& d : m_days) {
        w.put(d.day);
        w.put(d.steps);
        w.put(std::int32_t(d.activeMinutes));
        w.put(d.trimp);
        w.put(d.reachedMask);
        w.put(std::uint32_t(d.workouts.size()));
        for (const std::uint64_t id : d.workouts)
            w.put(id);
    }
    for (const GoalTimeline& g : m_goals)
        g.save(blob);
    for (const Streak& s : m_streaks) {
        w.put(s.endDay);
        w.put(std::int32_t(s.length));
    }
    for (const ClosedLoad& c : m_closedLoads) {
        w.put(c.day);
        w.put(c.trimp);
    }
}

bool UserActivity::restore(std::string_view blob)
{
    analysis::BlobReader in(blob);
    std::uint32_t magic = 0;
    std::uint16_t version = 0;
    DurationUs lateness = 0;
    if (!in.get(magic) || magic != kMagic || !in.get(version) || version != kLayoutVersion || !in.get(lateness) ||
        lateness != m_settings->allowedLatenessUs)
        return false;
    std::int32_t offset = 0;
    in.get(m_newestUs);
    in.get(m_lastProgressUs);
    in.get(m_profileFromUs);
    in.get(offset);
    in.get(m_activeHrBpm);
    m_offsetMinutes = offset;
    if (!in.ok() || !m_window.restore(in))
        return false;
    std::uint32_t days = 0;
    if (!in.get(days) || days > kMaxOpenDays)
        return false;
    m_days.assign(days, DayTotals{});
    for (DayTotals& d : m_days) {
        std::int32_t minutes = 0;
        std::uint32_t workouts = 0;
        if (!in.get(d.day) || !in.get(d.steps) || !in.get(minutes) || !in.get(d.trimp) || !in.get(d.reachedMask) ||
            !in.get(workouts) || workouts > kMaxWorkoutsPerDay)
            return false;
        d.activeMinutes = minutes;
        d.workouts.resize(workouts);
        for (std::uint64_t& id : d.workouts)
            in.get(id);
    }
    for (GoalTimeline& g : m_goals)
        if (!g.restore(in))
            return false;
    for (Streak& s : m_streaks) {
        std::int32_t length = 0;
        in.get(s.endDay);
        in.get(length);
        s.length = length;
    }
    for (ClosedLoad& c : m_closedLoads) {
        in.get(c.day);
        in.get(c.trimp);
    }
    return in.ok() && in.atEnd();
}

} // namespace nexus::activity
