#include "backend/api/ActivityMetrics.h"

#include "models/events/Topics.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace nexus {

namespace {

prometheus::ClientMetric value(prometheus::MetricType type, double v,
                               std::vector<prometheus::ClientMetric::Label> labels = {})
{
    prometheus::ClientMetric m;
    m.label = std::move(labels);
    if (type == prometheus::MetricType::Counter)
        m.counter.value = v;
    else
        m.gauge.value = v;
    return m;
}

prometheus::MetricFamily family(const char* name, const char* help, prometheus::MetricType type, double v)
{
    return {name, help, type, {value(type, v)}};
}

} // namespace

std::string activityPrometheusText(const ActivityProcessorStats& s)
{
    using prometheus::MetricType;
    const auto topic = [](std::string_view name) {
        return std::vector<prometheus::ClientMetric::Label>{{"topic", std::string(name)}};
    };
    prometheus::MetricFamily consumed{
        "nexus_activity_messages_consumed_total",
        "Messages the activity processor applied to its users, by input topic",
        MetricType::Counter,
        {value(MetricType::Counter, double(s.healthMessages), topic(topics::kHealthMetrics)),
         value(MetricType::Counter, double(s.workoutMessages), topic(topics::kWorkoutData)),
         value(MetricType::Counter, double(s.userEventMessages), topic(topics::kUserEvents))}};
    prometheus::MetricFamily malformed{"nexus_activity_malformed_messages_total",
                                       "Input messages the activity processor could not decode, by reason",
                                       MetricType::Counter,
                                       {}};
    for (const auto& [reason, n] : s.malformedByReason)
        malformed.metric.push_back(value(MetricType::Counter, double(n), {{"reason", reason}}));
    if (malformed.metric.empty())
        malformed.metric.push_back(value(MetricType::Counter, 0.0));
    std::vector<prometheus::MetricFamily> families{
        consumed,
        family("nexus_activity_others_messages_total",
               "workout-data and user-events messages of users another group member owns (read and skipped)",
               MetricType::Counter, double(s.othersMessages)),
        family("nexus_activity_samples_counted_total", "Samples counted into a user's day", MetricType::Counter,
               double(s.samplesCounted)),
        family("nexus_activity_duplicate_samples_total", "Samples skipped as already counted", MetricType::Counter,
               double(s.duplicateSamples)),
        family("nexus_activity_late_samples_total", "Samples behind the allowed lateness (to dead-letters)",
               MetricType::Counter, double(s.lateSamples)),
        family("nexus_activity_progress_messages_total",
               "Messages published on activity-progress (progress, goal-reached, day-closed)", MetricType::Counter,
               double(s.progressMessages)),
        family("nexus_activity_goals_reached_total", "Goals announced reached (once per user, goal and day)",
               MetricType::Counter, double(s.goalsReached)),
        family("nexus_activity_days_closed_total", "User days closed with their final values", MetricType::Counter,
               double(s.daysClosed)),
        malformed,
        family("nexus_activity_dead_letters_total", "Messages the activity processor sent to dead-letters",
               MetricType::Counter, double(s.deadLetters)),
        family("nexus_activity_misrouted_messages_total",
               "health-metrics uploads in another partition than the producers' partitioner gives their key",
               MetricType::Counter, double(s.misrouted)),
        family("nexus_activity_users_tracked", "Users the activity processor holds state for", MetricType::Gauge,
               double(s.usersTracked)),
        family("nexus_activity_partitions_owned", "health-metrics partitions this activity processor owns",
               MetricType::Gauge, double(s.partitions.size())),
        family("nexus_activity_consumer_lag_messages", "health-metrics messages behind (-1 until known)",
               MetricType::Gauge, double(s.lag)),
    };
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, families);
    return out.str();
}

} // namespace nexus
