#include "app/HeadlessSummary.h"

#include <QLocale>
#include <QString>

namespace nexus {

namespace {
QString n(double v) { return QLocale(QLocale::English).toString(qint64(std::llround(v))); }
QString ms(std::int64_t us) { return QString::number(double(us) / 1000.0, 'f', 1); }
double rate(std::uint64_t now, std::uint64_t before, double seconds)
{
    return seconds > 0 && now >= before ? double(now - before) / seconds : 0.0;
}
/// " | stored 1,234 rows", with the store's problem when it has one; empty when the store is off.
QString storePart(const StackSnapshot& s)
{
    if (s.storeUrl.empty())
        return {};
    QString part = QStringLiteral(" | stored %1 rows").arg(n(double(s.rowsStored)));
    if (!s.storeProblem.empty())
        part += QStringLiteral(" | STORE PROBLEM: %1").arg(QString::fromStdString(s.storeProblem).simplified());
    return part;
}
} // namespace

std::string formatStackAddresses(const std::string& bootstrap, bool embedded, const std::string& storeUrl)
{
    return "Kafka bootstrap: " + bootstrap + (embedded ? " (embedded cluster)\n" : " (external brokers)\n") +
           "PostgreSQL: " + (storeUrl.empty() ? std::string("off (--no-store): nothing is kept after the stack stops")
                                              : storeUrl) +
           '\n';
}

std::string formatSummaryLine(const StackSnapshot& before, const StackSnapshot& now, double elapsedSeconds)
{
    const double dt = double(now.wallUs - before.wallUs) / double(kUsPerSecond);
    const LatencyHistogram interval = now.endToEnd.minus(before.endToEnd);
    QString topicTotals;
    for (const TopicTraffic& t : now.topics)
        if (t.messages > 0)
            topicTotals += QStringLiteral(" %1=%2").arg(QString::fromStdString(t.name), n(double(t.messages)));
    const QString line =
        QStringLiteral("[%1s] produced %2 msg/s (%3 samples/s) | processed %4 msg/s (%5 samples/s) | lag %6 | "
                       "e2e p50 %7 ms p99 %8 ms%9%10%12 | totals:%11")
            .arg(elapsedSeconds, 5, 'f', 0)
            .arg(n(rate(now.batchesProduced, before.batchesProduced, dt)))
            .arg(n(rate(now.samplesProduced, before.samplesProduced, dt)))
            .arg(n(rate(now.batchesConsumed, before.batchesConsumed, dt)))
            .arg(n(rate(now.samplesConsumed, before.samplesConsumed, dt)))
            .arg(now.consumerLag < 0 ? QStringLiteral("joining") : n(double(now.consumerLag)))
            .arg(ms(interval.percentileUs(0.50)), ms(interval.percentileUs(0.99)))
            .arg(now.lostMessages > 0 ? QStringLiteral(" | LOST %1 (dropped by the bus)").arg(n(double(now.lostMessages)))
                                      : QString())
            .arg(now.simulatorBehindUs > kUsPerSecond
                     ? QStringLiteral(" | simulator %1 s behind its requested rate")
                           .arg(double(now.simulatorBehindUs) / double(kUsPerSecond), 0, 'f', 1)
                     : QString())
            .arg(topicTotals.isEmpty() ? QStringLiteral(" -") : topicTotals)
            .arg(storePart(now));
    return line.toStdString();
}

static QString latencyLine(const char* label, const LatencyHistogram& h)
{
    return QStringLiteral("end-to-end latency (device send -> twin updated), %1, %2 msgs: p50 %3 ms, p90 %4 ms, "
                          "p99 %5 ms, max %6 ms\n")
        .arg(label, n(double(h.count())))
        .arg(ms(h.percentileUs(0.50)), ms(h.percentileUs(0.90)), ms(h.percentileUs(0.99)), ms(h.maxUs()));
}

std::string formatFinalSummary(const StackSnapshot& first, const StackSnapshot* warm, const StackSnapshot& last,
                               double startMs)
{
    const double dt = double(last.wallUs - first.wallUs) / double(kUsPerSecond);
    QString out;
    out += QStringLiteral("== NexusTwin demo summary ==\n");
    out += QStringLiteral("stack start: %1 ms; ran %2 s; Kafka: %3 (%4)\n")
               .arg(startMs, 0, 'f', 0)
               .arg(dt, 0, 'f', 1)
               .arg(QString::fromStdString(last.bootstrap), last.embedded ? "embedded" : "external");
    out += QStringLiteral("produced:  %1 msgs, %2 samples (avg %3 msg/s, %4 samples/s), %5 errors\n")
               .arg(n(double(last.batchesProduced)), n(double(last.samplesProduced)))
               .arg(n(rate(last.batchesProduced, first.batchesProduced, dt)))
               .arg(n(rate(last.samplesProduced, first.samplesProduced, dt)))
               .arg(n(double(last.produceErrors)));
    out += QStringLiteral("processed: %1 msgs, %2 samples (avg %3 msg/s, %4 samples/s); %5 malformed; %6 twin "
                          "updates; %7 users; %9 duplicate samples skipped\n"
                          "alerts:    %10 opened (%11 messages on alerts); %12 messages to dead-letters\n"
                          "lost:      %8 msgs (dropped by the bus before the processor read them)\n")
               .arg(n(double(last.batchesConsumed)), n(double(last.samplesConsumed)))
               .arg(n(rate(last.batchesConsumed, first.batchesConsumed, dt)))
               .arg(n(rate(last.samplesConsumed, first.samplesConsumed, dt)))
               .arg(n(double(last.malformedMessages)), n(double(last.twinUpdatesPublished)),
                    n(double(last.usersTracked)), n(double(last.lostMessages)))
               .arg(n(double(last.duplicateSamples)))
               .arg(n(double(last.alertsOpened)), n(double(last.alertMessages)), n(double(last.deadLetters)));
    // When our simulator is the only producer we know what should have arrived: a reconciliation
    // of the processor's own loss accounting, which must come out even.
    if (last.batchesProduced > 0) {
        const std::uint64_t seen = last.batchesConsumed + last.malformedMessages + last.lostMessages;
        if (last.batchesProduced > seen)
            out += QStringLiteral("NOT PROCESSED: %1 of %2 produced msgs are neither processed, malformed nor "
                                  "counted lost\n")
                       .arg(n(double(last.batchesProduced - seen)), n(double(last.batchesProduced)));
    }
    out += latencyLine("whole run", last.endToEnd);
    if (warm) {
        LatencyHistogram steady = last.endToEnd.minus(warm->endToEnd);
        out += latencyLine("after warm-up", steady);
    }
    if (!last.storeUrl.empty())
        out += QStringLiteral("stored:    %1 sample rows in PostgreSQL (%2)%3\n")
                   .arg(n(double(last.rowsStored)), QString::fromStdString(last.storeUrl),
                        last.storeProblem.empty() ? QString()
                                                  : "; last problem: " + QString::fromStdString(last.storeProblem).simplified());
    out += QStringLiteral("final consumer lag: %1\n")
               .arg(last.consumerLag < 0 ? QStringLiteral("unknown") : n(double(last.consumerLag)));
    out += QStringLiteral("topics (messages appended, from broker watermarks):");
    for (const TopicTraffic& t : last.topics)
        out += QStringLiteral(" %1[%2p]=%3").arg(QString::fromStdString(t.name)).arg(t.partitions).arg(n(double(t.messages)));
    out += '\n';
    return out.toStdString();
}

} // namespace nexus
