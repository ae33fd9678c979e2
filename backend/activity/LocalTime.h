#pragma once

#include "models/core/Time.h"
#include "models/twin/CalendarDay.h"

#include <optional>
#include <string_view>

/// A user's local calendar in a fixed UTC offset (the app reports "UTC+01:00"; no daylight
/// saving rules: a new offset arrives as a new sign-up). Offsets are whole minutes, so local
/// minutes start on UTC minute boundaries.
namespace nexus::activity {

/// Minutes east of UTC from "UTC+hh:mm" / "UTC-hh:mm" (−14:00..+14:00); nullopt for anything else.
std::optional<int> parseUtcOffset(std::string_view zone);

/// Floor division and modulo for negative times too.
constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/// The local day of an event time in a zone `offsetMinutes` east of UTC.
constexpr DayNumber localDayOf(TimestampUs tsUs, int offsetMinutes)
{
    return dayOf(tsUs + static_cast<std::int64_t>(offsetMinutes) * 60 * kUsPerSecond);
}

/// The UTC instant the local day begins.
constexpr TimestampUs localDayStartUs(DayNumber day, int offsetMinutes)
{
    return startOfDayUs(day) - static_cast<std::int64_t>(offsetMinutes) * 60 * kUsPerSecond;
}

} // namespace nexus::activity
