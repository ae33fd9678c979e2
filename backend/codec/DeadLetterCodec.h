#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace nexus {

/// A message a processor could not use, as it goes to the `dead-letters` topic
/// (resources/schemas/dead-letter.v1.schema.json): where it came from, why it was rejected, and
/// its original bytes, base64-encoded because they may not be valid JSON or UTF-8.
struct DeadLetter
{
    static constexpr int kSchemaVersion = 1;

    std::string_view sourceTopic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::string_view key;
    std::string_view reason; ///< the decoder's stable code ("not-json", "out-of-range", …) or "late"
    std::string_view detail;
    std::string_view payload; ///< the original bytes
    TimestampUs rejectedAtUs = 0; ///< wall clock of the rejection
};

namespace deadletter {
/// {"schema":1,"type":"dead-letter","source_topic":…,"partition":…,"offset":…,"key":…,
///  "reason":…,"detail":…,"rejected_at_us":…,"payload_bytes":…,"payload_base64":…}
void encode(const DeadLetter& letter, std::string& out);
} // namespace deadletter

} // namespace nexus
