#pragma once

#include "models/core/Time.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace nexus {

/// The bar above the trend charts: a title, the window choice (5 min, 15 min, 1 h, 6 h, 24 h),
/// Clear, and Export PNG… with a line that reports how the export went. The panel owning it
/// does the work on its signals.
class TrendControls : public QWidget
{
    Q_OBJECT
public:
    /// Indexes of the window choice.
    enum Window { FiveMinutes, FifteenMinutes, OneHour, SixHours, OneDay };

    /// `title` is rich text ("<b>Lag trend</b>"); `initial` the window chosen at first.
    TrendControls(const QString& title, Window initial, QWidget* parent = nullptr);

    QComboBox* windowChoice() const { return m_window; }
    QPushButton* clearButton() const { return m_clear; }
    QPushButton* exportButton() const { return m_export; }
    /// The chosen span.
    DurationUs window() const;
    /// Shows how an export went (an error in red).
    void report(bool ok, const QString& message);
    QString note() const;

signals:
    void windowChanged(DurationUs window);
    void clearClicked();
    void exportClicked();

private:
    QComboBox* m_window;
    QPushButton* m_clear;
    QPushButton* m_export;
    QLabel* m_note;
};

} // namespace nexus
