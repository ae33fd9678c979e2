#pragma once

#include "models/events/Alert.h"
#include "simulator/anomaly/Anomaly.h"

#include <string>
#include <vector>

/// Scores detections against the simulator's ground truth (`nexus-twin bench --detectors`).
namespace nexus::detectorscore {

/// How one anomaly kind fared: recall over its labels, precision over the detections that claim it.
struct KindScore
{
    anomaly::Kind kind = anomaly::Kind::TachycardiaAtRest;
    std::string detectedBy; ///< the detector id (or "decoder", "stale-upload" for delivery kinds)
    int labels = 0;         ///< injected episodes
    int found = 0;          ///< labels matched by at least one detection
    int detections = 0;     ///< detections of that detector (alerts opened, uploads flagged)
    int correct = 0;        ///< detections that match a label of this kind

    double recall() const { return labels > 0 ? double(found) / labels : 1.0; }
    double precision() const { return detections > 0 ? double(correct) / detections : 1.0; }
};

/// One detection: a span of one user's event time that a detector flagged.
struct Detection
{
    std::string userId;
    std::string detector;
    TimestampUs startUs = 0;
    TimestampUs endUs = 0; ///< exclusive; = startUs + 1 for instants
};

/// The detector that is meant to find `kind`: tachycardia_at_rest → "tachycardia_at_rest",
/// arrhythmia → "irregular_rhythm", spo2_drop → "spo2_low", sensor_dropout → "sensor_dropout",
/// flatline → "sensor_flatline", motion_artefact → "sensor_implausible"; malformed payloads are
/// found by the "decoder", duplicated and late uploads as "stale-upload".
std::string detectorFor(anomaly::Kind kind);

/// Matches detections to labels of the kinds in `kinds`: a detection matches a label of the same
/// user and mapped kind when their spans, each widened by `toleranceUs`, overlap.
std::vector<KindScore> score(const std::vector<anomaly::Label>& labels, const std::vector<Detection>& detections,
                             const std::vector<anomaly::Kind>& kinds, DurationUs toleranceUs);

/// The detections in a stream of alert messages: one per alert id, from its open to its close
/// (or to `endUs` when never closed).
std::vector<Detection> detectionsOf(const std::vector<AlertEvent>& alerts, TimestampUs endUs);

} // namespace nexus::detectorscore
