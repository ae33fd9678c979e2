#include "simulator/stream/AppEventDraws.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace nexus::sim {

namespace {

using wearable::detail::mix;
using wearable::detail::Rng;

constexpr std::uint64_t kAppStream = 0xA9E0000000000000ULL;
constexpr DurationUs kSummaryDelayUs = 60 * kUsPerSecond;

constexpr std::array<const char*, 12> kQuestions{{
    "How hard should my session be today?",
    "Why is my readiness score lower than yesterday?",
    "Is it OK to run two days in a row?",
    "What should I eat before a long ride?",
    "How many rest days do I need this week?",
    "My resting heart rate went up. Should I worry?",
    "Can you plan a 10k for me in eight weeks?",
    "How do I improve my sleep before a race?",
    "What does my HRV trend say about my recovery?",
    "Should I train while I have a cold?",
    "How do I get more steps in on work days?",
    "Is strength training going to slow my running down?",
}};
constexpr std::array<const char*, 5> kChallenges{{"ch-10k-steps", "ch-winter-ride", "ch-sleep-8h", "ch-plank-30",
                                                   "ch-marathon-build"}};

Rng dayRng(const wearable::Person& p, DayNumber day, std::uint64_t stream)
{
    return Rng(mix(p.seed ^ kAppStream ^ mix(std::uint64_t(day) * 64 + stream)));
}

std::string utcOffsetText(int minutes)
{
    char buf[16];
    const int a = std::abs(minutes);
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

UserEvent goalEvent(const wearable::Person& p, TimestampUs atUs, UserEvent::Goal goal, double target)
{
    UserEvent e;
    e.kind = UserEvent::Kind::GoalSet;
    e.userId = p.userId;
    e.tsUs = atUs;
    e.goal = goal;
    e.goalTarget = target;
    return e;
}

/// A random time of the day when the person is awake and not exercising.
TimestampUs awakeTime(const wearable::DeviceDay& d, Rng& rng)
{
    const wearable::Span awake{d.sleep.toUs, d.covers.toUs};
    for (int attempt = 0; attempt < 8; ++attempt) {
        const TimestampUs t = awake.fromUs + TimestampUs(rng.uniform() * double(awake.toUs - awake.fromUs)) /
                                                 kUsPerSecond * kUsPerSecond;
        if (d.atRest(t))
            return t;
    }
    return awake.fromUs;
}

} // namespace

int poisson(Rng& rng, double mean)
{
    if (mean <= 0.0)
        return 0;
    const double limit = std::exp(-std::min(mean, 50.0));
    int k = 0;
    double prod = rng.uniform();
    while (prod > limit && k < 1000) {
        ++k;
        prod *= rng.uniform();
    }
    return k;
}

double dailyStepsGoal(const wearable::Person& p)
{
    return std::max(5000.0, std::ceil(p.backgroundStepsPerDay * 1.1 / 500.0) * 500.0);
}

void appendSignUp(const wearable::Person& p, TimestampUs atUs, std::vector<SimEvent>& out)
{
    UserEvent signUp;
    signUp.kind = UserEvent::Kind::SignUp;
    signUp.userId = p.userId;
    signUp.tsUs = atUs;
    signUp.profile = wearable::profileOf(p);
    signUp.timeZone = utcOffsetText(p.utcOffsetMin);
    out.push_back({atUs, signUp});
    const TimestampUs later = atUs + kUsPerSecond;
    out.push_back({later, goalEvent(p, later, UserEvent::Goal::DailySteps, dailyStepsGoal(p))});
    const double weeklyTrimp = std::round(p.sessionsPerWeek * 60.0 * (0.5 + p.fitness));
    out.push_back({later + kUsPerSecond, goalEvent(p, later + kUsPerSecond, UserEvent::Goal::WeeklyTrimp,
                                                   std::max(50.0, weeklyTrimp))});
}

void appendWorkoutEvents(const wearable::Person& p, const wearable::DayRecord& record,
                         const wearable::DeviceDay& device, std::vector<SimEvent>& out)
{
    for (const wearable::WorkoutRecord& w : record.workouts) {
        const TimestampUs endUs = w.startUs + w.activeSeconds() * kUsPerSecond;
        if (w.startUs < device.sleep.toUs || endUs > device.covers.toUs)
            continue; // clipped away by the day's readings too
        WorkoutEvent e;
        e.userId = p.userId;
        e.deviceId = p.deviceId;
        e.workoutId = p.deviceId + "-" + std::to_string(w.startUs / kUsPerSecond);
        e.sport = wearable::workoutTypeName(w.spec.type);
        e.phase = WorkoutEvent::Phase::Start;
        e.tsUs = w.startUs;
        out.push_back({e.tsUs, e});
        e.phase = WorkoutEvent::Phase::Stop;
        e.tsUs = endUs;
        out.push_back({e.tsUs, e});

        e.phase = WorkoutEvent::Phase::Summary;
        e.startUs = w.startUs;
        e.durationS = w.activeSeconds();
        double sum = 0.0;
        float peak = 0.0f;
        const int n = std::min(w.activeSeconds(), int(w.hrBpm.size()));
        for (int i = 0; i < n; ++i) {
            sum += w.hrBpm[std::size_t(i)];
            peak = std::max(peak, w.hrBpm[std::size_t(i)]);
        }
        e.avgHrBpm = n > 0 ? int(std::lround(sum / n)) : 0;
        e.maxHrBpm = int(std::lround(peak));
        e.steps = w.steps;
        e.trimp = std::round(w.trimp * 10.0) / 10.0;
        out.push_back({endUs + kSummaryDelayUs, e});
    }
}

void appendDailyAppEvents(const wearable::Person& p, const wearable::DeviceDay& device,
                          const scenario::AppEventRates& rates, int populationSize, std::vector<SimEvent>& out)
{
    Rng rng = dayRng(p, device.day, 1);

    for (int i = poisson(rng, rates.profileChangesPerUserDay); i > 0; --i) {
        UserEvent e;
        e.kind = UserEvent::Kind::ProfileChange;
        e.userId = p.userId;
        e.tsUs = awakeTime(device, rng);
        e.profile = wearable::profileOf(p);
        e.profile.weightKg = float(std::round((p.weightKg + rng.normal(0.0, 0.8)) * 10.0) / 10.0);
        out.push_back({e.tsUs, e});
    }
    for (int i = poisson(rng, rates.goalChangesPerUserDay); i > 0; --i) {
        const double target = dailyStepsGoal(p) + 500.0 * std::floor(rng.uniform(-2.0, 5.0));
        out.push_back({0, goalEvent(p, awakeTime(device, rng), UserEvent::Goal::DailySteps, std::max(2000.0, target))});
        out.back().dueUs = std::get<UserEvent>(out.back().payload).tsUs;
    }
    for (int i = poisson(rng, rates.socialPerUserDay); i > 0; --i) {
        SocialEvent e;
        e.userId = p.userId;
        e.tsUs = awakeTime(device, rng);
        const double u = rng.uniform();
        const int other = int(rng.uniform() * std::max(1, populationSize));
        e.kind = u < 0.5 ? SocialEvent::Kind::Follow : u < 0.8 ? SocialEvent::Kind::JoinChallenge
                                                               : SocialEvent::Kind::PartnerRequest;
        if (e.kind == SocialEvent::Kind::JoinChallenge)
            e.challengeId = kChallenges[std::size_t(rng.uniform() * kChallenges.size()) % kChallenges.size()];
        else
            e.targetUserId = wearable::userIdOf(other == p.index ? (other + 1) % std::max(2, populationSize) : other);
        out.push_back({e.tsUs, e});
    }
    for (int i = poisson(rng, rates.aiQuestionsPerUserDay); i > 0; --i) {
        AiInteraction e;
        e.userId = p.userId;
        e.tsUs = awakeTime(device, rng);
        e.conversationId = p.userId + "-" + std::to_string(e.tsUs / kUsPerSecond);
        e.question = kQuestions[std::size_t(rng.uniform() * kQuestions.size()) % kQuestions.size()];
        out.push_back({e.tsUs, e});
    }
}

} // namespace nexus::sim
