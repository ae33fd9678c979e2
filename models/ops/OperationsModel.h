#pragma once

#include "models/metrics/StackSnapshot.h"
#include "models/ops/ActiveUsersModel.h"
#include "models/ops/ThroughputSeries.h"

#include <QObject>

#include <deque>

namespace nexus {

/// Headline figures of the Operations workspace, derived from the runtime's snapshots.
struct OperationsKpis
{
    double producedMsgsPerSec = 0;   ///< health batches the simulator produced, last second
    double producedSamplesPerSec = 0;
    double consumedMsgsPerSec = 0;   ///< health batches the processor applied, last second
    double consumedSamplesPerSec = 0;
    DurationUs simulatorBehindUs = 0; ///< how far the simulator trails its requested rate
    std::int64_t consumerLag = -1;   ///< -1: not known yet
    double p50LatencyMs = 0;         ///< end-to-end, over the last kLatencyWindow
    double p99LatencyMs = 0;
    std::uint64_t malformed = 0;
    std::uint64_t lost = 0;          ///< dropped by the bus before they were processed
    std::uint64_t usersTracked = 0;
};

/// The Operations workspace's state on the GUI thread: fed one StackSnapshot per tick by the
/// controller, it derives rates and windowed percentiles, keeps the throughput series and the
/// active-users table, and emits `updated()` once per tick.
class OperationsModel : public QObject
{
    Q_OBJECT
public:
    static constexpr DurationUs kRateWindow = kUsPerSecond;
    static constexpr DurationUs kLatencyWindow = 5 * kUsPerSecond;

    explicit OperationsModel(QObject* parent = nullptr);

    /// Takes one snapshot (GUI thread). Emits updated().
    void update(const StackSnapshot& snapshot);
    /// Forgets the history (series, rates); the next snapshot starts afresh.
    void clear();

    const OperationsKpis& kpis() const { return m_kpis; }
    const ThroughputSeries& throughput() const { return m_throughput; }
    ThroughputSeries& throughput() { return m_throughput; }
    ActiveUsersModel* activeUsers() { return &m_activeUsers; }
    /// Changes whenever the throughput series gained points (about twice a second), so views
    /// redraw the chart only then rather than on every 40 ms tick.
    std::uint64_t throughputRevision() const { return m_throughputRevision; }
    const StackSnapshot& latest() const { return m_history.back(); }
    bool hasData() const { return !m_history.empty(); }

signals:
    void updated();

private:
    /// The newest kept snapshot at least `age` older than the latest, or the oldest one.
    const StackSnapshot& snapshotBefore(DurationUs age) const;
    void appendTopicRates(const StackSnapshot& s);

    std::deque<StackSnapshot> m_history; // covers the longest window; oldest first
    OperationsKpis m_kpis;
    ThroughputSeries m_throughput;
    std::uint64_t m_throughputRevision = 0;
    ActiveUsersModel m_activeUsers;
    struct BrokerSample
    {
        TimestampUs atUs;
        std::vector<TopicTraffic> topics;
    };
    std::deque<BrokerSample> m_brokerSamples; // the last second or so of broker samples, oldest first
};

} // namespace nexus
