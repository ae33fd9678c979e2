#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nexus {

/// A calendar day as the number of days since 1970-01-01 (UTC). The twin works in whole days:
/// loads, nights and scores are per day, and day arithmetic is integer arithmetic.
using DayNumber = std::int32_t;

constexpr std::int64_t kUsPerDay = 86400LL * kUsPerSecond;

/// The UTC day an event time falls on (floor division, so times before 1970 work too).
constexpr DayNumber dayOf(TimestampUs tsUs)
{
    const std::int64_t q = tsUs / kUsPerDay;
    return static_cast<DayNumber>((tsUs % kUsPerDay < 0) ? q - 1 : q);
}

constexpr TimestampUs startOfDayUs(DayNumber day) { return static_cast<TimestampUs>(day) * kUsPerDay; }

/// Day numbers and proleptic Gregorian dates, without time zones or locales: the one conversion
/// the file formats, the twin-update codec and the store's SQL parameters share.
namespace calendar {

/// The civil date of a day number (Howard Hinnant's civil_from_days).
void civilFromDays(DayNumber day, int& year, int& month, int& dayOfMonth);
/// The day number of a civil date (Howard Hinnant's days_from_civil).
DayNumber daysFromCivil(int year, int month, int dayOfMonth);
/// "2026-03-01"
std::string isoDate(DayNumber day);
/// "2026-03-01T07:15:02Z": a UTC time to the second (sub-second part dropped), or with
/// `microseconds` "2026-03-01T07:15:02.500000Z" when there is a sub-second part.
std::string isoDateTimeUtc(TimestampUs tUs, bool microseconds = false);
/// The day number of an exact "YYYY-MM-DD" that names a real date; nullopt for anything else.
std::optional<DayNumber> parseIsoDate(std::string_view text);

} // namespace calendar

} // namespace nexus
