#pragma once

#include "backend/codec/DecodeError.h"
#include "models/events/HealthBatch.h"

#include <memory>
#include <string>
#include <string_view>

namespace nexus {

/// The JSON form of a HealthBatch (resources/schemas/health-batch.v1.schema.json):
/// {"schema":1,"type":"health-batch","user_id":"u0000042","device_id":"d0000042",
///  "sent_at_us":1764000000123456,"samples":[{"ts_us":1764000000000000,"hr_bpm":72,"steps":0},…]}
/// Samples may add "spo2_pct", "skin_temp_c" and "workout":true; a batch may add an RR window
/// ("rr_start_us", "rr_ms":[…]).
namespace healthcodec {

constexpr int kMinHrBpm = 20;
constexpr int kMaxHrBpm = 250;
constexpr int kMaxStepsPerSample = 1000;
constexpr std::size_t kMaxIdLength = 128;
constexpr int kMinSpo2Pct = 50;
constexpr double kMinSkinTempC = 20.0;
constexpr double kMaxSkinTempC = 45.0;
constexpr int kMinRrMs = 200;
constexpr int kMaxRrMs = 2500;

/// Appends the JSON encoding of `batch` to `out` (cleared first). Never fails.
void encode(const HealthBatch& batch, std::string& out);
std::string encode(const HealthBatch& batch);

} // namespace healthcodec

/// Decodes and validates health batches. Holds a reusable parser and buffer, so keep one per
/// thread and reuse it; not thread-safe.
class HealthBatchDecoder
{
public:
    HealthBatchDecoder();
    ~HealthBatchDecoder();
    HealthBatchDecoder(const HealthBatchDecoder&) = delete;
    HealthBatchDecoder& operator=(const HealthBatchDecoder&) = delete;

    /// Decodes `bytes` into `out`. On failure returns the reason and leaves `out` unspecified.
    /// Rejects: not JSON, not an object, wrong schema/type, missing or mistyped fields, ids that
    /// are empty or too long, HR outside 20..250 bpm, steps outside 0..1000, SpO2 outside 50..100,
    /// skin temperature outside 20..45 °C, RR intervals outside 200..2500 ms or without
    /// rr_start_us, samples not in strictly increasing event-time order, trailing content.
    DecodeError decode(std::string_view bytes, HealthBatch& out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nexus
