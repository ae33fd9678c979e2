#pragma once

#include "models/events/HealthBatch.h"

namespace nexus {

/// Where a source of health data (simulator, replay) delivers batches. Implementations decide the
/// transport (Kafka in the runtime, a vector in tests).
class HealthBatchSink
{
public:
    virtual ~HealthBatchSink() = default;

    /// Called on the source's thread, in the order the batches were produced. Returns false when
    /// the batch could not be accepted (the source counts it as an error).
    virtual bool publish(const HealthBatch& batch) = 0;
};

} // namespace nexus
