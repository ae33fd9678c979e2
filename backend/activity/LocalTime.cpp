#include "backend/activity/LocalTime.h"

namespace nexus::activity {

std::optional<int> parseUtcOffset(std::string_view zone)
{
    const auto digit = [&](std::size_t i) { return zone[i] >= '0' && zone[i] <= '9'; };
    if (zone.size() != 9 || zone.substr(0, 3) != "UTC" || (zone[3] != '+' && zone[3] != '-') || zone[6] != ':' ||
        !digit(4) || !digit(5) || !digit(7) || !digit(8))
        return std::nullopt;
    const int hours = (zone[4] - '0') * 10 + (zone[5] - '0');
    const int minutes = (zone[7] - '0') * 10 + (zone[8] - '0');
    const int total = hours * 60 + minutes;
    if (minutes >= 60 || total > 14 * 60)
        return std::nullopt;
    return zone[3] == '-' ? -total : total;
}

} // namespace nexus::activity
