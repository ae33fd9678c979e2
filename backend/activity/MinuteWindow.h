#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nexus::analysis {
class BlobReader;
}

namespace nexus::activity {

/// The minutes of one user that samples may still land in: from the minute of (newest − lateness)
/// to the newest minute, as a ring. Per minute it keeps which of its 60 seconds were already
/// counted (so a re-delivered sample counts once), the steps reported in it so far (saturating at
/// 255: only the active-minute threshold reads it) and whether the minute already counted as
/// active (so it counts once, however many samples arrive in it). Older minutes need no record:
/// their samples are rejected as late before they get here.
class MinuteWindow
{
public:
    /// A window wide enough for `latenessUs` (ceil(lateness / 1 min) + 2 minutes).
    explicit MinuteWindow(DurationUs latenessUs);

    /// Moves the newest minute forward to `minute` (minutes since the epoch), forgetting the
    /// minutes that leave the window. Earlier or equal minutes change nothing.
    void advance(std::int64_t minute);

    /// Marks second `second` (0..59) of `minute` counted. False if it already was (a duplicate).
    /// `minute` must lie in the window: at most newest, and not older than the lateness allows.
    bool markSecond(std::int64_t minute, int second);
    /// Adds a sample's steps to the minute; returns the minute's steps so far (at most 255).
    int addSteps(std::int64_t minute, int steps);
    bool isActive(std::int64_t minute) const { return (m_bits[slot(minute)] & kActiveBit) != 0; }
    void setActive(std::int64_t minute) { m_bits[slot(minute)] |= kActiveBit; }

    std::size_t slotCount() const { return m_bits.size(); }
    /// Heap bytes held (the ring).
    std::size_t heapBytes() const { return m_bits.capacity() * sizeof(std::uint64_t) + m_steps.capacity(); }

    void save(std::string& blob) const;
    /// False when the blob's ring has another size (a snapshot taken with another lateness).
    bool restore(analysis::BlobReader& in);

private:
    static constexpr std::uint64_t kActiveBit = std::uint64_t(1) << 63; // bits 0..59 are the seconds
    static constexpr std::int64_t kNone = INT64_MIN;

    std::size_t slot(std::int64_t minute) const;

    std::int64_t m_newest = kNone;
    std::vector<std::uint64_t> m_bits;
    std::vector<std::uint8_t> m_steps;
};

} // namespace nexus::activity
