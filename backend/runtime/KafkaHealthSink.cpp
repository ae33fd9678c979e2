#include "backend/runtime/KafkaHealthSink.h"

#include "backend/codec/HealthBatchCodec.h"
#include "models/events/Topics.h"

namespace nexus {

bool KafkaHealthSink::publish(const HealthBatch& batch)
{
    healthcodec::encode(batch, m_buffer);
    const bool ok = m_producer->produce(topics::kHealthMetrics, batch.userId, m_buffer);
    m_producer->poll(0); // serve delivery reports without waiting
    return ok;
}

} // namespace nexus
