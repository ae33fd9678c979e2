#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace nexus::json {

/// Appends `s` as a JSON string literal (quotes and escapes included).
void appendString(std::string& out, std::string_view s);

template <typename Int> void appendInt(std::string& out, Int v)
{
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

/// Appends a double with up to `decimals` digits after the point (shortest form).
void appendFixed(std::string& out, double v, int decimals);

/// Appends `"key":` (key is trusted: a literal without characters that need escaping).
inline void appendKey(std::string& out, std::string_view key)
{
    out += '"';
    out += key;
    out += "\":";
}

} // namespace nexus::json
