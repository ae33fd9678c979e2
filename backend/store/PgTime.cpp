#include "backend/store/PgTime.h"

namespace nexus::pgtime {

namespace {
void appendDigits(std::string& out, long long value, int width)
{
    char buf[20];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(buf, std::size_t(width));
}
} // namespace

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

void appendTimestamp(std::string& out, TimestampUs tsUs)
{
    const DayNumber day = dayOf(tsUs);
    long long usOfDay = tsUs - startOfDayUs(day);
    int y = 0, m = 0, d = 0;
    civilFromDays(day, y, m, d);
    appendDigits(out, y, 4);
    out += '-';
    appendDigits(out, m, 2);
    out += '-';
    appendDigits(out, d, 2);
    out += ' ';
    const long long seconds = usOfDay / kUsPerSecond;
    appendDigits(out, seconds / 3600, 2);
    out += ':';
    appendDigits(out, (seconds / 60) % 60, 2);
    out += ':';
    appendDigits(out, seconds % 60, 2);
    out += '.';
    appendDigits(out, usOfDay % kUsPerSecond, 6);
    out += "+00";
}

std::string timestamp(TimestampUs tsUs)
{
    std::string out;
    appendTimestamp(out, tsUs);
    return out;
}

std::string date(DayNumber day)
{
    int y = 0, m = 0, d = 0;
    civilFromDays(day, y, m, d);
    std::string out;
    appendDigits(out, y, 4);
    out += '-';
    appendDigits(out, m, 2);
    out += '-';
    appendDigits(out, d, 2);
    return out;
}

} // namespace nexus::pgtime
