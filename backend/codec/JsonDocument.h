#pragma once

// Internal to backend/codec/*.cpp: what every simdjson-based decoder shares. Not for other
// headers (simdjson.h is large).

#include "backend/codec/DecodeError.h"

#include <simdjson.h>

#include <string>
#include <string_view>

namespace nexus::jsondoc {

/// A reusable parser and its padded input buffer: keep one per decoder.
struct Parser
{
    simdjson::dom::parser parser; // the DOM API picks the fastest kernel (AVX2, SSE4.2…) at run time
    std::string buffer;           // input copied here with simdjson's required padding

    /// Parses `bytes` and checks the document is an object; `obj` lives until the next parse.
    DecodeError parseObject(std::string_view bytes, simdjson::dom::object& obj)
    {
        if (buffer.size() < bytes.size() + simdjson::SIMDJSON_PADDING)
            buffer.resize(bytes.size() + simdjson::SIMDJSON_PADDING);
        std::copy(bytes.begin(), bytes.end(), buffer.begin());
        simdjson::dom::element root;
        if (auto e = parser.parse(buffer.data(), bytes.size(), false).get(root))
            return {"not-json", simdjson::error_message(e)};
        if (root.get_object().get(obj))
            return {"bad-type", "the document must be a JSON object"};
        return {};
    }
};

/// A field's value could not be read: "bad-type" when it has the wrong type, else "not-json".
inline DecodeError fieldError(simdjson::error_code e, const std::string& field, const char* expected)
{
    if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR || e == simdjson::NUMBER_OUT_OF_RANGE)
        return {"bad-type", "field '" + field + "' must be " + expected};
    return {"not-json", "field '" + field + "': " + simdjson::error_message(e)};
}

} // namespace nexus::jsondoc
