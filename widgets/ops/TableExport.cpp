#include "widgets/ops/TableExport.h"

#include "models/ops/ClusterFormat.h"
#include "models/ops/CsvExport.h"

#include <QFileDialog>
#include <QPixmap>
#include <QSaveFile>
#include <QWidget>

namespace nexus {

QString askSavePath(QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter)
{
    return QFileDialog::getSaveFileName(parent, title, suggestedName, filter);
}

bool saveCsv(const QAbstractItemModel& model, const QString& path, QString& error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !writeCsv(model, file, clusterrole::Export) || !file.commit()) {
        error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool savePng(QWidget* widget, const QString& path, QString& error)
{
    if (!widget->grab().save(path, "PNG")) {
        error = QObject::tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace nexus
