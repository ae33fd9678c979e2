#pragma once

#include "backend/bus/KafkaProducer.h"
#include "models/events/HealthBatchSink.h"

#include <memory>
#include <string>

namespace nexus {

/// Encodes health batches as JSON and produces them to `health-metrics`, keyed by user id.
/// Use from one thread (the source's).
class KafkaHealthSink : public HealthBatchSink
{
public:
    explicit KafkaHealthSink(std::unique_ptr<KafkaProducer> producer) : m_producer(std::move(producer)) {}

    bool publish(const HealthBatch& batch) override;
    KafkaProducer& producer() { return *m_producer; }

private:
    std::unique_ptr<KafkaProducer> m_producer;
    std::string m_buffer;
};

} // namespace nexus
