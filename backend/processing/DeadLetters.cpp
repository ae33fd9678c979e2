#include "backend/processing/DeadLetters.h"

#include "backend/bus/KafkaProducer.h"
#include "models/events/Topics.h"

namespace nexus {

std::string describeMessage(const rd_kafka_message_t& m)
{
    return std::string(m.rkt ? rd_kafka_topic_name(m.rkt) : "?") + "[" + std::to_string(m.partition) + "]@" +
           std::to_string(m.offset);
}

DeadLetter deadLetterOf(const rd_kafka_message_t& m, std::string_view reason, std::string_view detail)
{
    DeadLetter letter;
    letter.sourceTopic = m.rkt ? rd_kafka_topic_name(m.rkt) : "";
    letter.partition = m.partition;
    letter.offset = m.offset;
    letter.key = std::string_view(static_cast<const char*>(m.key), m.key_len);
    letter.reason = reason;
    letter.detail = detail;
    letter.payload = std::string_view(static_cast<const char*>(m.payload), m.len);
    letter.rejectedAtUs = wallClockUs();
    return letter;
}

bool sendDeadLetter(KafkaProducer& producer, const rd_kafka_message_t& m, std::string_view reason,
                    std::string_view detail, std::string& buffer)
{
    const DeadLetter letter = deadLetterOf(m, reason, detail);
    deadletter::encode(letter, buffer);
    return producer.produce(topics::kDeadLetters, letter.key, buffer);
}

void RejectionCounter::count(const std::string& reason, const std::string& detail, const rd_kafka_message_t& m)
{
    std::uint64_t seen = 0;
    {
        std::lock_guard lock(m_mutex);
        seen = ++m_byReason[reason];
    }
    m_total.fetch_add(1, std::memory_order_relaxed);
    if (seen <= 10 || seen % 1000 == 0)
        qCWarning(m_category, "skipped %s %s (%s #%llu): %s", m_what, describeMessage(m).c_str(), reason.c_str(),
                  static_cast<unsigned long long>(seen), detail.c_str());
}

std::map<std::string, std::uint64_t> RejectionCounter::byReason() const
{
    std::lock_guard lock(m_mutex);
    return m_byReason;
}

} // namespace nexus
