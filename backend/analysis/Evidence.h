#pragma once

#include "models/events/Alert.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace nexus::analysis {

/// The readings behind one episode, bounded at AlertEvent::kMaxEvidence: the first half is kept
/// (how it started) and the second half is a ring of the newest (how it is going). Lives on the
/// heap only while a detector has a candidate or open episode, so idle users cost nothing.
class EvidenceBuffer
{
public:
    static constexpr int kCapacity = int(AlertEvent::kMaxEvidence);
    static constexpr int kHead = kCapacity / 2;
    static constexpr int kTail = kCapacity - kHead;

    struct Entry
    {
        TimestampUs tsUs = 0;
        float value = 0.0f;
    };

    void add(TimestampUs tsUs, double value)
    {
        const Entry e{tsUs, float(value)};
        if (m_count < kHead)
            m_head[std::size_t(m_count)] = e;
        else
            m_tail[std::size_t((m_count - kHead) % kTail)] = e;
        ++m_count;
    }

    /// All kept entries in time order.
    std::vector<AlertEvidence> toVector() const
    {
        std::vector<AlertEvidence> out;
        out.reserve(std::size_t(std::min(m_count, kCapacity)));
        for (int i = 0; i < std::min(m_count, kHead); ++i)
            out.push_back({m_head[std::size_t(i)].tsUs, double(m_head[std::size_t(i)].value)});
        const int inTail = std::min(std::max(0, m_count - kHead), kTail);
        const int first = m_count - inTail; // index (in add order) of the oldest kept tail entry
        for (int i = first; i < m_count; ++i) {
            const Entry& e = m_tail[std::size_t((i - kHead) % kTail)];
            out.push_back({e.tsUs, double(e.value)});
        }
        return out;
    }

    int addedCount() const { return m_count; }

private:
    std::array<Entry, kHead> m_head{};
    std::array<Entry, kTail> m_tail{};
    int m_count = 0; ///< entries ever added (not capped)
};

} // namespace nexus::analysis
