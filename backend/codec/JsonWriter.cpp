#include "backend/codec/JsonWriter.h"

#include <cmath>

namespace nexus::json {

void appendString(std::string& out, std::string_view s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += kHex[(c >> 4) & 0xf];
                out += kHex[c & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendFixed(std::string& out, double v, int decimals)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    // Trim trailing zeros (and a trailing point) so 71.50 is written 71.5 and 72.00 as 72.
    char* end = res.ptr;
    if (decimals > 0) {
        while (end > buf && end[-1] == '0')
            --end;
        if (end > buf && end[-1] == '.')
            --end;
    }
    out.append(buf, end);
}

} // namespace nexus::json
