#pragma once

#include "backend/twin/TwinReport.h"

#include <QByteArray>

/// The two output formats of `nexus-twin twin` (docs/twin-command.md). Values are rounded to
/// 4 decimals; a value the twin does not have yet is null in JSON and an empty cell in CSV.
namespace nexus::twinreport {

/// One object: "pmc_constant", "profile", "days" (each score as {"value", "contributions"}),
/// "workouts", "fit" and "forecast".
QByteArray toJson(const TwinReport& report);

/// Three CSV tables separated by a blank line: the days (scores as values; contributions are in
/// the JSON), the fit as key,value rows, and the forecast.
QByteArray toCsv(const TwinReport& report);

} // namespace nexus::twinreport
