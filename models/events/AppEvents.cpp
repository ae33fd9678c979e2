#include "models/events/AppEvents.h"

// The names are the JSON "type" and "goal" values of resources/schemas/: changing one is a
// schema change.
namespace nexus {

const char* workoutPhaseName(WorkoutEvent::Phase phase)
{
    switch (phase) {
    case WorkoutEvent::Phase::Start:
        return "workout-start";
    case WorkoutEvent::Phase::Stop:
        return "workout-stop";
    case WorkoutEvent::Phase::Summary:
        return "workout-summary";
    }
    return "?";
}

const char* userEventKindName(UserEvent::Kind kind)
{
    switch (kind) {
    case UserEvent::Kind::SignUp:
        return "sign-up";
    case UserEvent::Kind::ProfileChange:
        return "profile-change";
    case UserEvent::Kind::GoalSet:
        return "goal-set";
    }
    return "?";
}

const char* goalName(UserEvent::Goal goal)
{
    switch (goal) {
    case UserEvent::Goal::DailySteps:
        return "daily_steps";
    case UserEvent::Goal::DailyActiveMinutes:
        return "daily_active_minutes";
    case UserEvent::Goal::WeeklyTrimp:
        return "weekly_trimp";
    }
    return "?";
}

const char* socialEventKindName(SocialEvent::Kind kind)
{
    switch (kind) {
    case SocialEvent::Kind::Follow:
        return "follow";
    case SocialEvent::Kind::JoinChallenge:
        return "join-challenge";
    case SocialEvent::Kind::PartnerRequest:
        return "partner-request";
    }
    return "?";
}

} // namespace nexus
