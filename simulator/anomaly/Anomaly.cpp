#include "simulator/anomaly/Anomaly.h"

#include <array>

namespace nexus::anomaly {

namespace {

// Indexed by Kind; the names are a file format (scenarios, labels, reports): never rename one.
constexpr std::array<const char*, kKindCount> kNames = {
    "tachycardia_at_rest", "bradycardia",      "arrhythmia",  "spo2_drop",         "sensor_dropout", "flatline",
    "motion_artefact",     "duplicate_events", "late_events", "malformed_payload",
};
static_assert(kNames[kKindCount - 1] != nullptr, "a name for every Kind");

} // namespace

const char* kindName(Kind kind)
{
    const auto i = std::size_t(kind);
    return i < kNames.size() ? kNames[i] : "unknown";
}

std::optional<Kind> kindFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (name == kNames[i])
            return Kind(i);
    return std::nullopt;
}

} // namespace nexus::anomaly
