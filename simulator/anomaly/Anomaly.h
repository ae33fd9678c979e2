#pragma once

#include "models/core/Time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The anomalies the simulator can inject, and the ground-truth label written for each injected
/// episode, so that detectors can be scored for precision and recall (`nexus-twin bench --detectors`).
namespace nexus::anomaly {

enum class Kind : std::uint8_t
{
    // Health episodes, injected into the heart-rate / RR / SpO2 readings:
    TachycardiaAtRest, ///< HR 105–140 bpm while awake, at rest and not in a workout
    Bradycardia,       ///< HR 32–38 bpm while awake and at rest
    Arrhythmia,        ///< irregularly irregular RR intervals (AF-like) in the night's RR window
    Spo2Drop,          ///< SpO2 readings 80–88 % asleep
    // Sensor problems, injected into the readings:
    SensorDropout,  ///< no samples at all for the episode (device off the wrist or out of battery)
    Flatline,       ///< HR stuck at one value while the device keeps reporting
    MotionArtefact, ///< implausible HR spikes at rest: consecutive readings jump ≥ 60 bpm up and down
    // Delivery problems, injected into the uploads:
    DuplicateEvents, ///< an upload delivered twice
    LateEvents,      ///< an upload held back and delivered after later ones (out of order)
    MalformedPayload ///< an upload whose bytes do not decode (truncated, wrong types, out of range)
};
constexpr int kKindCount = 10;

/// Stable snake_case names used in scenario files, label files and detector reports:
/// "tachycardia_at_rest", "bradycardia", "arrhythmia", "spo2_drop", "sensor_dropout", "flatline",
/// "motion_artefact", "duplicate_events", "late_events", "malformed_payload".
const char* kindName(Kind kind);
std::optional<Kind> kindFromName(std::string_view name);

/// True for the kinds injected into readings (health and sensor), false for delivery kinds.
constexpr bool isReadingKind(Kind kind)
{
    return kind <= Kind::MotionArtefact;
}

/// One injected episode. [startUs, endUs) is the event-time span of the affected readings (for
/// delivery kinds: of the samples in the affected upload).
struct Label
{
    std::string userId;
    Kind kind = Kind::TachycardiaAtRest;
    TimestampUs startUs = 0;
    TimestampUs endUs = 0;
    std::string detail; ///< e.g. "hr 128 bpm", "sent 40 min late", "truncated"

    bool operator==(const Label& o) const
    {
        return userId == o.userId && kind == o.kind && startUs == o.startUs && endUs == o.endUs && detail == o.detail;
    }
};

/// How often and how long a scenario injects one kind.
struct Spec
{
    Kind kind = Kind::TachycardiaAtRest;
    double perUserDay = 0.0;  ///< expected episodes per user per simulated day (Poisson)
    /// Episode length drawn uniformly in [min, max] seconds (whole seconds). Reading kinds: the
    /// span of the readings changed (an arrhythmia's becomes that many seconds of beats, at least
    /// 120 and at most the night's RR window; a dropout that would split the RR window grows to the
    /// window's nearer edge). late_events: how late the upload is. Unused by the other delivery kinds.
    int minDurationS = 600;
    int maxDurationS = 1800;
    double userShare = 1.0;   ///< fraction of users eligible (chosen by a hash of the user, stable)
};

} // namespace nexus::anomaly
