#pragma once

#include "models/ops/ThroughputSeries.h"

#include <QChartView>
#include <QHash>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace nexus {

/// Messages/s per topic over time. A topic gets a line once it has carried traffic in the window.
/// refresh() replaces each line's points in one call (no per-point appends; DESIGN.md).
class ThroughputChart : public QChartView
{
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget* parent = nullptr);

    /// Redraws from `series` (GUI thread, once per model tick).
    void refresh(const ThroughputSeries& series);
    /// Total points currently drawn, over all lines (for tests and the status bar).
    int pointCount() const;

private:
    QLineSeries* lineFor(const QString& topic);

    QDateTimeAxis* m_axisX;
    QValueAxis* m_axisY;
    QHash<QString, QLineSeries*> m_lines;
};

} // namespace nexus
