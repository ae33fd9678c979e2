#pragma once

#include "models/core/Time.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nexus {

/// Health alerts concern the user's body; sensor alerts concern the readings (a device off the
/// wrist, a stuck or noisy sensor) and are never shown as health findings.
enum class AlertCategory : std::uint8_t
{
    Health,
    Sensor
};

enum class AlertSeverity : std::uint8_t
{
    Info,
    Warning,
    Critical
};

/// One episode is one alert: it is opened once, updated while it lasts (worse peak, more evidence)
/// and closed once.
enum class AlertState : std::uint8_t
{
    Open,
    Update,
    Closed
};

/// The detectors' stable ids, as written in alerts and docs/detectors.md.
namespace detector {
inline constexpr std::string_view kTachycardiaAtRest = "tachycardia_at_rest";
inline constexpr std::string_view kBradycardia = "bradycardia";
inline constexpr std::string_view kIrregularRhythm = "irregular_rhythm";
inline constexpr std::string_view kSpo2Low = "spo2_low";
inline constexpr std::string_view kRestingHrElevated = "resting_hr_elevated";
inline constexpr std::string_view kHrvDrop = "hrv_drop";
inline constexpr std::string_view kSensorDropout = "sensor_dropout";
inline constexpr std::string_view kSensorFlatline = "sensor_flatline";
inline constexpr std::string_view kSensorImplausible = "sensor_implausible";

inline constexpr std::string_view kAll[] = {kTachycardiaAtRest, kBradycardia,       kIrregularRhythm,
                                            kSpo2Low,           kRestingHrElevated, kHrvDrop,
                                            kSensorDropout,     kSensorFlatline,    kSensorImplausible};

/// The category of a known detector id; nullopt for an unknown id.
inline std::optional<AlertCategory> categoryOf(std::string_view id)
{
    if (id == kSensorDropout || id == kSensorFlatline || id == kSensorImplausible)
        return AlertCategory::Sensor;
    for (std::string_view known : kAll)
        if (id == known)
            return AlertCategory::Health;
    return std::nullopt;
}
} // namespace detector

/// One reading that made a detector fire. `value`'s unit is the alert's `unit`.
struct AlertEvidence
{
    TimestampUs tsUs = 0;
    double value = 0.0;

    bool operator==(const AlertEvidence& o) const { return tsUs == o.tsUs && value == o.value; }
};

/// One message about one alert episode, as published on the `alerts` topic. JSON form:
/// resources/schemas/alert.v1.schema.json. All times are event time except sourceSentAtUs.
struct AlertEvent
{
    static constexpr int kSchemaVersion = 1;
    static constexpr std::size_t kMaxEvidence = 32;

    std::string alertId; ///< episode key "detector:user:startUs"; the same on open, update and closed
    std::string userId;
    std::string detector; ///< one of detector::kAll
    AlertCategory category = AlertCategory::Health;
    AlertSeverity severity = AlertSeverity::Warning;
    AlertState state = AlertState::Open;
    TimestampUs startUs = 0;             ///< event time of the episode's first abnormal reading
    TimestampUs tsUs = 0;                ///< event time of the reading that produced this message
    TimestampUs endUs = 0;               ///< closed only: event time of the episode's last abnormal reading; else 0
    std::string message;                 ///< one line for people, e.g. "HR 128 bpm at rest for 12 min"
    double value = 0.0;                  ///< the episode's peak or summary value so far, in `unit`
    std::string unit;                    ///< "bpm", "%", "min", "z", "ln_ms", "ratio"
    std::vector<AlertEvidence> evidence; ///< at most kMaxEvidence readings, in time order
    TimestampUs sourceSentAtUs = 0;      ///< sentAtUs of the batch that produced this message (latency only)

    bool operator==(const AlertEvent& o) const
    {
        return alertId == o.alertId && userId == o.userId && detector == o.detector && category == o.category &&
               severity == o.severity && state == o.state && startUs == o.startUs && tsUs == o.tsUs &&
               endUs == o.endUs && message == o.message && value == o.value && unit == o.unit &&
               evidence == o.evidence && sourceSentAtUs == o.sourceSentAtUs;
    }
};

/// Stable lower-case names used in JSON: "health"/"sensor", "info"/"warning"/"critical",
/// "open"/"update"/"closed". (Not called toString: QTest would take them for its own and free
/// the static strings.)
inline const char* nameOf(AlertCategory c)
{
    return c == AlertCategory::Health ? "health" : "sensor";
}
inline const char* nameOf(AlertSeverity s)
{
    return s == AlertSeverity::Info ? "info" : s == AlertSeverity::Warning ? "warning" : "critical";
}
inline const char* nameOf(AlertState s)
{
    return s == AlertState::Open ? "open" : s == AlertState::Update ? "update" : "closed";
}

} // namespace nexus
