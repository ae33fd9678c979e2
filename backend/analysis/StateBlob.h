#pragma once

#include <cstddef>
#include <cstdint>
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
    /// Bytes of any length, preceded by their length.
    void putBytes(std::string_view bytes)
    {
        put(std::uint32_t(bytes.size()));
        m_out.append(bytes);
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
    /// Bytes written by putBytes(); false (and the reader fails) when the blob is too short.
    bool getBytes(std::string& bytes)
    {
        std::uint32_t size = 0;
        if (!get(size) || m_in.size() - m_pos < size) {
            m_failed = true;
            return false;
        }
        bytes.assign(m_in.substr(m_pos, size));
        m_pos += size;
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
