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

void appendTimestamp(std::string& out, TimestampUs tsUs)
{
    const DayNumber day = dayOf(tsUs);
    long long usOfDay = tsUs - startOfDayUs(day);
    int y = 0, m = 0, d = 0;
    calendar::civilFromDays(day, y, m, d);
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

} // namespace nexus::pgtime
