#pragma once

#include <array>
#include <string_view>

namespace nexus {

/// A Kafka topic of the platform and its partition count (DESIGN.md, "Data flow").
struct TopicSpec
{
    std::string_view name;
    int partitions;
    bool input; ///< written by producers outside the stack (devices, apps, the simulator)
};

namespace topics {
constexpr std::string_view kUserEvents = "user-events";
constexpr std::string_view kHealthMetrics = "health-metrics";
constexpr std::string_view kWorkoutData = "workout-data";
constexpr std::string_view kSocialEvents = "social-events";
constexpr std::string_view kAiInteractions = "ai-interactions";
constexpr std::string_view kTwinUpdates = "twin-updates";
constexpr std::string_view kAlerts = "alerts";
constexpr std::string_view kCoachMessages = "coach-messages";
constexpr std::string_view kDeadLetters = "dead-letters";
constexpr std::string_view kActivityProgress = "activity-progress";
} // namespace topics

/// Every topic the stack uses, inputs first. Output topics are keyed by user id like the inputs,
/// so twin-updates get as many partitions as health-metrics.
constexpr std::array<TopicSpec, 10> kTopicCatalogue{{
    {topics::kUserEvents, 12, true},
    {topics::kHealthMetrics, 24, true},
    {topics::kWorkoutData, 8, true},
    {topics::kSocialEvents, 6, true},
    {topics::kAiInteractions, 16, true},
    {topics::kTwinUpdates, 24, false},
    {topics::kAlerts, 6, false},
    {topics::kCoachMessages, 6, false},
    {topics::kDeadLetters, 6, false}, ///< what processors could not use, with the reason (dead-letter.v1)
    /// The activity processor's daily steps, active minutes and load against goals (activity-progress.v1):
    /// about one message per active user per 15 min of event time, so fewer partitions than twin-updates.
    {topics::kActivityProgress, 12, false},
}};

} // namespace nexus
