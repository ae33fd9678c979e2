#pragma once

#include "models/core/Time.h"
#include "models/twin/AthleteProfile.h"

#include <cstdint>
#include <string>

/// The events of the four input topics besides health-metrics. Each is one Kafka message keyed by
/// user id; the JSON forms are documented in resources/schemas/ (one file per topic) and written
/// by backend/codec/AppEventCodec.h, which also enforces the ranges noted here. Every event carries
/// its event time (tsUs) and the wall clock of its sender (sentAtUs, for latency only). Ids are
/// 1..128 bytes; strings are UTF-8.
namespace nexus {

/// `workout-data`: a workout as the device reports it, start, stop, then a summary.
struct WorkoutEvent
{
    static constexpr int kSchemaVersion = 1;
    enum class Phase : std::uint8_t
    {
        Start,
        Stop,
        Summary
    };

    Phase phase = Phase::Start;
    std::string userId;
    std::string deviceId;
    std::string workoutId; ///< unique per workout: "<device>-<start seconds>"
    std::string sport;     ///< "run", "ride", "strength", "walk", …: 1..32 of [a-z0-9_-]
    TimestampUs tsUs = 0;  ///< start time for Start, end time for Stop and Summary
    TimestampUs sentAtUs = 0;
    // Summary only (0 otherwise):
    TimestampUs startUs = 0; ///< start time, at or before tsUs
    int durationS = 0;       ///< moving time, 1..86400 s, at most tsUs − startUs (pauses excluded)
    int avgHrBpm = 0;        ///< 20..250, at most maxHrBpm
    int maxHrBpm = 0;        ///< 20..250
    int steps = 0;           ///< 0..200000
    double trimp = 0.0;      ///< Banister TRIMP the device computed, 0..2000 (2 decimals on the wire)

    bool operator==(const WorkoutEvent& o) const
    {
        return phase == o.phase && userId == o.userId && deviceId == o.deviceId && workoutId == o.workoutId &&
               sport == o.sport && tsUs == o.tsUs && sentAtUs == o.sentAtUs && startUs == o.startUs &&
               durationS == o.durationS && avgHrBpm == o.avgHrBpm && maxHrBpm == o.maxHrBpm && steps == o.steps &&
               trimp == o.trimp;
    }
};

/// `user-events`: what a user does to their account.
struct UserEvent
{
    static constexpr int kSchemaVersion = 1;
    enum class Kind : std::uint8_t
    {
        SignUp,
        ProfileChange,
        GoalSet
    };
    /// What a goal measures (GoalSet only).
    enum class Goal : std::uint8_t
    {
        DailySteps,
        DailyActiveMinutes,
        WeeklyTrimp
    };

    Kind kind = Kind::SignUp;
    std::string userId;
    TimestampUs tsUs = 0;
    TimestampUs sentAtUs = 0;
    /// SignUp and ProfileChange: the whole profile after the change. Age 10..110 years, resting HR
    /// 20..150 bpm, HRmax 100..250 bpm and above resting HR or 0 (unknown), weight 25..300 kg or
    /// 0 (unknown); one decimal on the wire.
    AthleteProfile profile;
    std::string timeZone; ///< SignUp: "UTC+01:00" style offset the app reports (UTC−14:00..UTC+14:00)
    Goal goal = Goal::DailySteps;
    /// GoalSet: steps (1..100000), active minutes (1..1440) or weekly TRIMP (1..5000); one decimal.
    double goalTarget = 0.0;

    bool operator==(const UserEvent& o) const
    {
        const AthleteProfile& p = profile;
        const AthleteProfile& q = o.profile;
        return kind == o.kind && userId == o.userId && tsUs == o.tsUs && sentAtUs == o.sentAtUs && p.sex == q.sex &&
               p.ageYears == q.ageYears && p.hrRestBpm == q.hrRestBpm && p.hrMaxBpm == q.hrMaxBpm &&
               p.weightKg == q.weightKg && timeZone == o.timeZone && goal == o.goal && goalTarget == o.goalTarget;
    }
};

/// `social-events`: a user's interactions with other users.
struct SocialEvent
{
    static constexpr int kSchemaVersion = 1;
    enum class Kind : std::uint8_t
    {
        Follow,
        JoinChallenge,
        PartnerRequest
    };

    Kind kind = Kind::Follow;
    std::string userId;
    TimestampUs tsUs = 0;
    TimestampUs sentAtUs = 0;
    std::string targetUserId; ///< Follow, PartnerRequest: another user (never userId itself)
    std::string challengeId;  ///< JoinChallenge

    bool operator==(const SocialEvent& o) const
    {
        return kind == o.kind && userId == o.userId && tsUs == o.tsUs && sentAtUs == o.sentAtUs &&
               targetUserId == o.targetUserId && challengeId == o.challengeId;
    }
};

/// `ai-interactions`: a user's question to the AI coach (JSON type "coach-question").
struct AiInteraction
{
    static constexpr int kSchemaVersion = 1;

    std::string userId;
    std::string conversationId;
    TimestampUs tsUs = 0;
    TimestampUs sentAtUs = 0;
    std::string question; ///< UTF-8, 1..2,000 bytes

    bool operator==(const AiInteraction& o) const
    {
        return userId == o.userId && conversationId == o.conversationId && tsUs == o.tsUs && sentAtUs == o.sentAtUs &&
               question == o.question;
    }
};

const char* workoutPhaseName(WorkoutEvent::Phase phase); ///< "workout-start", "workout-stop", "workout-summary"
const char* userEventKindName(UserEvent::Kind kind);     ///< "sign-up", "profile-change", "goal-set"
const char* goalName(UserEvent::Goal goal);              ///< "daily_steps", "daily_active_minutes", "weekly_trimp"
const char* socialEventKindName(SocialEvent::Kind kind); ///< "follow", "join-challenge", "partner-request"

} // namespace nexus
