#include "simulator/stream/SimEvent.h"

#include "models/events/Topics.h"

namespace nexus::sim {

namespace {
struct TopicOf
{
    std::string_view operator()(const HealthBatch&) const { return topics::kHealthMetrics; }
    std::string_view operator()(const WorkoutEvent&) const { return topics::kWorkoutData; }
    std::string_view operator()(const UserEvent&) const { return topics::kUserEvents; }
    std::string_view operator()(const SocialEvent&) const { return topics::kSocialEvents; }
    std::string_view operator()(const AiInteraction&) const { return topics::kAiInteractions; }
};
} // namespace

const std::string& SimEvent::userId() const
{
    return std::visit([](const auto& e) -> const std::string& { return e.userId; }, payload);
}

std::string_view SimEvent::topic() const
{
    return std::visit(TopicOf{}, payload);
}

} // namespace nexus::sim
