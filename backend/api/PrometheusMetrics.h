#pragma once

#include "models/metrics/StackSnapshot.h"

#include <string>

namespace nexus {

/// The stack's figures in the Prometheus text exposition format (serialized by prometheus-cpp):
/// counters for messages and samples consumed, malformed and lost messages, twin updates and
/// stored rows; gauges for consumer lag, users tracked and the store's queue; the end-to-end
/// latency (device send → applied to the twin) as a summary in seconds. Names start `nexus_`.
std::string prometheusText(const StackSnapshot& snapshot);

} // namespace nexus
