#pragma once

#include "app/simulate/DetectorScore.h"
#include "simulator/scenario/Scenario.h"

#include <vector>

namespace nexus {

/// A scenario run through the health analyzer in-process (no Kafka): every upload is encoded and
/// decoded as the processor would, stale uploads (duplicated or late) and undecodable ones are
/// flagged, and the analyzer's alerts are collected.
struct DetectorEvaluation
{
    std::string scenario;
    int users = 0;
    int days = 0;
    std::vector<anomaly::Label> labels;
    std::vector<AlertEvent> alerts;                   ///< every message (open, update, closed)
    std::vector<detectorscore::Detection> detections; ///< alerts, "decoder" and "stale-upload" flags
    std::uint64_t samples = 0;
    double analyzeSeconds = 0.0; ///< time spent in the analyzer alone

    double userDays() const { return double(users) * days; }
};

DetectorEvaluation evaluateDetectors(const scenario::Scenario& scenario);

} // namespace nexus
