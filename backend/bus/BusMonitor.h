#pragma once

#include "backend/bus/KafkaConf.h"
#include "models/metrics/StackSnapshot.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace nexus {

/// Watches the broker side of the stack on its own thread: every `interval` it reads each
/// catalogue topic's partition count (metadata) and high watermarks (ListOffsets requests), so
/// topic totals and rates come from the broker, whoever produced the messages.
class BusMonitor
{
public:
    explicit BusMonitor(BusSettings settings, DurationUs interval = 500 * kUsPerMs);
    ~BusMonitor();

    bool start(std::string& error);
    void stop();

    /// The latest sample (any thread): topics and the wall time they were read (0: none yet).
    std::vector<TopicTraffic> topics(TimestampUs* sampledAtUs) const;
    /// The last problem met (a missing topic, an unreachable broker); empty when all is well.
    std::string lastError() const;

private:
    void run();
    void sample();

    BusSettings m_settings;
    DurationUs m_intervalUs;
    KafkaHandlePtr m_rk; // used by the monitor thread only
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;

    mutable std::mutex m_mutex; // guards the three below
    std::vector<TopicTraffic> m_topics;
    TimestampUs m_sampledAtUs = 0;
    std::string m_lastError;
};

} // namespace nexus
