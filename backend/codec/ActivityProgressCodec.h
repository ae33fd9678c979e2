#pragma once

#include "backend/codec/DecodeError.h"
#include "models/events/ActivityProgress.h"

#include <memory>
#include <string>
#include <string_view>

namespace nexus {

/// The JSON form of ActivityProgress (resources/schemas/activity-progress.v1.schema.json):
///   {"schema":1,"type":"activity-progress","user_id":"u0000042","reason":"goal-reached",
///    "day":"2025-11-24","utc_offset_min":60,"event_time_us":1764000000000000,
///    "source_sent_at_us":1764000000400000,"steps":8012,"active_minutes":41,"trimp_day":62.25,
///    "trimp_week":310.5,"goals":{"daily_steps":{"target":8000,"progress":1.0015,"reached":true,
///    "streak_days":3},…},"goal_reached":["daily_steps"]}
/// Goals without a target (0) are left out of "goals"; "source_sent_at_us" only when known.
/// Targets have 1 decimal, TRIMP 2, progress 4 (trailing zeros trimmed), so
/// encode(decode(encode(x))) == encode(x).
namespace activitycodec {

constexpr std::int64_t kMaxSteps = 100'000'000; ///< above 86,400 samples × 1,000 steps
constexpr int kMaxActiveMinutes = 24 * 60;
constexpr int kMaxUtcOffsetMinutes = 14 * 60;
constexpr double kMaxTarget = 100000.0;
constexpr double kMaxTrimpDay = 100000.0;
constexpr double kMaxTrimpWeek = 7 * kMaxTrimpDay;
constexpr double kMaxProgress = 1e9;
constexpr int kMaxStreakDays = 100000;
constexpr int kTargetDecimals = 1;
constexpr int kTrimpDecimals = 2;
constexpr int kProgressDecimals = 4;

/// Appends the JSON encoding of `message` to `out` (cleared first). Never fails.
void encode(const ActivityProgress& message, std::string& out);
std::string encode(const ActivityProgress& message);

} // namespace activitycodec

/// Decodes and validates activity-progress messages. Holds a reusable parser and buffer, so keep
/// one per thread and reuse it; not thread-safe.
///
/// On failure returns the first problem found (stable reason codes, as the other decoders):
///   not-json            not JSON, invalid UTF-8, trailing content
///   bad-type            not an object, or a field of the wrong JSON type (1.5 where an integer belongs)
///   unsupported-schema  "schema" is not 1
///   wrong-type          "type" is not "activity-progress"
///   missing-field       a required field is absent (the detail names it)
///   out-of-range        a number outside its range, an id of the wrong length
///   bad-value           an unknown reason or goal name, a day that is not a real YYYY-MM-DD date
///   inconsistent        trimp_week below trimp_day, a reached goal with no streak, goal_reached
///                       naming a goal twice or one that is absent or not reached
/// Unknown fields (and unknown goal names inside "goals") are ignored.
class ActivityProgressDecoder
{
public:
    ActivityProgressDecoder();
    ~ActivityProgressDecoder();
    ActivityProgressDecoder(const ActivityProgressDecoder&) = delete;
    ActivityProgressDecoder& operator=(const ActivityProgressDecoder&) = delete;

    /// Decodes `bytes` into `out`; on failure `out` is unspecified.
    DecodeError decode(std::string_view bytes, ActivityProgress& out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nexus
