#include "app/simulate/SimEventEncoding.h"

#include "backend/codec/AppEventCodec.h"
#include "backend/codec/HealthBatchCodec.h"
#include "simulator/anomaly/AnomalyInjector.h"

namespace nexus {

void encodeSimEvent(const sim::SimEvent& event, TimestampUs sentAtUs, std::string& out)
{
    std::visit(
        [&](const auto& payload) {
            auto stamped = payload; // copies one message; cheap next to producing it
            stamped.sentAtUs = sentAtUs;
            using T = std::decay_t<decltype(payload)>;
            if constexpr (std::is_same_v<T, HealthBatch>)
                healthcodec::encode(stamped, out);
            else
                appcodec::encode(stamped, out);
        },
        event.payload);
    if (event.malformVariant >= 0)
        out = anomaly::AnomalyInjector::corruptPayload(out, event.malformVariant);
}

} // namespace nexus
