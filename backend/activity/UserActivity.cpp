#include "backend/activity/UserActivity.h"

#include "backend/activity/LocalTime.h"

#include <algorithm>

namespace nexus::activity {

namespace {

constexpr std::uint8_t goalBit(int goal)
{
    return static_cast<std::uint8_t>(1u << goal);
}

// Summaries are de-duplicated by a 64-bit hash of the workout id rather than the id itself: 8
// bytes per workout, and a collision among one user's workouts of one day is beyond unlikely.
std::uint64_t hashId(std::string_view id)
{
    std::uint64_t h = 14695981039346656037ull; // FNV-1a
    for (const char c : id) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace

UserActivity::UserActivity(const ActivitySettings& settings)
    : m_settings(&settings),
      m_window(settings.allowedLatenessUs), m_goals{GoalTimeline(settings.defaultDailySteps),
                                                    GoalTimeline(settings.defaultDailyActiveMinutes),
                                                    GoalTimeline(settings.defaultWeeklyTrimp)}
{
    setProfile(AthleteProfile{});
}

void UserActivity::setProfile(const AthleteProfile& profile)
{
    const ActivitySettings& s = *m_settings;
    const double rest = profile.hrRestBpm > 0.0f ? profile.hrRestBpm : s.defaultHrRestBpm;
    double max = profile.hrRestBpm > 0.0f ? profile.effectiveHrMaxBpm() : s.defaultHrMaxBpm;
    if (!(max > rest))
        max = std::max<double>(s.defaultHrMaxBpm, rest + 1.0);
    m_activeHrBpm = static_cast<float>(rest + s.activeHrReserveFraction * (max - rest));
}

TimestampUs UserActivity::acceptFromUs() const
{
    return m_newestUs == kNoTime ? kNoTime : m_newestUs - m_settings->allowedLatenessUs;
}

DayNumber UserActivity::oldestOpenDay() const
{
    return m_newestUs == kNoTime ? INT32_MIN : localDayOf(acceptFromUs(), m_offsetMinutes);
}

TimestampUs UserActivity::evaluationTimeUs(DayNumber day) const
{
    // An open day is judged by the targets of now, or of its last moment once it is over.
    return std::min(m_newestUs, localDayStartUs(day + 1, m_offsetMinutes) - 1);
}

const DayTotals* UserActivity::findDay(DayNumber day) const
{
    for (const DayTotals& d : m_days)
        if (d.day == day)
            return &d;
    return nullptr;
}

DayTotals* UserActivity::findDay(DayNumber day)
{
    return const_cast<DayTotals*>(static_cast<const UserActivity*>(this)->findDay(day));
}

DayTotals& UserActivity::dayFor(DayNumber day)
{
    const auto at =
        std::lower_bound(m_days.begin(), m_days.end(), day, [](const DayTotals& d, DayNumber n) { return d.day < n; });
    if (at != m_days.end() && at->day == day)
        return *at;
    DayTotals fresh;
    fresh.day = day;
    return *m_days.insert(at, std::move(fresh));
}

void UserActivity::advanceTo(TimestampUs tsUs, Emit& emit)
{
    if (m_newestUs != kNoTime && tsUs <= m_newestUs)
        return;
    m_window.advance(floorDiv(tsUs, kUsPerMinute));
    m_newestUs = tsUs;
    closeDaysBefore(oldestOpenDay(), emit);
}

void UserActivity::closeDaysBefore(DayNumber limit, Emit& emit)
{
    while (!m_days.empty() && m_days.front().day < limit) {
        DayTotals& d = m_days.front();
        const TimestampUs lastUs = localDayStartUs(d.day + 1, m_offsetMinutes) - 1;
        const std::uint8_t newly = evaluate(d, lastUs);
        ActivityProgress message = makeReport(d, lastUs, ActivityProgress::Reason::DayClosed, newly);
        for (int g = 0; g < kGoalCount; ++g) {
            Streak& s = m_streaks[std::size_t(g)];
            s.length = (d.reachedMask & goalBit(g)) ? (s.endDay == d.day - 1 ? s.length : 0) + 1 : 0;
            s.endDay = d.day;
        }
        std::rotate(m_closedLoads.begin(), m_closedLoads.begin() + 1, m_closedLoads.end());
        m_closedLoads.back() = ClosedLoad{d.day, d.trimp};
        m_days.erase(m_days.begin());
        send(std::move(message), emit);
    }
    // A day of slack: a later change of time zone can move the oldest open day back by up to 14 h.
    const TimestampUs horizonUs = localDayStartUs(limit, m_offsetMinutes) - kUsPerDay;
    for (GoalTimeline& goal : m_goals)
        goal.prune(horizonUs);
}

double UserActivity::weeklyTrimp(DayNumber day) const
{
    // This day's load first, then the others: the sum can never come out below the day's own.
    const DayTotals* self = findDay(day);
    double sum = self ? self->trimp : 0.0;
    for (const DayTotals& d : m_days)
        if (d.day != day && d.day <= day && d.day > day - 7)
            sum += d.trimp;
    for (const ClosedLoad& c : m_closedLoads)
        if (c.day <= day && c.day > day - 7)
            sum += c.trimp;
    return sum;
}

double UserActivity::valueOf(const DayTotals& d, int goal) const
{
    switch (static_cast<UserEvent::Goal>(goal)) {
    case UserEvent::Goal::DailySteps:
        return double(d.steps);
    case UserEvent::Goal::DailyActiveMinutes:
        return d.activeMinutes;
    case UserEvent::Goal::WeeklyTrimp:
        return weeklyTrimp(d.day);
    }
    return 0.0;
}

int UserActivity::streakOf(DayNumber day, int goal) const
{
    const std::uint8_t bit = goalBit(goal);
    const DayTotals* self = findDay(day);
    const bool reached = self && (self->reachedMask & bit);
    // A day that is over without the goal is a missed day: its run is 0. Today, not reached yet,
    // shows the run up to yesterday.
    if (!reached && localDayStartUs(day + 1, m_offsetMinutes) <= m_newestUs)
        return 0;
    int run = reached ? 1 : 0;
    DayNumber k = day - 1;
    for (const DayTotals* d = findDay(k); d; d = findDay(--k)) {
        if (!(d->reachedMask & bit))
            return run;
        ++run;
    }
    // k is a day without open totals: closed (the stored run may end there) or without data (a gap).
    const Streak& s = m_streaks[std::size_t(goal)];
    return run + (s.endDay == k ? s.length : 0);
}

std::uint8_t UserActivity::evaluate(DayTotals& d, TimestampUs atUs)
{
    std::uint8_t reached = 0;
    for (int g = 0; g < kGoalCount; ++g) {
        const double target = m_goals[std::size_t(g)].targetAt(atUs);
        if (target > 0.0 && valueOf(d, g) >= target)
            reached |= goalBit(g);
    }
    const auto newly = static_cast<std::uint8_t>(reached & ~d.reachedMask);
    d.reachedMask |= reached;
    return newly;
}

ActivityProgress UserActivity::makeReport(const DayTotals& d, TimestampUs atUs, ActivityProgress::Reason reason,
                                          std::uint8_t newlyReached) const
{
    ActivityProgress m;
    m.reason = reason;
    m.day = d.day;
    m.utcOffsetMinutes = m_offsetMinutes;
    m.eventTimeUs = m_newestUs;
    m.steps = d.steps;
    m.activeMinutes = d.activeMinutes;
    m.trimpDay = d.trimp;
    m.trimpWeek = weeklyTrimp(d.day);
    for (int g = 0; g < kGoalCount; ++g) {
        ActivityGoalStatus& status = m.goals[std::size_t(g)];
        status.target = m_goals[std::size_t(g)].targetAt(atUs);
        status.progress = status.target > 0.0 ? valueOf(d, g) / status.target : 0.0;
        status.reached = (d.reachedMask & goalBit(g)) != 0;
        status.streakDays = streakOf(d.day, g);
        if (newlyReached & goalBit(g))
            m.goalReached.push_back(static_cast<UserEvent::Goal>(g));
    }
    return m;
}

void UserActivity::send(ActivityProgress&& message, Emit& emit) const
{
    message.userId = emit.userId;
    message.sourceSentAtUs = emit.sentAtUs;
    emit.out.push_back(std::move(message));
}

void UserActivity::publish(bool changed, Emit& emit)
{
    if (m_days.empty())
        return;
    bool progressDue =
        changed && (m_lastProgressUs == kNoTime || m_newestUs - m_lastProgressUs >= m_settings->progressIntervalUs);
    // Ascending, so a day's streak sees what the day before it just reached.
    for (DayTotals& d : m_days) {
        const TimestampUs atUs = evaluationTimeUs(d.day);
        const std::uint8_t newly = evaluate(d, atUs);
        if (!newly)
            continue;
        send(makeReport(d, atUs, ActivityProgress::Reason::GoalReached, newly), emit);
        if (&d == &m_days.back()) { // it carries the newest day's progress too
            progressDue = false;
            m_lastProgressUs = m_newestUs;
        }
    }
    if (progressDue) {
        const DayTotals& d = m_days.back();
        send(makeReport(d, evaluationTimeUs(d.day), ActivityProgress::Reason::Progress, 0), emit);
        m_lastProgressUs = m_newestUs;
    }
}

void UserActivity::addSamples(const HealthBatch& batch, Emit& emit, BatchResult& result)
{
    const ActivitySettings& s = *m_settings;
    bool changed = false;
    for (const HealthSample& sample : batch.samples) {
        advanceTo(sample.tsUs, emit);
        if (sample.tsUs < acceptFromUs()) {
            result.late.push_back(sample);
            continue;
        }
        // A sample is known by its second: devices sample at most at 1 Hz.
        const std::int64_t minute = floorDiv(sample.tsUs, kUsPerMinute);
        const int second = static_cast<int>(floorDiv(sample.tsUs, kUsPerSecond) - minute * 60);
        if (!m_window.markSecond(minute, second)) {
            ++result.duplicates;
            continue;
        }
        DayTotals& d = dayFor(localDayOf(sample.tsUs, m_offsetMinutes));
        d.steps += sample.steps;
        const int minuteSteps = m_window.addSteps(minute, sample.steps);
        if (!m_window.isActive(minute) &&
            (minuteSteps >= s.activeMinuteSteps || sample.hrBpm >= m_activeHrBpm || sample.workout)) {
            m_window.setActive(minute);
            ++d.activeMinutes;
        }
        ++result.counted;
        changed = true;
    }
    result.acceptFromUs = acceptFromUs();
    publish(changed, emit);
}

EventResult UserActivity::addWorkout(const WorkoutEvent& e, Emit& emit)
{
    if (e.phase != WorkoutEvent::Phase::Summary)
        return {InputOutcome::Ignored, "only a workout summary carries load"};
    if (e.startUs > e.tsUs || !(e.trimp >= 0.0))
        return {InputOutcome::Ignored, "inconsistent summary (start after end, or TRIMP below 0)"};
    // The summary vouches that the user was active from its start on; the workout's own samples,
    // which often arrive after it, start there too, so they stay within the lateness.
    advanceTo(e.startUs, emit);
    const DayNumber day = localDayOf(e.tsUs, m_offsetMinutes);
    if (day < oldestOpenDay())
        return {InputOutcome::Late, "workout ended on " + calendar::isoDate(day) +
                                        ", a day already closed (open from " + calendar::isoDate(oldestOpenDay()) +
                                        ")"};
    if (day > localDayOf(m_newestUs, m_offsetMinutes) + 1)
        return {InputOutcome::Ignored, "workout ends more than a day after the user's event time"};
    const std::uint64_t id = hashId(e.workoutId);
    if (const DayTotals* known = findDay(day);
        known && std::find(known->workouts.begin(), known->workouts.end(), id) != known->workouts.end())
        return {InputOutcome::Duplicate, "workout " + e.workoutId + " already counted"};
    DayTotals& d = dayFor(day);
    d.trimp += e.trimp;
    d.workouts.push_back(id);
    publish(true, emit);
    return {};
}

EventResult UserActivity::addUserEvent(const UserEvent& e, Emit& emit)
{
    switch (e.kind) {
    case UserEvent::Kind::SignUp:
    case UserEvent::Kind::ProfileChange: {
        // Profiles come whole: the one with the newest event time wins, whatever the arrival order.
        const bool newest = m_profileFromUs == kNoTime || e.tsUs >= m_profileFromUs;
        if (newest) {
            m_profileFromUs = e.tsUs;
            setProfile(e.profile);
        }
        if (e.kind == UserEvent::Kind::SignUp) {
            const std::optional<int> offset = parseUtcOffset(e.timeZone);
            if (!offset)
                return {InputOutcome::Applied,
                        "time zone '" + e.timeZone + "' not understood: days stay in the old zone"};
            m_offsetMinutes = *offset;
            return {};
        }
        return newest ? EventResult{} : EventResult{InputOutcome::Ignored, "older than the profile in use"};
    }
    case UserEvent::Kind::GoalSet: {
        const auto goal = static_cast<std::size_t>(e.goal);
        if (goal >= m_goals.size() || !(e.goalTarget > 0.0))
            return {InputOutcome::Ignored, "unknown goal or target not above 0"};
        if (!m_goals[goal].set(e.tsUs, e.goalTarget))
            return {InputOutcome::Duplicate, "goal already set (or superseded)"};
        publish(true, emit);
        return {};
    }
    }
    return {InputOutcome::Ignored, "unknown user event"};
}

std::optional<ActivityProgress> UserActivity::report(DayNumber day) const
{
    const DayTotals* d = findDay(day);
    if (!d)
        return std::nullopt;
    return makeReport(*d, evaluationTimeUs(day), ActivityProgress::Reason::Progress, 0);
}

std::vector<DayNumber> UserActivity::openDays() const
{
    std::vector<DayNumber> days;
    for (const DayTotals& d : m_days)
        days.push_back(d.day);
    return days;
}

std::size_t UserActivity::memoryBytes() const
{
    std::size_t bytes = sizeof(*this) + m_window.heapBytes() + m_days.capacity() * sizeof(DayTotals);
    for (const DayTotals& d : m_days)
        bytes += d.workouts.capacity() * sizeof(std::uint64_t);
    for (const GoalTimeline& g : m_goals)
        bytes += g.heapBytes();
    return bytes;
}

} // namespace nexus::activity
