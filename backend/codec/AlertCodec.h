#pragma once

#include "backend/codec/DecodeError.h"
#include "models/events/Alert.h"

#include <memory>
#include <string>
#include <string_view>

namespace nexus {

/// The JSON form of an AlertEvent (resources/schemas/alert.v1.schema.json):
/// {"schema":1,"type":"alert","alert_id":"tachycardia_at_rest:u0000042:1764000000000000",
///  "user_id":"u0000042","detector":"tachycardia_at_rest","category":"health","severity":"warning",
///  "state":"open","start_us":…,"ts_us":…,"message":"HR 128 bpm at rest for 12 min","value":128,
///  "unit":"bpm","evidence":[{"ts_us":…,"value":126},…],"source_sent_at_us":…}
/// "end_us" is present exactly when state is "closed". Values carry at most 3 decimals.
namespace alertcodec {

constexpr std::size_t kMaxIdLength = 128;      ///< user_id
constexpr std::size_t kMaxAlertIdLength = 300; ///< detector + user id + start time
constexpr std::size_t kMaxMessageLength = 512;
constexpr std::size_t kMaxUnitLength = 16;

/// Appends the JSON encoding of `alert` to `out` (cleared first). Never fails.
void encode(const AlertEvent& alert, std::string& out);
std::string encode(const AlertEvent& alert);

} // namespace alertcodec

/// Decodes and validates alert messages. Holds a reusable parser, so keep one per thread; not
/// thread-safe.
class AlertDecoder
{
public:
    AlertDecoder();
    ~AlertDecoder();
    AlertDecoder(const AlertDecoder&) = delete;
    AlertDecoder& operator=(const AlertDecoder&) = delete;

    /// Decodes `bytes` into `out`. On failure returns the reason and leaves `out` unspecified.
    /// Rejects: not JSON, not an object, wrong schema/type, missing or mistyped fields, an unknown
    /// detector, a category that is not the detector's, unknown severity/state names, end_us
    /// missing on a closed alert or present on another, times out of order (ts_us or end_us
    /// before start_us), more than 32 evidence entries, empty or over-long ids, messages or units.
    DecodeError decode(std::string_view bytes, AlertEvent& out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nexus
