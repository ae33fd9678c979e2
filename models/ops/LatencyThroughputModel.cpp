#include "models/ops/LatencyThroughputModel.h"

namespace nexus {

namespace {
double ms(std::int64_t us) { return double(us) / double(kUsPerMs); }

/// Events per second between two readings of a cumulative counter.
double rate(std::uint64_t now, std::uint64_t before, DurationUs dtUs)
{
    return dtUs > 0 && now >= before ? double(now - before) * double(kUsPerSecond) / double(dtUs) : 0.0;
}
} // namespace

IntervalLatency intervalLatency(const LatencyHistogram& now, const LatencyHistogram& before)
{
    const LatencyHistogram interval = now.minus(before);
    IntervalLatency out;
    out.count = interval.count();
    if (out.count > 0) {
        out.p50Ms = ms(interval.percentileUs(0.50));
        out.p95Ms = ms(interval.percentileUs(0.95));
        out.p99Ms = ms(interval.percentileUs(0.99));
    }
    return out;
}

LatencyThroughputModel::LatencyThroughputModel(QObject* parent) : QObject(parent) {}

LatencyThroughputModel::Baseline LatencyThroughputModel::baselineOf(const StackSnapshot& s)
{
    return {s.wallUs, s.endToEnd, s.batchesConsumed, s.malformedMessages, s.lostMessages, s.deadLetters,
            s.produceErrors, s.topicsSampledAtUs, s.topics};
}

double LatencyThroughputModel::appendTopicRates(const StackSnapshot& s)
{
    const Baseline& before = *m_baseline;
    if (before.topicsSampledAtUs == 0 || s.topicsSampledAtUs <= before.topicsSampledAtUs)
        return 0.0; // no newer broker sample: the topics get their point next interval
    const DurationUs dt = s.topicsSampledAtUs - before.topicsSampledAtUs;
    double total = 0;
    for (const TopicTraffic& t : s.topics) {
        for (const TopicTraffic& old : before.topics) {
            if (old.name != t.name)
                continue;
            const double r = rate(std::uint64_t(t.messages), std::uint64_t(old.messages), dt);
            const QString name = QString::fromStdString(t.name);
            // Idle topics stay off the chart until they carry something.
            if (r > 0 || m_topicRates.size(name) > 0)
                m_topicRates.append(name, s.topicsSampledAtUs, r);
            total += r;
        }
    }
    return total;
}

void LatencyThroughputModel::update(const StackSnapshot& s)
{
    if (!s.running)
        return;
    const bool restarted = m_baseline && (s.wallUs < m_baseline->wallUs || s.batchesConsumed < m_baseline->batchesConsumed ||
                                          s.endToEnd.count() < m_baseline->endToEnd.count());
    if (!m_baseline || restarted) {
        m_baseline = baselineOf(s);
        return;
    }
    const DurationUs dt = s.wallUs - m_baseline->wallUs;
    if (dt < kSamplePeriod)
        return;

    Interval iv;
    iv.endUs = s.wallUs;
    iv.lengthUs = dt;
    iv.latency = intervalLatency(s.endToEnd, m_baseline->endToEnd);
    if (iv.latency.count > 0) { // nothing processed: no latency to speak of (a gap, not a zero)
        m_latency.append(kP50, s.wallUs, iv.latency.p50Ms);
        m_latency.append(kP95, s.wallUs, iv.latency.p95Ms);
        m_latency.append(kP99, s.wallUs, iv.latency.p99Ms);
    }
    iv.malformedPerSec = rate(s.malformedMessages, m_baseline->malformed, dt);
    iv.lostPerSec = rate(s.lostMessages, m_baseline->lost, dt);
    iv.deadLettersPerSec = rate(s.deadLetters, m_baseline->deadLetters, dt);
    iv.produceErrorsPerSec = rate(s.produceErrors, m_baseline->produceErrors, dt);
    m_errorRates.append(kMalformed, s.wallUs, iv.malformedPerSec);
    m_errorRates.append(kLost, s.wallUs, iv.lostPerSec);
    m_errorRates.append(kDeadLetters, s.wallUs, iv.deadLettersPerSec);
    m_errorRates.append(kProduceErrors, s.wallUs, iv.produceErrorsPerSec);
    iv.messagesPerSec = appendTopicRates(s);
    if (s.topicsSampledAtUs <= m_baseline->topicsSampledAtUs && m_last)
        iv.messagesPerSec = m_last->messagesPerSec; // the brokers' view did not move this interval

    m_baseline = baselineOf(s);
    m_last = iv;
    emit sampled();
}

void LatencyThroughputModel::setWindow(DurationUs window)
{
    for (TrendSeries* series : {&m_latency, &m_topicRates, &m_errorRates})
        series->setWindow(window);
    emit sampled();
}

void LatencyThroughputModel::clear()
{
    for (TrendSeries* series : {&m_latency, &m_topicRates, &m_errorRates})
        series->clear();
    m_baseline.reset();
    m_last.reset();
    emit sampled();
}

} // namespace nexus
