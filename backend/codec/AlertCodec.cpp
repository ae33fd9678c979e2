#include "backend/codec/AlertCodec.h"

#include "backend/codec/JsonWriter.h"

#include "backend/codec/JsonDocument.h"

#include <cmath>
#include <optional>

namespace nexus {

namespace alertcodec {

void encode(const AlertEvent& a, std::string& out)
{
    out.clear();
    out.reserve(320 + a.evidence.size() * 40);
    out += "{\"schema\":";
    json::appendInt(out, AlertEvent::kSchemaVersion);
    out += ",\"type\":\"alert\",";
    json::appendKey(out, "alert_id");
    json::appendString(out, a.alertId);
    out += ',';
    json::appendKey(out, "user_id");
    json::appendString(out, a.userId);
    out += ',';
    json::appendKey(out, "detector");
    json::appendString(out, a.detector);
    out += ",\"category\":\"";
    out += nameOf(a.category);
    out += "\",\"severity\":\"";
    out += nameOf(a.severity);
    out += "\",\"state\":\"";
    out += nameOf(a.state);
    out += "\",\"start_us\":";
    json::appendInt(out, a.startUs);
    out += ",\"ts_us\":";
    json::appendInt(out, a.tsUs);
    if (a.state == AlertState::Closed) {
        out += ",\"end_us\":";
        json::appendInt(out, a.endUs);
    }
    out += ',';
    json::appendKey(out, "message");
    json::appendString(out, a.message);
    out += ",\"value\":";
    json::appendFixed(out, a.value, 3);
    out += ',';
    json::appendKey(out, "unit");
    json::appendString(out, a.unit);
    out += ",\"evidence\":[";
    for (std::size_t i = 0; i < a.evidence.size(); ++i) {
        if (i)
            out += ',';
        out += "{\"ts_us\":";
        json::appendInt(out, a.evidence[i].tsUs);
        out += ",\"value\":";
        json::appendFixed(out, a.evidence[i].value, 3);
        out += '}';
    }
    out += "],\"source_sent_at_us\":";
    json::appendInt(out, a.sourceSentAtUs);
    out += '}';
}

std::string encode(const AlertEvent& alert)
{
    std::string out;
    encode(alert, out);
    return out;
}

} // namespace alertcodec

namespace {

using simdjson::error_code;
namespace dom = simdjson::dom;

using jsondoc::fieldError;

DecodeError readText(dom::element v, const std::string& field, std::size_t minLength, std::size_t maxLength,
                     std::string& out)
{
    std::string_view sv;
    if (auto e = v.get_string().get(sv))
        return fieldError(e, field, "a string");
    if (sv.size() < minLength || sv.size() > maxLength)
        return {"out-of-range", "field '" + field + "' must hold " + std::to_string(minLength) + ".." +
                                    std::to_string(maxLength) + " characters"};
    out.assign(sv);
    return {};
}

DecodeError readNumber(dom::element v, const std::string& field, double& out)
{
    if (auto e = v.get_double().get(out))
        return fieldError(e, field, "a number");
    if (!std::isfinite(out))
        return {"out-of-range", "field '" + field + "' must be finite"};
    return {};
}

template <typename Enum, int N> std::optional<Enum> enumFromName(std::string_view name, const Enum (&values)[N])
{
    for (Enum v : values)
        if (name == nameOf(v))
            return v;
    return std::nullopt;
}

template <typename Enum, int N>
DecodeError readEnum(dom::element v, const char* field, const Enum (&values)[N], Enum& out)
{
    std::string_view sv;
    if (auto e = v.get_string().get(sv))
        return fieldError(e, field, "a string");
    const std::optional<Enum> parsed = enumFromName(sv, values);
    if (!parsed)
        return {"out-of-range", std::string("field '") + field + "' has unknown value '" + std::string(sv) + "'"};
    out = *parsed;
    return {};
}

DecodeError readEvidence(dom::element v, std::vector<AlertEvidence>& evidence)
{
    dom::array arr;
    if (auto e = v.get_array().get(arr))
        return fieldError(e, "evidence", "an array");
    evidence.clear();
    for (const dom::element element : arr) {
        const std::string where = "evidence[" + std::to_string(evidence.size()) + "]";
        if (evidence.size() == AlertEvent::kMaxEvidence)
            return {"out-of-range",
                    "evidence holds more than " + std::to_string(AlertEvent::kMaxEvidence) + " entries"};
        dom::object obj;
        if (auto e = element.get_object().get(obj))
            return fieldError(e, where, "an object");
        AlertEvidence ev;
        unsigned seen = 0;
        for (const dom::key_value_pair field : obj) {
            if (field.key == "ts_us") {
                if (auto e = field.value.get_int64().get(ev.tsUs))
                    return fieldError(e, where + ".ts_us", "an integer (microseconds since the epoch)");
                seen |= 1;
            } else if (field.key == "value") {
                if (DecodeError err = readNumber(field.value, where + ".value", ev.value); !err.ok())
                    return err;
                seen |= 2;
            }
        }
        if (seen != 3)
            return {"missing-field", where + (seen & 1 ? ".value" : ".ts_us") + " is missing"};
        evidence.push_back(ev);
    }
    return {};
}

constexpr AlertCategory kCategories[] = {AlertCategory::Health, AlertCategory::Sensor};
constexpr AlertSeverity kSeverities[] = {AlertSeverity::Info, AlertSeverity::Warning, AlertSeverity::Critical};
constexpr AlertState kStates[] = {AlertState::Open, AlertState::Update, AlertState::Closed};

} // namespace

struct AlertDecoder::Impl : jsondoc::Parser
{
};

AlertDecoder::AlertDecoder() : m_impl(std::make_unique<Impl>()) {}
AlertDecoder::~AlertDecoder() = default;

DecodeError AlertDecoder::decode(std::string_view bytes, AlertEvent& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parseObject(bytes, obj); !err.ok())
        return err;

    static constexpr const char* kNames[] = {"schema",   "type",     "alert_id", "user_id",  "detector",
                                             "category", "severity", "state",    "start_us", "ts_us",
                                             "message",  "value",    "unit",     "evidence", "source_sent_at_us"};
    constexpr unsigned kFieldCount = sizeof kNames / sizeof kNames[0];
    unsigned seen = 0;
    bool seenEnd = false;
    out.endUs = 0;
    for (const dom::key_value_pair field : obj) {
        const std::string_view key = field.key;
        unsigned bit = 0;
        while (bit < kFieldCount && key != kNames[bit])
            ++bit;
        DecodeError err;
        switch (bit) {
        case 0: {
            std::int64_t schema = 0;
            if (auto e = field.value.get_int64().get(schema))
                return fieldError(e, "schema", "an integer");
            if (schema != AlertEvent::kSchemaVersion)
                return {"unsupported-schema", "schema " + std::to_string(schema) +
                                                  " is not supported (this build reads " +
                                                  std::to_string(AlertEvent::kSchemaVersion) + ")"};
            break;
        }
        case 1: {
            std::string_view type;
            if (auto e = field.value.get_string().get(type))
                return fieldError(e, "type", "a string");
            if (type != "alert")
                return {"wrong-type", "type is '" + std::string(type) + "', expected 'alert'"};
            break;
        }
        case 2:
            err = readText(field.value, "alert_id", 1, alertcodec::kMaxAlertIdLength, out.alertId);
            break;
        case 3:
            err = readText(field.value, "user_id", 1, alertcodec::kMaxIdLength, out.userId);
            break;
        case 4:
            err = readText(field.value, "detector", 1, 64, out.detector);
            break;
        case 5:
            err = readEnum(field.value, "category", kCategories, out.category);
            break;
        case 6:
            err = readEnum(field.value, "severity", kSeverities, out.severity);
            break;
        case 7:
            err = readEnum(field.value, "state", kStates, out.state);
            break;
        case 8:
            if (auto e = field.value.get_int64().get(out.startUs))
                return fieldError(e, "start_us", "an integer (microseconds since the epoch)");
            break;
        case 9:
            if (auto e = field.value.get_int64().get(out.tsUs))
                return fieldError(e, "ts_us", "an integer (microseconds since the epoch)");
            break;
        case 10:
            err = readText(field.value, "message", 1, alertcodec::kMaxMessageLength, out.message);
            break;
        case 11:
            err = readNumber(field.value, "value", out.value);
            break;
        case 12:
            err = readText(field.value, "unit", 0, alertcodec::kMaxUnitLength, out.unit);
            break;
        case 13:
            err = readEvidence(field.value, out.evidence);
            break;
        case 14:
            if (auto e = field.value.get_int64().get(out.sourceSentAtUs))
                return fieldError(e, "source_sent_at_us", "an integer (microseconds since the epoch)");
            break;
        default:
            if (key == "end_us") {
                if (auto e = field.value.get_int64().get(out.endUs))
                    return fieldError(e, "end_us", "an integer (microseconds since the epoch)");
                seenEnd = true;
            }
            continue; // unknown fields are skipped: newer producers may add some
        }
        if (!err.ok())
            return err;
        seen |= 1u << bit;
    }
    for (unsigned bit = 0; bit < kFieldCount; ++bit)
        if (!(seen & (1u << bit)))
            return {"missing-field", std::string("field '") + kNames[bit] + "' is missing"};

    const std::optional<AlertCategory> category = detector::categoryOf(out.detector);
    if (!category)
        return {"out-of-range", "detector '" + out.detector + "' is not a known detector"};
    if (*category != out.category)
        return {"inconsistent", std::string("category '") + nameOf(out.category) + "' does not match detector '" +
                                    out.detector + "' (" + nameOf(*category) + ")"};
    if (seenEnd != (out.state == AlertState::Closed))
        return {seenEnd ? "inconsistent" : "missing-field",
                seenEnd ? "end_us is only allowed on a closed alert" : "field 'end_us' is missing (state is closed)"};
    if (out.tsUs < out.startUs)
        return {"unordered", "ts_us is before start_us"};
    if (seenEnd && out.endUs < out.startUs)
        return {"unordered", "end_us is before start_us"};
    return {};
}

} // namespace nexus
