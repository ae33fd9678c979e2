#include "backend/api/PrometheusMetrics.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace nexus {

namespace {

prometheus::MetricFamily one(const char* name, const char* help, prometheus::MetricType type, double value)
{
    prometheus::ClientMetric m;
    if (type == prometheus::MetricType::Counter)
        m.counter.value = value;
    else
        m.gauge.value = value;
    return {name, help, type, {m}};
}

prometheus::MetricFamily latencySummary(const LatencyHistogram& h)
{
    prometheus::ClientMetric m;
    m.summary.sample_count = h.count();
    m.summary.sample_sum = h.meanUs() * double(h.count()) / 1e6;
    for (const double q : {0.5, 0.9, 0.99, 0.999})
        m.summary.quantile.push_back({q, double(h.percentileUs(q)) / 1e6});
    return {"nexus_end_to_end_latency_seconds", "Device send to applied to the twin, since the processor started",
            prometheus::MetricType::Summary, {m}};
}

} // namespace

std::string prometheusText(const StackSnapshot& s)
{
    using prometheus::MetricType;
    std::vector<prometheus::MetricFamily> families{
        one("nexus_messages_consumed_total", "health-metrics messages the processor applied", MetricType::Counter,
            double(s.batchesConsumed)),
        one("nexus_samples_consumed_total", "Samples applied to twins", MetricType::Counter, double(s.samplesConsumed)),
        one("nexus_duplicate_samples_total", "Samples skipped as already applied", MetricType::Counter,
            double(s.duplicateSamples)),
        one("nexus_malformed_messages_total", "Messages skipped as malformed", MetricType::Counter,
            double(s.malformedMessages)),
        one("nexus_lost_messages_total", "Messages the bus dropped before the processor read them",
            MetricType::Counter, double(s.lostMessages)),
        one("nexus_twin_updates_published_total", "Twin updates published on twin-updates", MetricType::Counter,
            double(s.twinUpdatesPublished)),
        one("nexus_alerts_opened_total", "Alert episodes the health analyzer opened", MetricType::Counter,
            double(s.alertsOpened)),
        one("nexus_alert_messages_total", "Messages published on alerts (open, update, closed)", MetricType::Counter,
            double(s.alertMessages)),
        one("nexus_dead_letters_total", "Messages sent to dead-letters with the reason they were rejected",
            MetricType::Counter, double(s.deadLetters)),
        one("nexus_late_samples_total", "Samples counted although newer ones had arrived (within the lateness)",
            MetricType::Counter, double(s.lateSamples)),
        one("nexus_too_late_samples_total", "Samples older than the allowed lateness, not counted",
            MetricType::Counter, double(s.tooLateSamples)),
        one("nexus_too_late_messages_total", "Uploads of only too-late samples, sent to dead-letters",
            MetricType::Counter, double(s.tooLateMessages)),
        one("nexus_consumer_lag_messages", "Messages behind the high watermarks (-1 until known)", MetricType::Gauge,
            double(s.consumerLag)),
        one("nexus_users_tracked", "Twins the processor holds", MetricType::Gauge, double(s.usersTracked)),
        latencySummary(s.endToEnd),
    };
    if (!s.storeUrl.empty()) {
        families.push_back(one("nexus_store_rows_total", "Sample rows written to PostgreSQL", MetricType::Counter,
                               double(s.rowsStored)));
        families.push_back(one("nexus_store_queued_samples", "Samples waiting for the store's next transaction",
                               MetricType::Gauge, double(s.storeQueuedSamples)));
        families.push_back(one("nexus_store_healthy", "1 when the store's last transaction succeeded",
                               MetricType::Gauge, s.storeProblem.empty() ? 1.0 : 0.0));
    }
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, families);
    return out.str();
}

} // namespace nexus
