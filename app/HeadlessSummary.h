#pragma once

#include "models/metrics/StackSnapshot.h"

#include <string>

namespace nexus {

/// One line of the headless demo, from the snapshots at the start and end of an interval:
/// produced and processed msg/s (samples/s), lag, end-to-end p50/p99 over the interval, and
/// totals per topic that carried traffic (from the broker's watermarks).
std::string formatSummaryLine(const StackSnapshot& before, const StackSnapshot& now, double elapsedSeconds);

/// The first lines a headless command prints: where Kafka and PostgreSQL are, e.g.
/// "Kafka bootstrap: 127.0.0.1:4000,… (embedded cluster)\nPostgreSQL: postgresql://…\n".
std::string formatStackAddresses(const std::string& bootstrap, bool embedded, const std::string& storeUrl);

/// The closing report: run time, totals and average rates, latency over the whole run and after
/// `warm` (the consumer group's first join holds the first messages back for seconds; pass null
/// when there was no warm-up point), malformed messages, and every topic's total.
std::string formatFinalSummary(const StackSnapshot& first, const StackSnapshot* warm, const StackSnapshot& last,
                               double startMs);

} // namespace nexus
