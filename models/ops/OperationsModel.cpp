#include "models/ops/OperationsModel.h"

namespace nexus {

namespace {
double perSecond(std::uint64_t now, std::uint64_t before, DurationUs dtUs)
{
    if (dtUs <= 0 || now < before)
        return 0.0;
    return double(now - before) * double(kUsPerSecond) / double(dtUs);
}
} // namespace

OperationsModel::OperationsModel(QObject* parent) : QObject(parent), m_activeUsers(this) {}

void OperationsModel::clear()
{
    m_history.clear();
    m_throughput.clear();
    m_brokerSamples.clear();
    m_kpis = {};
}

const StackSnapshot& OperationsModel::snapshotBefore(DurationUs age) const
{
    const TimestampUs cutoff = m_history.back().wallUs - age;
    for (auto it = m_history.rbegin(); it != m_history.rend(); ++it)
        if (it->wallUs <= cutoff)
            return *it;
    return m_history.front();
}

void OperationsModel::appendTopicRates(const StackSnapshot& s)
{
    if (s.topicsSampledAtUs == 0 || (!m_brokerSamples.empty() && s.topicsSampledAtUs == m_brokerSamples.back().atUs))
        return;
    m_brokerSamples.push_back({s.topicsSampledAtUs, s.topics});
    // Rates over a trailing span of at least kRateWindow: devices upload in bursts, and two
    // samples 0.5 s apart would alias them into a zig-zag.
    while (m_brokerSamples.size() > 2 && m_brokerSamples[1].atUs <= s.topicsSampledAtUs - kRateWindow)
        m_brokerSamples.pop_front();
    if (m_brokerSamples.size() < 2)
        return;
    const BrokerSample& before = m_brokerSamples.front();
    ++m_throughputRevision;
    const DurationUs dt = s.topicsSampledAtUs - before.atUs;
    for (const TopicTraffic& t : s.topics) {
        for (const TopicTraffic& old : before.topics) {
            if (old.name == t.name)
                m_throughput.append(QString::fromStdString(t.name), s.topicsSampledAtUs,
                                    perSecond(std::uint64_t(t.messages), std::uint64_t(old.messages), dt));
        }
    }
}

void OperationsModel::update(const StackSnapshot& snapshot)
{
    m_history.push_back(snapshot);
    while (m_history.size() > 2 && m_history.front().wallUs < snapshot.wallUs - kLatencyWindow - kUsPerSecond)
        m_history.pop_front();

    const StackSnapshot& before = snapshotBefore(kRateWindow);
    const DurationUs dt = snapshot.wallUs - before.wallUs;
    m_kpis.producedMsgsPerSec = perSecond(snapshot.batchesProduced, before.batchesProduced, dt);
    m_kpis.producedSamplesPerSec = perSecond(snapshot.samplesProduced, before.samplesProduced, dt);
    m_kpis.consumedMsgsPerSec = perSecond(snapshot.batchesConsumed, before.batchesConsumed, dt);
    m_kpis.consumedSamplesPerSec = perSecond(snapshot.samplesConsumed, before.samplesConsumed, dt);
    m_kpis.simulatorBehindUs = snapshot.simulatorBehindUs;
    m_kpis.consumerLag = snapshot.consumerLag;
    m_kpis.malformed = snapshot.malformedMessages;
    m_kpis.lost = snapshot.lostMessages;
    m_kpis.usersTracked = snapshot.usersTracked;

    const LatencyHistogram recent = snapshot.endToEnd.minus(snapshotBefore(kLatencyWindow).endToEnd);
    m_kpis.p50LatencyMs = double(recent.percentileUs(0.50)) / double(kUsPerMs);
    m_kpis.p99LatencyMs = double(recent.percentileUs(0.99)) / double(kUsPerMs);

    appendTopicRates(snapshot);
    m_activeUsers.setRows(snapshot.mostActive);
    emit updated();
}

} // namespace nexus
