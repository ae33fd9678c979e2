#pragma once

#include <QString>

class QAbstractItemModel;
class QWidget;

namespace nexus {

/// Asks where to save (a file dialog starting at `suggestedName`); empty when cancelled.
QString askSavePath(QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter);

/// Writes `model` (the view's sort proxy, so the file follows the view's order) as CSV to `path`,
/// atomically. Plain values (clusterrole::Export) where the model has them. False with `error`
/// set when the file cannot be written.
bool saveCsv(const QAbstractItemModel& model, const QString& path, QString& error);

/// Renders `widget` to a PNG file. False with `error` set when it cannot be written.
bool savePng(QWidget* widget, const QString& path, QString& error);

} // namespace nexus
