#include "backend/codec/ActivityProgressCodec.h"

#include "backend/codec/JsonWriter.h"

#include "backend/codec/FieldReader.h"
#include "backend/codec/JsonDocument.h"

#include <algorithm>

namespace nexus {

namespace {

constexpr std::string_view kType = "activity-progress";
constexpr std::size_t kMaxIdLength = 128;
constexpr int kReasons = 3;

} // namespace

namespace activitycodec {

void encode(const ActivityProgress& m, std::string& out)
{
    out.clear();
    out.reserve(420);
    out += "{\"schema\":";
    json::appendInt(out, ActivityProgress::kSchemaVersion);
    out += ",\"type\":";
    json::appendString(out, kType);
    out += ",\"user_id\":";
    json::appendString(out, m.userId);
    out += ",\"reason\":";
    json::appendString(out, progressReasonName(m.reason));
    out += ",\"day\":";
    json::appendString(out, calendar::isoDate(m.day));
    out += ",\"utc_offset_min\":";
    json::appendInt(out, m.utcOffsetMinutes);
    out += ",\"event_time_us\":";
    json::appendInt(out, m.eventTimeUs);
    if (m.sourceSentAtUs != 0) {
        out += ",\"source_sent_at_us\":";
        json::appendInt(out, m.sourceSentAtUs);
    }
    out += ",\"steps\":";
    json::appendInt(out, m.steps);
    out += ",\"active_minutes\":";
    json::appendInt(out, m.activeMinutes);
    out += ",\"trimp_day\":";
    json::appendFixed(out, m.trimpDay, kTrimpDecimals);
    out += ",\"trimp_week\":";
    json::appendFixed(out, m.trimpWeek, kTrimpDecimals);
    out += ",\"goals\":{";
    bool first = true;
    for (int g = 0; g < kGoalCount; ++g) {
        const ActivityGoalStatus& s = m.goals[std::size_t(g)];
        if (!(s.target > 0.0))
            continue; // no goal of this kind
        if (!first)
            out += ',';
        first = false;
        json::appendString(out, goalName(UserEvent::Goal(g)));
        out += ":{\"target\":";
        json::appendFixed(out, s.target, kTargetDecimals);
        out += ",\"progress\":";
        json::appendFixed(out, s.progress, kProgressDecimals);
        out += s.reached ? ",\"reached\":true" : ",\"reached\":false";
        out += ",\"streak_days\":";
        json::appendInt(out, s.streakDays);
        out += '}';
    }
    out += "},\"goal_reached\":[";
    for (std::size_t i = 0; i < m.goalReached.size(); ++i) {
        if (i)
            out += ',';
        json::appendString(out, goalName(m.goalReached[i]));
    }
    out += "]}";
}

std::string encode(const ActivityProgress& message)
{
    std::string out;
    encode(message, out);
    return out;
}

} // namespace activitycodec

namespace {

namespace dom = simdjson::dom;

bool goalFromName(std::string_view name, UserEvent::Goal& out)
{
    for (int g = 0; g < kGoalCount; ++g)
        if (name == goalName(UserEvent::Goal(g))) {
            out = UserEvent::Goal(g);
            return true;
        }
    return false;
}

using Reader = jsondoc::FieldReader;

bool readGoalStatus(Reader& parent, dom::element v, UserEvent::Goal goal, ActivityGoalStatus& s)
{
    const std::string prefix = std::string("goals.") + goalName(goal) + ".";
    dom::object obj;
    if (v.get_object().get(obj))
        return parent.fail("bad-type", "field '" + prefix.substr(0, prefix.size() - 1) + "' must be an object");
    Reader r(obj, prefix);
    (void)(r.number("target", 1.0, activitycodec::kMaxTarget, s.target) &&
           r.number("progress", 0.0, activitycodec::kMaxProgress, s.progress) && r.boolean("reached", s.reached) &&
           r.integer("streak_days", 0, activitycodec::kMaxStreakDays, s.streakDays));
    if (!r.ok())
        return parent.adopt(r.takeError());
    if (s.reached && s.streakDays < 1)
        return parent.fail("inconsistent", prefix + "reached is true but " + prefix + "streak_days is 0");
    return true;
}

bool readGoals(Reader& r, ActivityProgress& m)
{
    dom::element v;
    if (!r.find("goals", v))
        return false;
    dom::object obj;
    if (auto e = v.get_object().get(obj))
        return r.typeError(e, "goals", "an object");
    for (const dom::key_value_pair field : obj) {
        UserEvent::Goal goal;
        if (!goalFromName(field.key, goal))
            continue; // a goal kind of a newer producer
        if (!readGoalStatus(r, field.value, goal, m.goal(goal)))
            return false;
    }
    return true;
}

bool readGoalReached(Reader& r, ActivityProgress& m)
{
    dom::element v;
    if (!r.find("goal_reached", v))
        return false;
    dom::array arr;
    if (auto e = v.get_array().get(arr))
        return r.typeError(e, "goal_reached", "an array of goal names");
    for (const dom::element element : arr) {
        const std::string where = "goal_reached[" + std::to_string(m.goalReached.size()) + "]";
        std::string_view name;
        if (element.get_string().get(name))
            return r.fail("bad-type", where + " must be a goal name");
        UserEvent::Goal goal;
        if (!goalFromName(name, goal))
            return r.fail("bad-value", where + " '" + std::string(name) + "' is not a goal name");
        if (std::find(m.goalReached.begin(), m.goalReached.end(), goal) != m.goalReached.end())
            return r.fail("inconsistent", where + " names " + std::string(name) + " twice");
        if (!m.goal(goal).reached)
            return r.fail("inconsistent", where + " names " + std::string(name) + ", which is not reached in goals");
        m.goalReached.push_back(goal);
    }
    return true;
}

bool readHead(Reader& r, ActivityProgress& m)
{
    std::int64_t schema = 0;
    dom::element v;
    if (!r.find("schema", v))
        return false;
    if (auto e = v.get_int64().get(schema))
        return r.typeError(e, "schema", "an integer");
    if (schema != ActivityProgress::kSchemaVersion)
        return r.fail("unsupported-schema", "schema " + std::to_string(schema) +
                                                " is not supported (this build reads " +
                                                std::to_string(ActivityProgress::kSchemaVersion) + ")");
    std::string_view text;
    if (!r.text("type", text))
        return false;
    if (text != kType)
        return r.fail("wrong-type", "type is '" + std::string(text) + "', expected 'activity-progress'");
    if (!r.text("user_id", text))
        return false;
    if (text.empty() || text.size() > kMaxIdLength)
        return r.fail("out-of-range", "field 'user_id' must hold 1.." + std::to_string(kMaxIdLength) + " characters");
    m.userId.assign(text);
    if (!r.text("reason", text))
        return false;
    bool known = false;
    for (int i = 0; i < kReasons && !known; ++i)
        if (text == progressReasonName(ActivityProgress::Reason(i))) {
            m.reason = ActivityProgress::Reason(i);
            known = true;
        }
    if (!known)
        return r.fail("bad-value", "reason '" + std::string(text) + "' is not progress, goal-reached or day-closed");
    if (!r.text("day", text))
        return false;
    const std::optional<DayNumber> day = calendar::parseIsoDate(text);
    if (!day)
        return r.fail("bad-value", "day '" + std::string(text) + "' is not a YYYY-MM-DD date");
    m.day = *day;
    return true;
}

bool readTotals(Reader& r, ActivityProgress& m)
{
    using namespace activitycodec;
    if (!(r.integer("utc_offset_min", -kMaxUtcOffsetMinutes, kMaxUtcOffsetMinutes, m.utcOffsetMinutes) &&
          r.integer("event_time_us", INT64_MIN, INT64_MAX, m.eventTimeUs)))
        return false;
    dom::element v;
    if (r.find("source_sent_at_us", v, false) &&
        !r.integer("source_sent_at_us", INT64_MIN, INT64_MAX, m.sourceSentAtUs))
        return false;
    if (!(r.integer("steps", 0, kMaxSteps, m.steps) &&
          r.integer("active_minutes", 0, kMaxActiveMinutes, m.activeMinutes) &&
          r.number("trimp_day", 0.0, kMaxTrimpDay, m.trimpDay) &&
          r.number("trimp_week", 0.0, kMaxTrimpWeek, m.trimpWeek)))
        return false;
    if (m.trimpWeek < m.trimpDay)
        return r.fail("inconsistent", "trimp_week = " + jsondoc::formatDecimal(m.trimpWeek) + " is below trimp_day = " +
                                          jsondoc::formatDecimal(m.trimpDay) + " (the week includes the day)");
    return true;
}

} // namespace

struct ActivityProgressDecoder::Impl : jsondoc::Parser
{
};

ActivityProgressDecoder::ActivityProgressDecoder() : m_impl(std::make_unique<Impl>()) {}
ActivityProgressDecoder::~ActivityProgressDecoder() = default;

DecodeError ActivityProgressDecoder::decode(std::string_view bytes, ActivityProgress& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parseObject(bytes, obj); !err.ok())
        return err;

    out = ActivityProgress{};
    Reader r(obj);
    (void)(readHead(r, out) && readTotals(r, out) && readGoals(r, out) && readGoalReached(r, out));
    return r.takeError();
}

} // namespace nexus
