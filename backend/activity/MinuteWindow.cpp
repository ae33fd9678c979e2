#include "backend/activity/MinuteWindow.h"

#include "backend/activity/ActivitySettings.h"
#include "backend/activity/LocalTime.h"
#include "backend/analysis/StateBlob.h"

#include <algorithm>

namespace nexus::activity {

MinuteWindow::MinuteWindow(DurationUs latenessUs)
{
    // The window spans minute(newest − lateness) .. minute(newest): at most ceil(lateness/1 min) + 1
    // minutes; one spare slot keeps the arithmetic obviously safe.
    const std::int64_t minutes = (std::max<DurationUs>(latenessUs, 0) + kUsPerMinute - 1) / kUsPerMinute;
    m_bits.assign(std::size_t(minutes + 2), 0);
    m_steps.assign(m_bits.size(), 0);
}

std::size_t MinuteWindow::slot(std::int64_t minute) const
{
    const auto n = static_cast<std::int64_t>(m_bits.size());
    return static_cast<std::size_t>(minute - floorDiv(minute, n) * n);
}

void MinuteWindow::advance(std::int64_t minute)
{
    if (m_newest != kNone && minute <= m_newest)
        return;
    const auto n = static_cast<std::int64_t>(m_bits.size());
    if (m_newest == kNone || minute - m_newest >= n) {
        std::fill(m_bits.begin(), m_bits.end(), 0);
        std::fill(m_steps.begin(), m_steps.end(), 0);
    } else {
        // The slots of the new minutes still hold minutes one ring length older: clear them.
        for (std::int64_t m = m_newest + 1; m <= minute; ++m) {
            m_bits[slot(m)] = 0;
            m_steps[slot(m)] = 0;
        }
    }
    m_newest = minute;
}

bool MinuteWindow::markSecond(std::int64_t minute, int second)
{
    std::uint64_t& bits = m_bits[slot(minute)];
    const std::uint64_t bit = std::uint64_t(1) << second;
    if (bits & bit)
        return false;
    bits |= bit;
    return true;
}

int MinuteWindow::addSteps(std::int64_t minute, int steps)
{
    std::uint8_t& s = m_steps[slot(minute)];
    s = static_cast<std::uint8_t>(std::min(255, int(s) + steps));
    return s;
}

void MinuteWindow::save(std::string& blob) const
{
    analysis::BlobWriter w(blob);
    w.put(m_newest);
    w.put(static_cast<std::uint32_t>(m_bits.size()));
    blob.append(reinterpret_cast<const char*>(m_bits.data()), m_bits.size() * sizeof(std::uint64_t));
    blob.append(reinterpret_cast<const char*>(m_steps.data()), m_steps.size());
}

bool MinuteWindow::restore(analysis::BlobReader& in)
{
    std::int64_t newest = kNone;
    std::uint32_t slots = 0;
    if (!in.get(newest) || !in.get(slots) || slots != m_bits.size())
        return false;
    std::vector<std::uint64_t> bits(slots);
    std::vector<std::uint8_t> steps(slots);
    for (std::uint64_t& b : bits)
        if (!in.get(b))
            return false;
    for (std::uint8_t& s : steps)
        if (!in.get(s))
            return false;
    m_newest = newest;
    m_bits = std::move(bits);
    m_steps = std::move(steps);
    return true;
}

} // namespace nexus::activity
