#pragma once

#include "simulator/stream/SimEvent.h"

#include <string>

namespace nexus {

/// Writes a simulated message as the bytes that go on its topic: the payload's JSON with
/// sent_at_us = `sentAtUs`, corrupted when the event was marked malformed.
void encodeSimEvent(const sim::SimEvent& event, TimestampUs sentAtUs, std::string& out);

} // namespace nexus
