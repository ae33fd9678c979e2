#pragma once

#include "backend/codec/DecodeError.h"
#include "models/twin/TwinSummary.h"

#include <string>
#include <string_view>

/// The JSON form of a twin update on `twin-updates` (resources/schemas/twin-update.v2.schema.json):
/// {"schema":2,"type":"twin-update","user_id":"u0000042","event_time_us":…,"hr_last_bpm":72,
///  "hr_mean_bpm":71.4,"samples":1234,"steps_total":5678,"day":"2026-11-22","load_today":41.2,
///  "ctl":38.5,"atl":44.1,"tsb":-3.2,"acwr_ewma":null,
///  "readiness":{"value":66.5,"contributions":{"base":70,"recovery":-1.5,"form":-2}},"recovery":{…},"energy":{…}}
namespace nexus::twincodec {

void encode(const TwinSummary& twin, std::string& out);
std::string encode(const TwinSummary& twin);

/// Appends a score's contributions as a JSON object, {"base":70,"form":-4.5}, points to 2 decimals.
void appendContributions(std::string& out, const Score& score);

/// Decodes a twin update (for tools and tests; not on the hot path).
DecodeError decode(std::string_view bytes, TwinSummary& out);

} // namespace nexus::twincodec
