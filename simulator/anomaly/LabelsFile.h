#pragma once

#include "simulator/anomaly/Anomaly.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <optional>
#include <string>
#include <vector>

/// The ground-truth labels file a simulation writes next to its output, for scoring detectors:
/// CSV (RFC 4180) with the header line
///   user_id,kind,start_us,end_us,start_utc,end_utc,detail
/// one injected episode per line; kind is kindName(); [start_us, end_us) in microseconds since the
/// epoch; start_utc/end_utc the same times in ISO-8601 UTC for people ("2024-10-04T06:12:00Z",
/// with ".ffffff" when not whole seconds); detail always quoted. Lines end in "\n" ("\r\n" is read
/// too). Sorted by (start_us, user_id, kind) within each chunk the writer was given.
namespace nexus::anomaly {

/// The header line, without its line end.
constexpr const char* kLabelsHeader = "user_id,kind,start_us,end_us,start_utc,end_utc,detail";

/// Sorts by (startUs, userId, kind), then endUs and detail so that the order is total.
void sortLabels(std::vector<Label>& labels);

/// Writes a labels file chunk by chunk (the simulate command appends one day's labels at a time,
/// so a long run never holds all of them). Not thread-safe; use from one thread.
class LabelsWriter
{
public:
    LabelsWriter() = default;
    ~LabelsWriter(); ///< closes the file if still open (errors are then lost: call close())
    LabelsWriter(const LabelsWriter&) = delete;
    LabelsWriter& operator=(const LabelsWriter&) = delete;

    /// Creates or truncates `path` and writes the header line.
    bool open(const QString& path, QString& error);
    /// Sorts `labels` (sortLabels) and writes them after what was written before.
    bool append(std::vector<Label> labels, QString& error);
    /// Flushes and closes the file; false if anything could not be written.
    bool close(QString& error);
    bool isOpen() const { return m_file.isOpen(); }

private:
    bool fail(QString& error);
    QFile m_file;
};

/// Writes `labels`, sorted, to `path` (replacing it). On failure sets `error` naming the path.
bool writeLabels(const QString& path, std::vector<Label> labels, QString& error);

/// Reads a labels file, in file order. Strict: the header must match, every line must have seven
/// fields, a known kind, integer times with end_us > start_us and *_utc columns that agree with
/// them; otherwise returns nullopt and an error that names the file and line
/// ("labels.csv:3: unknown kind 'tachy'").
std::optional<std::vector<Label>> readLabels(const QString& path, QString& error);

/// readLabels on bytes in memory; `sourceName` prefixes the errors.
std::optional<std::vector<Label>> parseLabels(const QByteArray& csv, const QString& sourceName, QString& error);

} // namespace nexus::anomaly
