#pragma once

#include "models/twin/CalendarDay.h"
#include "models/twin/TwinSettings.h" // twin_capacity: the ring sizes that bound the settings
#include "models/twin/UserHistory.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace nexus {

/// The first problem found in an input file: where it is and what is wrong, for one line on stderr.
struct ReadError
{
    QString path;    ///< e.g. "workouts[2].hr_samples[15]"; empty for the document as a whole
    QString message; ///< e.g. "heart rate 300 bpm is outside 20–250 bpm"

    /// "path: message", or just the message when the path is empty.
    QString toString() const;
};

/// Parses and validates the history file of `nexus-twin twin --input` (format in
/// docs/twin-command.md). On success fills `out` and returns true. On failure returns false, leaves
/// `out` unchanged and fills `error` with the FIRST problem. Unknown keys are errors, so typos do
/// not pass silently. Never throws.
bool readUserHistory(const QByteArray& json, UserHistory& out, ReadError& error);

/// Parses an optional settings file: a JSON object with any subset of the snake_case names of the
/// TwinSettings members (and a "weights" object for ScoreWeights). Values not in the file keep
/// their value in `out` (pass a default-constructed TwinSettings for the published defaults).
/// Unknown keys and day counts beyond the twin_capacity limits are errors. On failure returns
/// false and leaves `out` unchanged. Never throws.
bool readTwinSettings(const QByteArray& json, TwinSettings& out, ReadError& error);

/// The ISO-8601 calendar date of a day number, e.g. "2026-03-01".
QString isoDate(DayNumber day);

/// The day number of an exact "YYYY-MM-DD" date; nullopt for anything else (other separators,
/// trailing text, impossible dates such as 2026-02-30).
std::optional<DayNumber> parseIsoDate(const QString& s);

} // namespace nexus
