#pragma once

#include "backend/codec/DecodeError.h"
#include "models/events/AppEvents.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace nexus {

/// The JSON forms of the app events (models/events/AppEvents.h), one schema file per topic in
/// resources/schemas/ (workout-data, user-event, social-event, ai-interaction .v1.schema.json).
/// Every message is one object with a common head and the fields of its type:
///   {"schema":1,"type":"workout-summary","user_id":"u0000042","ts_us":…,"sent_at_us":…,
///    "device_id":"d0000042","workout_id":"d0000042-1764000000","sport":"run","start_us":…,
///    "duration_s":1800,"avg_hr_bpm":148,"max_hr_bpm":171,"steps":5200,"trimp":62.25}
///   {"schema":1,"type":"sign-up",…,"profile":{"sex":"female","age_years":34,"hr_rest_bpm":52,
///    "hr_max_bpm":186,"weight_kg":61.5},"time_zone":"UTC+01:00"}
///   {"schema":1,"type":"goal-set",…,"goal":"daily_steps","target":10000}
///   {"schema":1,"type":"follow",…,"target_user_id":"u0000043"}
///   {"schema":1,"type":"coach-question",…,"conversation_id":"c-42-7","question":"…"}
/// Doubles are written with a fixed number of decimals (trailing zeros trimmed), so encoding what
/// was decoded reproduces the bytes: encode(decode(encode(x))) == encode(x).
namespace appcodec {

constexpr std::size_t kMaxIdLength = 128;
constexpr std::size_t kMaxSportLength = 32;
constexpr std::size_t kMaxQuestionBytes = 2000;
constexpr int kMinAgeYears = 10;
constexpr int kMaxAgeYears = 110;
constexpr int kMinHrBpm = 20; ///< any heart rate in a workout summary
constexpr int kMaxHrBpm = 250;
constexpr int kMaxRestingHrBpm = 150;
constexpr int kMinHrMaxBpm = 100; ///< a stated maximum heart rate
constexpr int kMinWeightKg = 25;
constexpr int kMaxWeightKg = 300;
constexpr int kMaxWorkoutDurationS = 24 * 3600;
constexpr int kMaxWorkoutSteps = 200000;
constexpr int kMaxTrimp = 2000;
constexpr int kProfileDecimals = 1; ///< age, heart rates and weight in a profile
constexpr int kTrimpDecimals = 2;
constexpr int kGoalTargetDecimals = 1;

/// Appends the JSON encoding of the event to `out` (cleared first). Never fails; the encoder
/// writes what it is given, so values outside the documented ranges (or strings that are not
/// UTF-8) make messages the decoder rejects. Only the fields of the event's type are written.
void encode(const WorkoutEvent& event, std::string& out);
void encode(const UserEvent& event, std::string& out);
void encode(const SocialEvent& event, std::string& out);
void encode(const AiInteraction& event, std::string& out);
std::string encode(const WorkoutEvent& event);
std::string encode(const UserEvent& event);
std::string encode(const SocialEvent& event);
std::string encode(const AiInteraction& event);

/// The topic whose messages carry JSON `type` (e.g. "follow" → "social-events"; also
/// "health-batch" and "twin-update"), or an empty view for a type this build does not know.
std::string_view topicOfType(std::string_view type);

} // namespace appcodec

/// Decodes and validates app events, one overload per topic. Holds a reusable parser and buffer,
/// so keep one per thread and reuse it; not thread-safe.
///
/// On failure a decode returns the first problem found and leaves `out` unspecified; the head
/// (object, schema, type) is checked before the type's fields, which are checked in schema order.
/// Reasons (stable codes, like HealthBatchDecoder's):
///   not-json            not JSON, invalid UTF-8, trailing content
///   bad-type            not an object, or a field of the wrong JSON type (72.5 where an integer belongs)
///   unsupported-schema  "schema" is not 1
///   missing-field       a field the type requires is absent (the detail names it)
///   wrong-type          "type" is not one of this topic's types, e.g. "follow" given to the
///                       workout decoder (the detail names the topic it belongs to, if any)
///   out-of-range        a number outside its range, an id or text of the wrong length
///   bad-value           a string that is not one of the allowed values (sex, goal, sport, time zone)
///   inconsistent        fields that contradict each other (start after end, average above
///                       maximum HR, HRmax not above resting HR, following oneself)
/// Unknown fields are ignored, so producers may add optional fields without a version bump.
class AppEventDecoder
{
public:
    AppEventDecoder();
    ~AppEventDecoder();
    AppEventDecoder(const AppEventDecoder&) = delete;
    AppEventDecoder& operator=(const AppEventDecoder&) = delete;

    /// `workout-data`: "workout-start", "workout-stop", "workout-summary".
    DecodeError decode(std::string_view bytes, WorkoutEvent& out);
    /// `user-events`: "sign-up", "profile-change", "goal-set".
    DecodeError decode(std::string_view bytes, UserEvent& out);
    /// `social-events`: "follow", "join-challenge", "partner-request".
    DecodeError decode(std::string_view bytes, SocialEvent& out);
    /// `ai-interactions`: "coach-question".
    DecodeError decode(std::string_view bytes, AiInteraction& out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nexus
