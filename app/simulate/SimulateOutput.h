#pragma once

#include "backend/bus/BusSettings.h"
#include "models/core/Time.h"

#include <QString>

#include <memory>
#include <string_view>

namespace nexus {

class ConsoleStack;

/// Where `nexus-twin simulate` puts messages: Kafka (through librdkafka) or a line file.
class SimulateOutput
{
public:
    virtual ~SimulateOutput() = default;
    /// False when the message was refused (counted as a failure by the run).
    virtual bool send(TimestampUs dueUs, std::string_view topic, std::string_view key, std::string_view payload) = 0;
    /// Delivers or writes out everything pending. False with `error` when something was lost.
    virtual bool finish(QString& error) = 0;

    /// A producer to `bus`; null with `error` when it cannot be created.
    static std::unique_ptr<SimulateOutput> toKafka(const BusSettings& bus, QString& error);
    /// Lines "due_us<TAB>topic<TAB>key<TAB>payload" ('-' = stdout), due_us the simulated send
    /// time; null with `error` when the file cannot be opened.
    static std::unique_ptr<SimulateOutput> toFile(const QString& path, QString& error);
};

/// Waits (up to a minute) for the embedded stack to process what was sent, then prints what the
/// processors made of it: batches, samples, twins, malformed messages by reason, lost messages.
void printProcessedSummary(ConsoleStack& stack);

} // namespace nexus
