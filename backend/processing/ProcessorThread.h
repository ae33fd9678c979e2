#pragma once

#include "backend/bus/BusSettings.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace nexus {

class KafkaConsumer;
class KafkaProducer;

/// What every stream processor runs on: a consumer in the processor's group, a producer for its
/// outputs, and the thread that runs its loop. create(), start() and stop() on the owner's
/// thread; the loop uses the clients on its own thread only, and ends when stopping() is true.
class ProcessorThread
{
public:
    ProcessorThread();
    ~ProcessorThread();

    /// Creates the consumer (group `groupId`) and the producer. False with `error` set.
    bool create(const BusSettings& settings, const std::string& groupId, std::string& error);
    /// Subscribes the consumer to `topics` and runs `loop` on a new thread. False with `error` set.
    bool start(const std::vector<std::string>& topics, std::function<void()> loop, std::string& error);
    /// Asks the loop to end and waits for it, leaves the group (committing offsets) and flushes
    /// the producer (up to 5 s). Safe to repeat, and before create().
    void stop();

    /// True once stop() was called: the loop returns.
    bool stopping() const { return m_stop.load(std::memory_order_relaxed); }
    /// Valid after create().
    KafkaConsumer& consumer() const { return *m_consumer; }
    KafkaProducer& producer() const { return *m_producer; }

private:
    std::unique_ptr<KafkaConsumer> m_consumer;
    std::unique_ptr<KafkaProducer> m_producer;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
};

} // namespace nexus
