#include "backend/codec/HealthBatchCodec.h"

#include "backend/codec/JsonWriter.h"

#include "backend/codec/JsonDocument.h"

#include <cmath>

namespace nexus {

namespace healthcodec {

void encode(const HealthBatch& batch, std::string& out)
{
    out.clear();
    out.reserve(128 + batch.samples.size() * 52);
    out += "{\"schema\":";
    json::appendInt(out, HealthBatch::kSchemaVersion);
    out += ",\"type\":\"health-batch\",";
    json::appendKey(out, "user_id");
    json::appendString(out, batch.userId);
    out += ',';
    json::appendKey(out, "device_id");
    json::appendString(out, batch.deviceId);
    out += ',';
    json::appendKey(out, "sent_at_us");
    json::appendInt(out, batch.sentAtUs);
    out += ",\"samples\":[";
    bool first = true;
    for (const HealthSample& s : batch.samples) {
        if (!first)
            out += ',';
        first = false;
        out += "{\"ts_us\":";
        json::appendInt(out, s.tsUs);
        out += ",\"hr_bpm\":";
        json::appendInt(out, s.hrBpm);
        out += ",\"steps\":";
        json::appendInt(out, s.steps);
        // Optional readings are written only when measured, so the common 1 Hz sample stays short.
        if (s.spo2Pct != 0) {
            out += ",\"spo2_pct\":";
            json::appendInt(out, s.spo2Pct);
        }
        if (s.skinTempCentiC != 0) {
            out += ",\"skin_temp_c\":";
            json::appendFixed(out, s.skinTempCentiC / 100.0, 2);
        }
        if (s.workout)
            out += ",\"workout\":true";
        out += '}';
    }
    out += ']';
    if (!batch.rrMs.empty()) {
        out += ",\"rr_start_us\":";
        json::appendInt(out, batch.rrStartUs);
        out += ",\"rr_ms\":[";
        for (std::size_t i = 0; i < batch.rrMs.size(); ++i) {
            if (i)
                out += ',';
            json::appendInt(out, batch.rrMs[i]);
        }
        out += ']';
    }
    out += '}';
}

std::string encode(const HealthBatch& batch)
{
    std::string out;
    encode(batch, out);
    return out;
}

} // namespace healthcodec

namespace {

using simdjson::error_code;
namespace dom = simdjson::dom;

using jsondoc::fieldError;

DecodeError outOfRange(const std::string& field, std::int64_t value, std::int64_t lo, std::int64_t hi)
{
    return {"out-of-range",
            field + " = " + std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi)};
}

DecodeError readId(dom::element v, const char* field, std::string& out)
{
    std::string_view sv;
    if (auto e = v.get_string().get(sv))
        return fieldError(e, field, "a string");
    if (sv.empty() || sv.size() > healthcodec::kMaxIdLength)
        return {"out-of-range", std::string("field '") + field + "' must hold 1.." +
                                    std::to_string(healthcodec::kMaxIdLength) + " characters"};
    out.assign(sv);
    return {};
}

DecodeError readBoundedInt(dom::element v, const std::string& field, std::int64_t lo, std::int64_t hi,
                           std::int64_t& out)
{
    if (auto e = v.get_int64().get(out))
        return fieldError(e, field, "an integer");
    if (out < lo || out > hi)
        return outOfRange(field, out, lo, hi);
    return {};
}

DecodeError readSample(dom::element v, std::size_t index, HealthSample& s)
{
    const auto where = [index](const char* field) {
        return "samples[" + std::to_string(index) + "]" + (*field ? "." : "") + field;
    };
    dom::object obj;
    if (auto e = v.get_object().get(obj))
        return fieldError(e, where(""), "an object");
    enum : unsigned { kTs = 1, kHr = 2, kSteps = 4, kAll = 7 };
    unsigned seen = 0;
    for (const dom::key_value_pair field : obj) {
        std::int64_t n = 0;
        if (field.key == "ts_us") {
            if (auto e = field.value.get_int64().get(s.tsUs))
                return fieldError(e, where("ts_us"), "an integer (microseconds since the epoch)");
            seen |= kTs;
        } else if (field.key == "hr_bpm") {
            if (DecodeError err = readBoundedInt(field.value, where("hr_bpm"), healthcodec::kMinHrBpm,
                                                 healthcodec::kMaxHrBpm, n);
                !err.ok())
                return err;
            s.hrBpm = std::uint16_t(n);
            seen |= kHr;
        } else if (field.key == "steps") {
            if (DecodeError err = readBoundedInt(field.value, where("steps"), 0, healthcodec::kMaxStepsPerSample, n);
                !err.ok())
                return err;
            s.steps = std::uint16_t(n);
            seen |= kSteps;
        } else if (field.key == "spo2_pct") {
            if (DecodeError err = readBoundedInt(field.value, where("spo2_pct"), healthcodec::kMinSpo2Pct, 100, n);
                !err.ok())
                return err;
            s.spo2Pct = std::uint8_t(n);
        } else if (field.key == "skin_temp_c") {
            double c = 0.0;
            if (auto e = field.value.get_double().get(c))
                return fieldError(e, where("skin_temp_c"), "a number");
            if (!(c >= healthcodec::kMinSkinTempC && c <= healthcodec::kMaxSkinTempC))
                return {"out-of-range", where("skin_temp_c") + " = " + std::to_string(c) + " is outside " +
                                            std::to_string(int(healthcodec::kMinSkinTempC)) + ".." +
                                            std::to_string(int(healthcodec::kMaxSkinTempC)) + " °C"};
            s.skinTempCentiC = std::int16_t(std::lround(c * 100.0));
        } else if (field.key == "workout") {
            if (auto e = field.value.get_bool().get(s.workout))
                return fieldError(e, where("workout"), "true or false");
        }
        // Unknown fields are skipped: newer producers may add optional readings.
    }
    if (seen != kAll) {
        const char* missing = !(seen & kTs) ? "ts_us" : !(seen & kHr) ? "hr_bpm" : "steps";
        return {"missing-field", where(missing) + " is missing"};
    }
    return {};
}

DecodeError readSamples(dom::element v, std::vector<HealthSample>& samples)
{
    dom::array arr;
    if (auto e = v.get_array().get(arr))
        return fieldError(e, "samples", "an array");
    samples.clear();
    for (const dom::element element : arr) {
        HealthSample s;
        if (DecodeError err = readSample(element, samples.size(), s); !err.ok())
            return err;
        if (!samples.empty() && s.tsUs <= samples.back().tsUs)
            return {"unordered", "samples[" + std::to_string(samples.size()) + "].ts_us = " + std::to_string(s.tsUs) +
                                     " is not after the previous sample's " + std::to_string(samples.back().tsUs)};
        samples.push_back(s);
    }
    return {};
}

DecodeError readRrIntervals(dom::element v, std::vector<std::uint16_t>& rr)
{
    dom::array arr;
    if (auto e = v.get_array().get(arr))
        return fieldError(e, "rr_ms", "an array of integers");
    rr.clear();
    for (const dom::element element : arr) {
        std::int64_t ms = 0;
        const std::string where = "rr_ms[" + std::to_string(rr.size()) + "]";
        if (DecodeError err = readBoundedInt(element, where, healthcodec::kMinRrMs, healthcodec::kMaxRrMs, ms); !err.ok())
            return err;
        rr.push_back(std::uint16_t(ms));
    }
    return {};
}

} // namespace

struct HealthBatchDecoder::Impl : jsondoc::Parser
{
};

HealthBatchDecoder::HealthBatchDecoder() : m_impl(std::make_unique<Impl>()) {}
HealthBatchDecoder::~HealthBatchDecoder() = default;

DecodeError HealthBatchDecoder::decode(std::string_view bytes, HealthBatch& out)
{
    dom::object obj;
    if (DecodeError err = m_impl->parseObject(bytes, obj); !err.ok())
        return err;

    enum : unsigned { kSchema = 1, kType = 2, kUser = 4, kDevice = 8, kSentAt = 16, kSamples = 32, kAll = 63 };
    unsigned seen = 0;
    bool seenRrStart = false;
    out.rrStartUs = 0;
    out.rrMs.clear();
    for (const dom::key_value_pair field : obj) {
        const std::string_view key = field.key;
        if (key == "schema") {
            std::int64_t schema = 0;
            if (auto e = field.value.get_int64().get(schema))
                return fieldError(e, "schema", "an integer");
            if (schema != HealthBatch::kSchemaVersion)
                return {"unsupported-schema", "schema " + std::to_string(schema) + " is not supported (this build reads " +
                                                  std::to_string(HealthBatch::kSchemaVersion) + ")"};
            seen |= kSchema;
        } else if (key == "type") {
            std::string_view type;
            if (auto e = field.value.get_string().get(type))
                return fieldError(e, "type", "a string");
            if (type != "health-batch")
                return {"wrong-type", "type is '" + std::string(type) + "', expected 'health-batch'"};
            seen |= kType;
        } else if (key == "user_id") {
            if (DecodeError err = readId(field.value, "user_id", out.userId); !err.ok())
                return err;
            seen |= kUser;
        } else if (key == "device_id") {
            if (DecodeError err = readId(field.value, "device_id", out.deviceId); !err.ok())
                return err;
            seen |= kDevice;
        } else if (key == "sent_at_us") {
            if (auto e = field.value.get_int64().get(out.sentAtUs))
                return fieldError(e, "sent_at_us", "an integer (microseconds since the epoch)");
            seen |= kSentAt;
        } else if (key == "samples") {
            if (DecodeError err = readSamples(field.value, out.samples); !err.ok())
                return err;
            seen |= kSamples;
        } else if (key == "rr_start_us") {
            if (auto e = field.value.get_int64().get(out.rrStartUs))
                return fieldError(e, "rr_start_us", "an integer (microseconds since the epoch)");
            seenRrStart = true;
        } else if (key == "rr_ms") {
            if (DecodeError err = readRrIntervals(field.value, out.rrMs); !err.ok())
                return err;
        }
    }
    if (!out.rrMs.empty() && !seenRrStart)
        return {"missing-field", "field 'rr_start_us' is missing (rr_ms needs it)"};
    if (seen != kAll) {
        static constexpr const char* kNames[] = {"schema", "type", "user_id", "device_id", "sent_at_us", "samples"};
        for (unsigned bit = 0; bit < 6; ++bit)
            if (!(seen & (1u << bit)))
                return {"missing-field", std::string("field '") + kNames[bit] + "' is missing"};
    }
    return {};
}

} // namespace nexus
