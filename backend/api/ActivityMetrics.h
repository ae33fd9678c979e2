#pragma once

#include "backend/processing/ActivityProcessor.h"

#include <string>

namespace nexus {

/// The activity processor's figures in the Prometheus text exposition format, to append to
/// prometheusText(): counters of messages consumed per input topic, progress messages, goals
/// reached, samples counted and late, malformed messages (by reason) and dead letters; gauges for
/// users tracked, partitions owned and consumer lag. Names start `nexus_activity_`.
std::string activityPrometheusText(const ActivityProcessorStats& stats);

} // namespace nexus
