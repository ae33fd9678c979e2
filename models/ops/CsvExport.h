#pragma once

#include <QString>
#include <Qt>

class QAbstractItemModel;
class QIODevice;

namespace nexus {

/// One CSV field per RFC 4180: quoted (inner quotes doubled) when it holds a comma, a quote, CR
/// or LF; as is otherwise.
QString csvField(const QString& value);

/// Writes a table model as UTF-8 CSV (RFC 4180: CRLF line ends, a header row from the horizontal
/// header): every row in the model's order — hand it the sort proxy to export what the view
/// shows. Each cell is the model's `role` data where the model answers that role (e.g. plain
/// numbers for a spreadsheet), else its DisplayRole text. False when the device fails to take
/// the bytes.
bool writeCsv(const QAbstractItemModel& model, QIODevice& out, int role = Qt::DisplayRole);

} // namespace nexus
