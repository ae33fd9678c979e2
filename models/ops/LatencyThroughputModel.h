#pragma once

#include "models/metrics/StackSnapshot.h"
#include "models/ops/TrendSeries.h"

#include <QObject>

#include <optional>

namespace nexus {

/// The end-to-end latency of what happened between two cumulative histograms, in milliseconds.
struct IntervalLatency
{
    std::uint64_t count = 0; ///< latencies recorded in the interval (0: the percentiles mean nothing)
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
};
/// `now.minus(before)`'s percentiles: the distribution of the interval alone.
IntervalLatency intervalLatency(const LatencyHistogram& now, const LatencyHistogram& before);

/// The Latency and throughput panel's history, fed one StackSnapshot per tick on the GUI thread.
/// About once a second (kSamplePeriod) it closes an interval against the previous one and appends:
/// end-to-end p50/p95/p99 of that interval (from the difference of the processor's cumulative
/// histograms) to latency(), in ms, when anything was processed; messages/s per topic from the
/// brokers' high watermarks to topicRates(), for topics that carried traffic since the start or
/// the last clear(); and per-second rates of malformed, lost and dead-lettered messages and of
/// produce errors to errorRates(). Counters that go backwards (a new stack) start a new interval.
class LatencyThroughputModel : public QObject
{
    Q_OBJECT
public:
    static constexpr DurationUs kSamplePeriod = kUsPerSecond;

    // Line names of latency() and errorRates().
    static inline const QString kP50 = QStringLiteral("p50");
    static inline const QString kP95 = QStringLiteral("p95");
    static inline const QString kP99 = QStringLiteral("p99");
    static inline const QString kMalformed = QStringLiteral("malformed");
    static inline const QString kLost = QStringLiteral("lost");
    static inline const QString kDeadLetters = QStringLiteral("dead letters");
    static inline const QString kProduceErrors = QStringLiteral("produce errors");

    /// One closed interval, as last appended.
    struct Interval
    {
        TimestampUs endUs = 0;
        DurationUs lengthUs = 0;
        IntervalLatency latency;
        double messagesPerSec = 0; ///< over every topic (broker high watermarks)
        double malformedPerSec = 0;
        double lostPerSec = 0;
        double deadLettersPerSec = 0;
        double produceErrorsPerSec = 0;
    };

    explicit LatencyThroughputModel(QObject* parent = nullptr);

    /// Takes one snapshot (GUI thread, every tick); emits sampled() when an interval closed.
    void update(const StackSnapshot& snapshot);
    /// The span the charts show (5 min … 24 h); every series keeps 24 h regardless.
    void setWindow(DurationUs window);
    DurationUs window() const { return m_latency.window(); }
    /// Forgets every point; the next snapshot starts a new interval. Emits sampled().
    void clear();

    const TrendSeries& latency() const { return m_latency; }
    const TrendSeries& topicRates() const { return m_topicRates; }
    const TrendSeries& errorRates() const { return m_errorRates; }
    /// The last closed interval; empty before the first (or after clear()).
    const std::optional<Interval>& lastInterval() const { return m_last; }

signals:
    /// Points were added, or the series were cleared or their window changed.
    void sampled();

private:
    /// What an interval is measured against: the previous snapshot's cumulative figures.
    struct Baseline
    {
        TimestampUs wallUs = 0;
        LatencyHistogram endToEnd;
        std::uint64_t batchesConsumed = 0;
        std::uint64_t malformed = 0;
        std::uint64_t lost = 0;
        std::uint64_t deadLetters = 0;
        std::uint64_t produceErrors = 0;
        TimestampUs topicsSampledAtUs = 0;
        std::vector<TopicTraffic> topics;
    };
    static Baseline baselineOf(const StackSnapshot& s);
    double appendTopicRates(const StackSnapshot& s);

    TrendSeries m_latency;
    TrendSeries m_topicRates;
    TrendSeries m_errorRates;
    std::optional<Baseline> m_baseline;
    std::optional<Interval> m_last;
};

} // namespace nexus
