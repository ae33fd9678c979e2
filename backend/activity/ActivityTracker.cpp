#include "backend/activity/ActivityTracker.h"

#include "backend/activity/UserActivity.h"

#include <algorithm>
#include <unordered_map>

namespace nexus {

using activity::UserActivity;

struct ActivityTracker::Users
{
    std::unordered_map<std::string, std::unique_ptr<UserActivity>> byId;
};

namespace {

activity::ActivitySettings sanitized(activity::ActivitySettings s)
{
    s.allowedLatenessUs = std::clamp<DurationUs>(s.allowedLatenessUs, 0, s.kMaxAllowedLatenessUs);
    s.progressIntervalUs = std::max<DurationUs>(s.progressIntervalUs, 0);
    return s;
}

} // namespace

ActivityTracker::ActivityTracker(activity::ActivitySettings settings)
    : m_settings(sanitized(settings)), m_users(std::make_unique<Users>())
{
}

ActivityTracker::~ActivityTracker() = default;

namespace {

UserActivity& userFor(std::unordered_map<std::string, std::unique_ptr<UserActivity>>& users, const std::string& id,
                      const activity::ActivitySettings& settings)
{
    std::unique_ptr<UserActivity>& slot = users[id];
    if (!slot)
        slot = std::make_unique<UserActivity>(settings);
    return *slot;
}

} // namespace

activity::BatchResult ActivityTracker::addBatch(const HealthBatch& batch, std::vector<ActivityProgress>& out)
{
    activity::BatchResult result;
    const std::size_t before = out.size();
    activity::Emit emit{batch.userId, batch.sentAtUs, out};
    userFor(m_users->byId, batch.userId, m_settings).addSamples(batch, emit, result);
    m_stats.samplesCounted += result.counted;
    m_stats.samplesDuplicate += result.duplicates;
    m_stats.samplesLate += result.late.size();
    m_stats.messages += out.size() - before;
    return result;
}

activity::EventResult ActivityTracker::addWorkout(const WorkoutEvent& event, std::vector<ActivityProgress>& out)
{
    const std::size_t before = out.size();
    activity::Emit emit{event.userId, event.sentAtUs, out};
    activity::EventResult result = userFor(m_users->byId, event.userId, m_settings).addWorkout(event, emit);
    if (result.outcome == activity::InputOutcome::Applied)
        ++m_stats.workoutsCounted;
    else
        ++m_stats.eventsRejected;
    m_stats.messages += out.size() - before;
    return result;
}

activity::EventResult ActivityTracker::addUserEvent(const UserEvent& event, std::vector<ActivityProgress>& out)
{
    const std::size_t before = out.size();
    activity::Emit emit{event.userId, event.sentAtUs, out};
    activity::EventResult result = userFor(m_users->byId, event.userId, m_settings).addUserEvent(event, emit);
    if (result.outcome != activity::InputOutcome::Applied)
        ++m_stats.eventsRejected;
    m_stats.messages += out.size() - before;
    return result;
}

std::optional<ActivityProgress> ActivityTracker::progress(const std::string& userId, DayNumber localDay) const
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return std::nullopt;
    std::optional<ActivityProgress> report = it->second->report(localDay);
    if (report)
        report->userId = userId;
    return report;
}

std::vector<DayNumber> ActivityTracker::openDays(const std::string& userId) const
{
    const auto it = m_users->byId.find(userId);
    return it == m_users->byId.end() ? std::vector<DayNumber>{} : it->second->openDays();
}

bool ActivityTracker::saveUserState(const std::string& userId, std::string& blob) const
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return false;
    it->second->save(blob);
    return true;
}

bool ActivityTracker::restoreUserState(const std::string& userId, std::string_view blob)
{
    auto restored = std::make_unique<UserActivity>(m_settings);
    if (!restored->restore(blob))
        return false;
    m_users->byId[userId] = std::move(restored);
    return true;
}

void ActivityTracker::forgetUser(const std::string& userId)
{
    m_users->byId.erase(userId);
}

std::size_t ActivityTracker::userCount() const
{
    return m_users->byId.size();
}

std::size_t ActivityTracker::userStateBytes(const std::string& userId) const
{
    const auto it = m_users->byId.find(userId);
    if (it == m_users->byId.end())
        return 0;
    // The hash node holds the key string and the pointer; a long key adds its own heap block.
    const std::size_t node = sizeof(void*) + sizeof(std::size_t) + sizeof(std::string) + sizeof(void*);
    const std::size_t key = userId.size() > 15 ? userId.capacity() + 1 : 0;
    return node + key + it->second->memoryBytes();
}

} // namespace nexus
