#pragma once

// Internal to backend/codec/*.cpp, like JsonDocument.h: reading an object's fields with errors
// that name the field.

#include "backend/codec/DecodeError.h"
#include "backend/codec/JsonWriter.h"
#include "models/core/Time.h"

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace nexus::jsondoc {

namespace dom = simdjson::dom;

/// A number for an error message: up to three decimals.
inline std::string formatDecimal(double v)
{
    std::string s;
    json::appendFixed(s, v, 3);
    return s;
}

/// Reads the fields of one JSON object by name. After the first error every read is a no-op
/// that returns false, so a decoder is a straight list of reads ending in `takeError()`.
class FieldReader
{
public:
    explicit FieldReader(dom::object obj, std::string prefix = {}) : m_obj(obj), m_prefix(std::move(prefix)) {}

    bool ok() const { return m_error.ok(); }
    DecodeError takeError() { return std::move(m_error); }
    std::string name(std::string_view key) const { return m_prefix + std::string(key); }

    bool fail(const char* reason, std::string detail)
    {
        if (m_error.ok())
            m_error = {reason, std::move(detail)};
        return false;
    }

    /// Takes over the error of a reader of a nested object.
    bool adopt(DecodeError error)
    {
        if (m_error.ok())
            m_error = std::move(error);
        return false;
    }

    /// The field's value; false if absent (a missing-field error when `required`) or after an error.
    bool find(const char* key, dom::element& value, bool required = true)
    {
        if (!ok())
            return false;
        if (m_obj.at_key(key).get(value) == simdjson::SUCCESS)
            return true;
        return required ? fail("missing-field", "field '" + name(key) + "' is missing") : false;
    }

    bool typeError(simdjson::error_code e, const char* key, const char* expected)
    {
        if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR || e == simdjson::NUMBER_OUT_OF_RANGE)
            return fail("bad-type", "field '" + name(key) + "' must be " + expected);
        return fail("not-json", "field '" + name(key) + "': " + simdjson::error_message(e));
    }

    /// A string as a view into the parser's memory (valid until the next parse).
    bool text(const char* key, std::string_view& out)
    {
        dom::element v;
        if (!find(key, v))
            return false;
        if (auto e = v.get_string().get(out))
            return typeError(e, key, "a string");
        return true;
    }

    bool string(const char* key, std::size_t minBytes, std::size_t maxBytes, const char* unit, std::string& out)
    {
        std::string_view sv;
        if (!text(key, sv))
            return false;
        if (sv.size() < minBytes || sv.size() > maxBytes)
            return fail("out-of-range", "field '" + name(key) + "' must hold " + std::to_string(minBytes) + ".." +
                                            std::to_string(maxBytes) + " " + unit + ", not " +
                                            std::to_string(sv.size()));
        out.assign(sv);
        return true;
    }

    bool timestamp(const char* key, TimestampUs& out)
    {
        dom::element v;
        if (!find(key, v))
            return false;
        if (auto e = v.get_int64().get(out))
            return typeError(e, key, "an integer (microseconds since the epoch)");
        return true;
    }

    /// An integer in lo..hi, stored into any integer type that holds that range.
    template <typename Int> bool integer(const char* key, std::int64_t lo, std::int64_t hi, Int& out)
    {
        dom::element v;
        if (!find(key, v))
            return false;
        std::int64_t n = 0;
        if (auto e = v.get_int64().get(n))
            return typeError(e, key, "an integer");
        if (n < lo || n > hi)
            return fail("out-of-range", name(key) + " = " + std::to_string(n) + " is outside " + std::to_string(lo) +
                                            ".." + std::to_string(hi));
        out = static_cast<Int>(n);
        return true;
    }

    /// A number in lo..hi; when not `required` an absent field leaves `out` as it is.
    bool number(const char* key, double lo, double hi, double& out, bool required = true)
    {
        dom::element v;
        if (!find(key, v, required))
            return ok(); // absent and optional, or an error already
        double x = 0.0;
        if (auto e = v.get_double().get(x))
            return typeError(e, key, "a number");
        if (!(x >= lo && x <= hi))
            return fail("out-of-range", name(key) + " = " + formatDecimal(x) + " is outside " + formatDecimal(lo) + ".." +
                                            formatDecimal(hi));
        out = x;
        return true;
    }

    bool object(const char* key, dom::object& out)
    {
        dom::element v;
        if (!find(key, v))
            return false;
        if (auto e = v.get_object().get(out))
            return typeError(e, key, "an object");
        return true;
    }

    bool boolean(const char* key, bool& out)
    {
        dom::element v;
        if (!find(key, v))
            return false;
        if (auto e = v.get_bool().get(out))
            return typeError(e, key, "true or false");
        return true;
    }

    /// A string that must be one of an enum's wire names (`nameOf(Enum(0 … count − 1))`).
    template <typename Enum> bool choice(const char* key, const char* (*nameOf)(Enum), int count, Enum& out)
    {
        std::string_view sv;
        if (!text(key, sv))
            return false;
        for (int i = 0; i < count; ++i)
            if (sv == nameOf(Enum(i))) {
                out = Enum(i);
                return true;
            }
        std::string allowed;
        for (int i = 0; i < count; ++i)
            allowed += std::string(i ? ", '" : "'") + nameOf(Enum(i)) + "'";
        return fail("bad-value", name(key) + " '" + std::string(sv) + "' is not one of " + allowed);
    }

private:
    dom::object m_obj;
    std::string m_prefix;
    DecodeError m_error;
};

} // namespace nexus::jsondoc
