#pragma once

#include "backend/codec/DeadLetterCodec.h"

#include <QLoggingCategory>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

struct rd_kafka_message_s; // librdkafka's message (rd_kafka_message_t)

/// What every stream processor does with an input it cannot use: count it by reason, log the
/// first few of each reason, and send it with the reason and its original bytes to `dead-letters`
/// (resources/schemas/dead-letter.v1.schema.json). Shared by the processors so that a rejected
/// message looks the same whichever processor rejected it.
namespace nexus {

class KafkaProducer;

/// "topic[partition]@offset", for log lines.
std::string describeMessage(const rd_kafka_message_s& m);

/// The dead letter of `m` (views into `m`, `reason` and `detail`), stamped with the wall clock.
DeadLetter deadLetterOf(const rd_kafka_message_s& m, std::string_view reason, std::string_view detail);

/// Encodes the dead letter of `m` into `buffer` and produces it to `dead-letters`, keyed like `m`.
/// False when it could not be enqueued (the producer's lastError() says why).
bool sendDeadLetter(KafkaProducer& producer, const rd_kafka_message_s& m, std::string_view reason,
                    std::string_view detail, std::string& buffer);

/// Counts rejected inputs by reason and logs the first ten of each reason, then every
/// thousandth, on a processor's logging category. count() on the processor thread; the
/// readers on any thread.
class RejectionCounter
{
public:
    using Category = const QLoggingCategory& (*)();
    /// `what` names the rejected thing in the log line ("malformed message").
    RejectionCounter(Category category, const char* what) : m_category(category), m_what(what) {}

    void count(const std::string& reason, const std::string& detail, const rd_kafka_message_s& m);
    std::uint64_t total() const { return m_total.load(std::memory_order_relaxed); }
    std::map<std::string, std::uint64_t> byReason() const;

private:
    Category m_category;
    const char* m_what;
    std::atomic<std::uint64_t> m_total{0};
    mutable std::mutex m_mutex;                      // guards m_byReason
    std::map<std::string, std::uint64_t> m_byReason; // guarded by m_mutex
};

} // namespace nexus
