#pragma once

#include "models/core/Time.h"
#include "models/twin/CalendarDay.h"

#include <string>

/// Timestamps in PostgreSQL's text form, for COPY rows and query parameters (libpqxx 6.4 streams
/// rows as text). Written without locale or time-zone lookups: this runs once per stored sample.
namespace nexus::pgtime {

/// "2026-01-05 07:30:00.123456+00"
void appendTimestamp(std::string& out, TimestampUs tsUs);
std::string timestamp(TimestampUs tsUs);

} // namespace nexus::pgtime
