#pragma once

#include "backend/codec/DecodeError.h"
#include "models/twin/TwinSummary.h"

#include <string>
#include <string_view>

/// The JSON form of a twin update on `twin-updates` (resources/schemas/twin-update.v1.schema.json):
/// {"schema":1,"type":"twin-update","user_id":"u0000042","event_time_us":…,"hr_last_bpm":72,
///  "hr_mean_bpm":71.4,"samples":1234,"steps_total":5678}
namespace nexus::twincodec {

void encode(const TwinSummary& twin, std::string& out);
std::string encode(const TwinSummary& twin);

/// Decodes a twin update (for tools and tests; not on the hot path).
DecodeError decode(std::string_view bytes, TwinSummary& out);

} // namespace nexus::twincodec
