#include "models/twin/CalendarDay.h"

namespace nexus::calendar {

namespace {

void appendDigits(std::string& out, int value, int width)
{
    char buf[8];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(buf, std::size_t(width));
}

} // namespace

// http://howardhinnant.github.io/date_algorithms.html#days_from_civil
DayNumber daysFromCivil(int year, int month, int dayOfMonth)
{
    const long long y = year - (month <= 2 ? 1 : 0);
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + dayOfMonth - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return DayNumber(era * 146097 + doe - 719468);
}

void civilFromDays(DayNumber day, int& year, int& month, int& dayOfMonth)
{
    // http://howardhinnant.github.io/date_algorithms.html#civil_from_days
    const long long z = (long long)day + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    dayOfMonth = int(doy - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::string isoDate(DayNumber day)
{
    int y = 0, m = 0, d = 0;
    civilFromDays(day, y, m, d);
    std::string out;
    out.reserve(10);
    appendDigits(out, y, 4);
    out += '-';
    appendDigits(out, m, 2);
    out += '-';
    appendDigits(out, d, 2);
    return out;
}

std::string isoDateTimeUtc(TimestampUs tUs, bool microseconds)
{
    const std::int64_t seconds = tUs >= 0 ? tUs / kUsPerSecond : -((-tUs + kUsPerSecond - 1) / kUsPerSecond);
    const std::int64_t secondOfDay = ((seconds % 86400) + 86400) % 86400;
    std::string out = isoDate(DayNumber((seconds - secondOfDay) / 86400));
    out += 'T';
    appendDigits(out, int(secondOfDay / 3600), 2);
    out += ':';
    appendDigits(out, int(secondOfDay / 60 % 60), 2);
    out += ':';
    appendDigits(out, int(secondOfDay % 60), 2);
    if (const std::int64_t fraction = tUs - seconds * kUsPerSecond; microseconds && fraction != 0) {
        out += '.';
        appendDigits(out, int(fraction), 6);
    }
    out += 'Z';
    return out;
}

std::optional<DayNumber> parseIsoDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int fields[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8}, widths[3] = {4, 2, 2};
    for (int f = 0; f < 3; ++f)
        for (int i = 0; i < widths[f]; ++i) {
            const char c = text[std::size_t(starts[f] + i)];
            if (c < '0' || c > '9')
                return std::nullopt;
            fields[f] = fields[f] * 10 + (c - '0');
        }
    if (fields[1] < 1 || fields[1] > 12 || fields[2] < 1 || fields[2] > 31)
        return std::nullopt;
    const DayNumber day = daysFromCivil(fields[0], fields[1], fields[2]);
    int y = 0, m = 0, d = 0;
    civilFromDays(day, y, m, d); // 2026-02-30 comes back as 2026-03-02: not a real date
    if (y != fields[0] || m != fields[1] || d != fields[2])
        return std::nullopt;
    return day;
}

} // namespace nexus::calendar
