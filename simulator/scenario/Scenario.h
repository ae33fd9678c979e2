#pragma once

#include "models/twin/CalendarDay.h"
#include "simulator/anomaly/Anomaly.h"
#include "simulator/wearable/DeviceDay.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// A simulation scenario: who is simulated, for how long, what happens to them and how fast the
/// simulation runs. Stored as JSON under resources/scenarios/ (built into the binary as
/// :/nexus/scenarios/<name>.json) or in any file; docs/scenarios.md documents the format.
namespace nexus::scenario {

/// 2026-11-02, the start day when a scenario names none, so that runs are reproducible.
constexpr DayNumber kDefaultStartDay = 20759;

/// A block of days on which some users train differently, sleep later or fall ill.
struct Phase
{
    std::string name;
    int fromDay = 0;        ///< first day, 0-based from the scenario's start
    int toDay = 0;          ///< one past the last day
    double userShare = 1.0; ///< fraction of users it applies to (stable hash of the user)
    double loadMultiplier = 1.0;
    int bedtimeShiftMin = 0; ///< minutes later to bed (negative: earlier)
    double illness = 0.0;    ///< 0 = healthy … 1 = full flu response (see DailyPhysiology.h)
};

/// Expected counts per user per day of the events on the other input topics.
struct AppEventRates
{
    double socialPerUserDay = 0.3;
    double aiQuestionsPerUserDay = 0.2;
    double profileChangesPerUserDay = 0.02;
    double goalChangesPerUserDay = 0.05;
};

/// Field names follow the JSON keys (`upload_interval_s` → uploadIntervalS); the defaults here are
/// the defaults of a key left out of the file.
struct Scenario
{
    std::string name;        ///< file stem, e.g. "normal-day"
    std::string description; ///< one line for `nexus-twin simulate --list`
    std::uint64_t seed = 42;
    int users = 100;
    DayNumber startDay = kDefaultStartDay; ///< first simulated local calendar day
    int days = 1;
    double speed = 60.0;       ///< event seconds per wall second (time compression); 0 = as fast as possible
    int uploadIntervalS = 900; ///< devices sync every this many event seconds (per-device phase)
    wearable::DeviceCadence cadence;
    AppEventRates appEvents;
    std::vector<Phase> phases;
    std::vector<anomaly::Spec> anomalies;
};

/// Reads a scenario from JSON. On error returns nullopt and sets `error` to a message that names
/// the field and the problem ("phases[1].to_day: must be greater than from_day (3)").
std::optional<Scenario> parseScenario(const QByteArray& json, const std::string& name, QString& error);

/// Loads a built-in scenario by name ("marathon-week") or a file by path (anything containing a
/// '/' or ending in ".json"). Errors name the file and list the built-in names when a name is unknown.
std::optional<Scenario> loadScenario(const QString& nameOrPath, QString& error);

/// The built-in scenario names, sorted.
std::vector<std::string> builtInScenarioNames();

} // namespace nexus::scenario
