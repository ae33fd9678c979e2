#include "models/ops/CsvExport.h"

#include <QAbstractItemModel>
#include <QIODevice>
#include <QStringList>

namespace nexus {

QString csvField(const QString& value)
{
    const bool quote = value.contains(u',') || value.contains(u'"') || value.contains(u'\r') || value.contains(u'\n');
    if (!quote)
        return value;
    QString quoted = value;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

namespace {
bool writeLine(QIODevice& out, const QStringList& fields)
{
    const QByteArray line = fields.join(u',').toUtf8() + "\r\n";
    return out.write(line) == line.size();
}
} // namespace

bool writeCsv(const QAbstractItemModel& model, QIODevice& out, int role)
{
    const int columns = model.columnCount();
    QStringList fields;
    for (int c = 0; c < columns; ++c)
        fields << csvField(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    if (!writeLine(out, fields))
        return false;
    for (int r = 0; r < model.rowCount(); ++r) {
        fields.clear();
        for (int c = 0; c < columns; ++c) {
            const QModelIndex index = model.index(r, c);
            QVariant value = model.data(index, role);
            if (!value.isValid())
                value = model.data(index, Qt::DisplayRole);
            fields << csvField(value.toString());
        }
        if (!writeLine(out, fields))
            return false;
    }
    return true;
}

} // namespace nexus
