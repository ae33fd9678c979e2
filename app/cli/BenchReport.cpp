#include "app/cli/BenchReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nexus::cli {

namespace {

QString n(double v) { return QLocale(QLocale::English).toString(qint64(std::llround(v))); }
double ms(std::int64_t us) { return double(us) / 1000.0; }
double seconds(DurationUs us) { return double(us) / double(kUsPerSecond); }

QJsonObject latencyJson(const LatencyHistogram& h)
{
    return {{"samples", double(h.count())},          {"p50", ms(h.percentileUs(0.50))},
            {"p90", ms(h.percentileUs(0.90))},       {"p99", ms(h.percentileUs(0.99))},
            {"p999", ms(h.percentileUs(0.999))},     {"max", ms(h.maxUs())},
            {"mean", h.meanUs() / 1000.0}};
}

} // namespace

void printJson(const BenchOptions& o, const BenchRun& r)
{
    const double spe = o.simulator.uploadIntervalSeconds; // requested: full uploads
    QJsonArray timeline;
    for (const Tick& t : r.ticks)
        timeline.append(QJsonObject{{"t_s", t.tS}, {"requested_events_per_s", t.requested}, {"sent_events_per_s", t.sent},
                                    {"processed_events_per_s", t.processed}, {"lag", double(t.lag)}, {"p99_ms", t.p99Ms}});
    const QJsonObject out{
        {"profile", QJsonObject{{"description", QString::fromStdString(o.profile.describe())},
                                {"duration_s", seconds(o.profile.durationUs())}, {"users", o.simulator.users},
                                {"samples_per_event", o.simulator.uploadIntervalSeconds}}},
        {"seconds", r.seconds},
        {"requested", QJsonObject{{"events", double(r.requested)}, {"events_per_s", double(r.requested) / r.seconds},
                                  {"samples_per_s", double(r.requested) * spe / r.seconds}}},
        {"achieved", QJsonObject{{"events", double(r.sent)}, {"events_per_s", double(r.sent) / r.seconds},
                                 {"samples", double(r.samples)}, {"samples_per_s", double(r.samples) / r.seconds}}},
        {"errors", double(r.errors)},
        {"unsent", double(r.requested - std::min(r.requested, r.sent + r.errors))},
        {"generator_max_late_ms", ms(r.maxLateUs)},
        {"processed", QJsonObject{{"events", double(r.last.batchesConsumed)}, {"malformed", double(r.last.malformedMessages)},
                                  {"lost", double(r.last.lostMessages)}, {"twin_updates", double(r.last.twinUpdatesPublished)}}},
        {"latency_ms", QJsonObject{{"update_received", latencyJson(r.received)}, {"applied", latencyJson(r.applied)},
                                   {"alert_received", latencyJson(r.alertReceived)}}},
        {"twin_updates_received", double(r.updates)},
        {"alerts", QJsonObject{{"alert_users", o.spikes.userShare}, {"spiked_events", double(r.spiked)},
                               {"messages_published", double(r.last.alertMessages)},
                               {"messages_received", double(r.alerts)}}},
        {"group_join_s", r.joinSeconds},
        {"timeline", timeline}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
}

void printTable(const BenchOptions& o, const BenchRun& r)
{
    const auto row = [](const char* label, const LatencyHistogram& h) {
        std::printf("  %-34s %9s %8.1f %8.1f %8.1f %8.1f %8.1f\n", label, qPrintable(n(double(h.count()))),
                    ms(h.percentileUs(0.50)), ms(h.percentileUs(0.90)), ms(h.percentileUs(0.99)),
                    ms(h.percentileUs(0.999)), ms(h.maxUs()));
    };
    const double spe = o.simulator.uploadIntervalSeconds; // requested: full uploads
    std::printf("== nexus-twin bench ==\n");
    std::printf("profile: %s; %d users, %d samples/event, keyed by user id\n", o.profile.describe().c_str(),
                o.simulator.users, o.simulator.uploadIntervalSeconds);
    std::printf("ran %.1f s after the consumer groups joined (%.1f s)\n\n", r.seconds, r.joinSeconds);
    std::printf("  %-22s %14s %14s\n", "", "requested", "achieved");
    std::printf("  %-22s %14s %14s\n", "events/s", qPrintable(n(double(r.requested) / r.seconds)),
                qPrintable(n(double(r.sent) / r.seconds)));
    std::printf("  %-22s %14s %14s  (%.2f samples/event: a device taken off mid-upload sends fewer)\n", "samples/s",
                qPrintable(n(double(r.requested) * spe / r.seconds)), qPrintable(n(double(r.samples) / r.seconds)),
                r.sent ? double(r.samples) / double(r.sent) : 0.0);
    std::printf("  %-22s %14s %14s\n", "events", qPrintable(n(double(r.requested))), qPrintable(n(double(r.sent))));
    std::printf("  errors %s, unsent (behind schedule at the end) %s, generator max lateness %.1f ms\n",
                qPrintable(n(double(r.errors))), qPrintable(n(double(r.requested - std::min(r.requested, r.sent + r.errors)))),
                ms(r.maxLateUs));
    std::printf("  processed %s events, %s malformed, %s lost; %s twin updates published, %s received\n\n",
                qPrintable(n(double(r.last.batchesConsumed))), qPrintable(n(double(r.last.malformedMessages))),
                qPrintable(n(double(r.last.lostMessages))), qPrintable(n(double(r.last.twinUpdatesPublished))),
                qPrintable(n(double(r.updates))));
    std::printf("  %-34s %9s %8s %8s %8s %8s %8s\n", "latency (ms) from intended send", "samples", "p50", "p90", "p99",
                "p99.9", "max");
    row("-> twin update received", r.received);
    row("-> applied by the processor", r.applied);
    row("-> alert received", r.alertReceived);
    std::printf("  (a twin update per user at most every 10 s of event time: %s of %s events gave an update sample;\n"
                "   %s events carried a heart-rate spike (%.0f %% of users), %s alert messages published, %s received)\n\n",
                qPrintable(n(double(r.received.count()))), qPrintable(n(double(r.sent))), qPrintable(n(double(r.spiked))),
                o.spikes.userShare * 100.0, qPrintable(n(double(r.last.alertMessages))), qPrintable(n(double(r.alerts))));
    std::printf("  processor lag on health-metrics (messages) at:");
    const std::size_t stride = std::max<std::size_t>(1, r.ticks.size() / 10);
    std::int64_t maxLag = 0;
    for (std::size_t i = 0; i < r.ticks.size(); ++i) {
        maxLag = std::max(maxLag, r.ticks[i].lag);
        if (i % stride == 0 || i + 1 == r.ticks.size())
            std::printf(" %.0fs=%s", r.ticks[i].tS, qPrintable(n(double(r.ticks[i].lag))));
    }
    std::printf("; max %s\n", qPrintable(n(double(maxLag))));
}

} // namespace nexus::cli
