#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

/// A minimal binary writer/reader for per-user detector state snapshots. Values are copied as
/// their in-memory bytes: a blob is read back by the same build (HealthAnalyzer stamps a layout
/// version and the structs' sizes into every blob and rejects a mismatch).
namespace nexus::analysis {

class BlobWriter
{
public:
    explicit BlobWriter(std::string& out) : m_out(out) {}

    template <typename T> void put(const T& value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        m_out.append(reinterpret_cast<const char*>(&value), sizeof value);
    }

private:
    std::string& m_out;
};

class BlobReader
{
public:
    explicit BlobReader(std::string_view in) : m_in(in) {}

    /// Reads one value; false (and the reader fails from then on) when the blob is too short.
    template <typename T> bool get(T& value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        if (m_failed || m_in.size() - m_pos < sizeof value) {
            m_failed = true;
            return false;
        }
        std::memcpy(&value, m_in.data() + m_pos, sizeof value);
        m_pos += sizeof value;
        return true;
    }
    bool ok() const { return !m_failed; }
    bool atEnd() const { return m_pos == m_in.size(); }
    void fail() { m_failed = true; }

private:
    std::string_view m_in;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

} // namespace nexus::analysis
