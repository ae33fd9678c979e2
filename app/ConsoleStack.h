#pragma once

#include "app/StackConfig.h"
#include "backend/runtime/Runtime.h"

#include <memory>
#include <string>

namespace nexus {

class KafkaHealthSink;
class LiveSimulator;

/// The stack as the console and `nexus-twin demo` run it: the runtime (Kafka, monitor,
/// processor) plus, when configured, the live simulator streaming into it.
class ConsoleStack
{
public:
    explicit ConsoleStack(StackConfig config);
    ~ConsoleStack();

    /// Blocks until everything runs (embedded: tens of ms; connected: up to the connect
    /// timeout). False with `error` naming what failed.
    bool start(std::string& error);
    /// Stops the simulator only; the processor goes on draining what was sent.
    void stopSimulator();
    void stop();

    /// A consistent-enough picture of the whole stack; any thread, never blocks on I/O.
    StackSnapshot snapshot() const;

    const StackConfig& config() const { return m_config; }
    const Runtime& runtime() const { return m_runtime; }
    /// Wall-clock milliseconds start() took.
    double startMs() const { return m_startMs; }

private:
    StackConfig m_config;
    Runtime m_runtime;
    std::unique_ptr<KafkaHealthSink> m_sink;
    std::unique_ptr<LiveSimulator> m_simulator;
    double m_startMs = 0;
};

} // namespace nexus
