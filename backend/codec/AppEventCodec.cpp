#include "backend/codec/AppEventCodec.h"

#include "backend/codec/JsonWriter.h"
#include "models/events/Topics.h"

#include "backend/codec/FieldReader.h"
#include "backend/codec/JsonDocument.h"

#include <algorithm>

namespace nexus {

namespace {

// How many values each enum has: the name functions of AppEvents.h are the single list of the
// wire names, and the decoder walks them to map a name back.
constexpr int kWorkoutPhases = 3;
constexpr int kUserEventKinds = 3;
constexpr int kGoals = 3;
constexpr int kSocialEventKinds = 3;
constexpr int kSexes = 2;
constexpr std::string_view kCoachQuestion = "coach-question";

const char* sexName(Sex sex)
{
    return sex == Sex::Female ? "female" : "male";
}

template <typename Enum> bool enumFromName(const char* (*nameOf)(Enum), int count, std::string_view name, Enum& out)
{
    for (int i = 0; i < count; ++i) {
        if (name == nameOf(Enum(i))) {
            out = Enum(i);
            return true;
        }
    }
    return false;
}

void appendHead(std::string& out, int schema, std::string_view type, const std::string& userId, TimestampUs tsUs,
                TimestampUs sentAtUs)
{
    out.clear();
    out += "{\"schema\":";
    json::appendInt(out, schema);
    out += ",\"type\":";
    json::appendString(out, type);
    out += ",\"user_id\":";
    json::appendString(out, userId);
    out += ",\"ts_us\":";
    json::appendInt(out, tsUs);
    out += ",\"sent_at_us\":";
    json::appendInt(out, sentAtUs);
}

void appendString(std::string& out, std::string_view key, std::string_view value)
{
    out += ',';
    json::appendKey(out, key);
    json::appendString(out, value);
}

template <typename Int> void appendInt(std::string& out, std::string_view key, Int value)
{
    out += ',';
    json::appendKey(out, key);
    json::appendInt(out, value);
}

void appendFixed(std::string& out, std::string_view key, double value, int decimals)
{
    out += ',';
    json::appendKey(out, key);
    json::appendFixed(out, value, decimals);
}

} // namespace

namespace appcodec {

void encode(const WorkoutEvent& e, std::string& out)
{
    out.reserve(320);
    appendHead(out, WorkoutEvent::kSchemaVersion, workoutPhaseName(e.phase), e.userId, e.tsUs, e.sentAtUs);
    appendString(out, "device_id", e.deviceId);
    appendString(out, "workout_id", e.workoutId);
    appendString(out, "sport", e.sport);
    if (e.phase == WorkoutEvent::Phase::Summary) {
        appendInt(out, "start_us", e.startUs);
        appendInt(out, "duration_s", e.durationS);
        appendInt(out, "avg_hr_bpm", e.avgHrBpm);
        appendInt(out, "max_hr_bpm", e.maxHrBpm);
        appendInt(out, "steps", e.steps);
        appendFixed(out, "trimp", e.trimp, kTrimpDecimals);
    }
    out += '}';
}

void encode(const UserEvent& e, std::string& out)
{
    out.reserve(256);
    appendHead(out, UserEvent::kSchemaVersion, userEventKindName(e.kind), e.userId, e.tsUs, e.sentAtUs);
    if (e.kind == UserEvent::Kind::SignUp || e.kind == UserEvent::Kind::ProfileChange) {
        const AthleteProfile& p = e.profile;
        out += ",\"profile\":{\"sex\":";
        json::appendString(out, sexName(p.sex));
        appendFixed(out, "age_years", p.ageYears, kProfileDecimals);
        appendFixed(out, "hr_rest_bpm", p.hrRestBpm, kProfileDecimals);
        // 0 means unknown in AthleteProfile; on the wire an unknown value is left out.
        if (p.hrMaxBpm > 0.0f)
            appendFixed(out, "hr_max_bpm", p.hrMaxBpm, kProfileDecimals);
        if (p.weightKg > 0.0f)
            appendFixed(out, "weight_kg", p.weightKg, kProfileDecimals);
        out += '}';
    }
    if (e.kind == UserEvent::Kind::SignUp)
        appendString(out, "time_zone", e.timeZone);
    if (e.kind == UserEvent::Kind::GoalSet) {
        appendString(out, "goal", goalName(e.goal));
        appendFixed(out, "target", e.goalTarget, kGoalTargetDecimals);
    }
    out += '}';
}

void encode(const SocialEvent& e, std::string& out)
{
    out.reserve(192);
    appendHead(out, SocialEvent::kSchemaVersion, socialEventKindName(e.kind), e.userId, e.tsUs, e.sentAtUs);
    if (e.kind == SocialEvent::Kind::JoinChallenge)
        appendString(out, "challenge_id", e.challengeId);
    else
        appendString(out, "target_user_id", e.targetUserId);
    out += '}';
}

void encode(const AiInteraction& e, std::string& out)
{
    out.reserve(160 + e.question.size());
    appendHead(out, AiInteraction::kSchemaVersion, kCoachQuestion, e.userId, e.tsUs, e.sentAtUs);
    appendString(out, "conversation_id", e.conversationId);
    appendString(out, "question", e.question);
    out += '}';
}

std::string encode(const WorkoutEvent& event)
{
    std::string out;
    encode(event, out);
    return out;
}

std::string encode(const UserEvent& event)
{
    std::string out;
    encode(event, out);
    return out;
}

std::string encode(const SocialEvent& event)
{
    std::string out;
    encode(event, out);
    return out;
}

std::string encode(const AiInteraction& event)
{
    std::string out;
    encode(event, out);
    return out;
}

std::string_view topicOfType(std::string_view type)
{
    WorkoutEvent::Phase phase;
    UserEvent::Kind userKind;
    SocialEvent::Kind socialKind;
    if (enumFromName(workoutPhaseName, kWorkoutPhases, type, phase))
        return topics::kWorkoutData;
    if (enumFromName(userEventKindName, kUserEventKinds, type, userKind))
        return topics::kUserEvents;
    if (enumFromName(socialEventKindName, kSocialEventKinds, type, socialKind))
        return topics::kSocialEvents;
    if (type == kCoachQuestion)
        return topics::kAiInteractions;
    if (type == "health-batch")
        return topics::kHealthMetrics;
    if (type == "twin-update")
        return topics::kTwinUpdates;
    return {};
}

} // namespace appcodec

namespace {

namespace dom = simdjson::dom;

using jsondoc::FieldReader;

bool readId(FieldReader& r, const char* key, std::string& out)
{
    return r.string(key, 1, appcodec::kMaxIdLength, "characters", out);
}

/// Checks the schema version and returns the type; the caller checks the type is its topic's.
bool readSchemaAndType(FieldReader& r, int schemaVersion, std::string_view& type)
{
    dom::element v;
    if (!r.find("schema", v))
        return false;
    std::int64_t schema = 0;
    if (auto e = v.get_int64().get(schema))
        return r.typeError(e, "schema", "an integer");
    if (schema != schemaVersion)
        return r.fail("unsupported-schema", "schema " + std::to_string(schema) +
                                                " is not supported (this build reads " + std::to_string(schemaVersion) +
                                                ")");
    return r.text("type", type);
}

DecodeError wrongType(std::string_view type, std::string_view topic)
{
    std::string detail = "type '" + std::string(type) + "' is not a " + std::string(topic) + " event";
    const std::string_view owner = appcodec::topicOfType(type);
    detail += owner.empty() ? " (unknown type)" : " (it belongs to topic " + std::string(owner) + ")";
    return {"wrong-type", std::move(detail)};
}

bool readCommon(FieldReader& r, std::string& userId, TimestampUs& tsUs, TimestampUs& sentAtUs)
{
    return readId(r, "user_id", userId) && r.timestamp("ts_us", tsUs) && r.timestamp("sent_at_us", sentAtUs);
}

bool readSport(FieldReader& r, std::string& sport)
{
    if (!r.string("sport", 1, appcodec::kMaxSportLength, "characters", sport))
        return false;
    const bool plain = std::all_of(sport.begin(), sport.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    return plain || r.fail("bad-value", "sport '" + sport + "' may hold only a-z, 0-9, '_' and '-'");
}

bool readWorkoutSummary(FieldReader& r, WorkoutEvent& e)
{
    using namespace appcodec;
    if (!(r.timestamp("start_us", e.startUs) && r.integer("duration_s", 1, kMaxWorkoutDurationS, e.durationS) &&
          r.integer("avg_hr_bpm", kMinHrBpm, kMaxHrBpm, e.avgHrBpm) &&
          r.integer("max_hr_bpm", kMinHrBpm, kMaxHrBpm, e.maxHrBpm) &&
          r.integer("steps", 0, kMaxWorkoutSteps, e.steps) && r.number("trimp", 0, kMaxTrimp, e.trimp)))
        return false;
    if (e.startUs > e.tsUs)
        return r.fail("inconsistent", "start_us = " + std::to_string(e.startUs) +
                                          " is after ts_us = " + std::to_string(e.tsUs) + " (the end of the workout)");
    // Pauses make the moving time shorter than start to end, never longer.
    if (std::int64_t(e.durationS) * kUsPerSecond > e.tsUs - e.startUs)
        return r.fail("inconsistent", "duration_s = " + std::to_string(e.durationS) +
                                          " is longer than ts_us - start_us = " +
                                          std::to_string((e.tsUs - e.startUs) / kUsPerSecond) + " s");
    if (e.avgHrBpm > e.maxHrBpm)
        return r.fail("inconsistent", "avg_hr_bpm = " + std::to_string(e.avgHrBpm) +
                                          " is above max_hr_bpm = " + std::to_string(e.maxHrBpm));
    return true;
}

bool readFloat(FieldReader& r, const char* key, double lo, double hi, float& out, bool required = true)
{
    double v = out;
    if (!r.number(key, lo, hi, v, required))
        return false;
    out = float(v);
    return true;
}

bool readProfile(FieldReader& parent, AthleteProfile& p)
{
    using namespace appcodec;
    dom::object obj;
    if (!parent.object("profile", obj))
        return false;
    FieldReader r(obj, "profile.");
    const bool read = r.choice("sex", sexName, kSexes, p.sex) &&
                      readFloat(r, "age_years", kMinAgeYears, kMaxAgeYears, p.ageYears) &&
                      readFloat(r, "hr_rest_bpm", kMinHrBpm, kMaxRestingHrBpm, p.hrRestBpm) &&
                      readFloat(r, "hr_max_bpm", kMinHrMaxBpm, kMaxHrBpm, p.hrMaxBpm, false) &&
                      readFloat(r, "weight_kg", kMinWeightKg, kMaxWeightKg, p.weightKg, false);
    if (!read)
        return parent.adopt(r.takeError());
    if (p.hrMaxBpm > 0.0f && p.hrMaxBpm <= p.hrRestBpm)
        return parent.fail("inconsistent", "profile.hr_max_bpm = " + jsondoc::formatDecimal(p.hrMaxBpm) +
                                               " is not above profile.hr_rest_bpm = " + jsondoc::formatDecimal(p.hrRestBpm));
    return true;
}

/// "UTC±hh:mm" with offsets from −14:00 to +14:00, as the app reports the phone's zone.
bool validTimeZone(std::string_view tz)
{
    const auto digit = [&](std::size_t i) { return tz[i] >= '0' && tz[i] <= '9'; };
    if (tz.size() != 9 || tz.substr(0, 3) != "UTC" || (tz[3] != '+' && tz[3] != '-') || tz[6] != ':' || !digit(4) ||
        !digit(5) || !digit(7) || !digit(8))
        return false;
    const int hours = (tz[4] - '0') * 10 + (tz[5] - '0');
    const int minutes = (tz[7] - '0') * 10 + (tz[8] - '0');
    return minutes < 60 && hours * 60 + minutes <= 14 * 60;
}

bool readGoal(FieldReader& r, UserEvent& e)
{
    if (!r.choice("goal", goalName, kGoals, e.goal))
        return false;
    // Targets a person could set for a day (steps, active minutes) or a week (TRIMP).
    double hi = 100000;
    if (e.goal == UserEvent::Goal::DailyActiveMinutes)
        hi = 24 * 60;
    else if (e.goal == UserEvent::Goal::WeeklyTrimp)
        hi = 5000;
    return r.number("target", 1, hi, e.goalTarget);
}

} // namespace

struct AppEventDecoder::Impl : jsondoc::Parser
{
    DecodeError parse(std::string_view bytes, dom::object& obj) { return parseObject(bytes, obj); }
};

AppEventDecoder::AppEventDecoder() : m_impl(std::make_unique<Impl>()) {}
AppEventDecoder::~AppEventDecoder() = default;

DecodeError AppEventDecoder::decode(std::string_view bytes, WorkoutEvent& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parse(bytes, obj); !err.ok())
        return err;
    FieldReader r(obj);
    std::string_view type;
    if (!readSchemaAndType(r, WorkoutEvent::kSchemaVersion, type))
        return r.takeError();
    out = WorkoutEvent{};
    if (!enumFromName(workoutPhaseName, kWorkoutPhases, type, out.phase))
        return wrongType(type, topics::kWorkoutData);
    const bool read = readCommon(r, out.userId, out.tsUs, out.sentAtUs) && readId(r, "device_id", out.deviceId) &&
                      readId(r, "workout_id", out.workoutId) && readSport(r, out.sport);
    if (read && out.phase == WorkoutEvent::Phase::Summary)
        readWorkoutSummary(r, out);
    return r.takeError();
}

DecodeError AppEventDecoder::decode(std::string_view bytes, UserEvent& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parse(bytes, obj); !err.ok())
        return err;
    FieldReader r(obj);
    std::string_view type;
    if (!readSchemaAndType(r, UserEvent::kSchemaVersion, type))
        return r.takeError();
    out = UserEvent{};
    if (!enumFromName(userEventKindName, kUserEventKinds, type, out.kind))
        return wrongType(type, topics::kUserEvents);
    if (!readCommon(r, out.userId, out.tsUs, out.sentAtUs))
        return r.takeError();
    switch (out.kind) {
    case UserEvent::Kind::SignUp: {
        std::string_view zone;
        if (readProfile(r, out.profile) && r.text("time_zone", zone)) {
            if (!validTimeZone(zone))
                r.fail("bad-value", "time_zone '" + std::string(zone) + "' is not UTC+hh:mm or UTC-hh:mm within 14:00");
            out.timeZone.assign(zone);
        }
        break;
    }
    case UserEvent::Kind::ProfileChange:
        readProfile(r, out.profile);
        break;
    case UserEvent::Kind::GoalSet:
        readGoal(r, out);
        break;
    }
    return r.takeError();
}

DecodeError AppEventDecoder::decode(std::string_view bytes, SocialEvent& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parse(bytes, obj); !err.ok())
        return err;
    FieldReader r(obj);
    std::string_view type;
    if (!readSchemaAndType(r, SocialEvent::kSchemaVersion, type))
        return r.takeError();
    out = SocialEvent{};
    if (!enumFromName(socialEventKindName, kSocialEventKinds, type, out.kind))
        return wrongType(type, topics::kSocialEvents);
    if (!readCommon(r, out.userId, out.tsUs, out.sentAtUs))
        return r.takeError();
    if (out.kind == SocialEvent::Kind::JoinChallenge) {
        readId(r, "challenge_id", out.challengeId);
    } else if (readId(r, "target_user_id", out.targetUserId) && out.targetUserId == out.userId) {
        r.fail("inconsistent", std::string("a user cannot ") + socialEventKindName(out.kind) + " themselves");
    }
    return r.takeError();
}

DecodeError AppEventDecoder::decode(std::string_view bytes, AiInteraction& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parse(bytes, obj); !err.ok())
        return err;
    FieldReader r(obj);
    std::string_view type;
    if (!readSchemaAndType(r, AiInteraction::kSchemaVersion, type))
        return r.takeError();
    if (type != kCoachQuestion)
        return wrongType(type, topics::kAiInteractions);
    out = AiInteraction{};
    // The parser has already rejected invalid UTF-8, so only the length is left to check.
    if (readCommon(r, out.userId, out.tsUs, out.sentAtUs) && readId(r, "conversation_id", out.conversationId))
        r.string("question", 1, appcodec::kMaxQuestionBytes, "bytes", out.question);
    return r.takeError();
}

} // namespace nexus
