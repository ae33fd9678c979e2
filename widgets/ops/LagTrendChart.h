#pragma once

#include "models/ops/LagTrendSeries.h"

#include <QChartView>
#include <QDateTime>
#include <QHash>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace nexus {

/// Total lag of each consumer group over the series' window: one line per group, decimated to
/// the plot's pixel width and replaced in one call per redraw (DESIGN.md: no per-point appends,
/// no OpenGL series offscreen). The x axis always spans the whole window, ending at the newest
/// sample, so the chosen length is visible even before the window has filled.
class LagTrendChart : public QChartView
{
    Q_OBJECT
public:
    explicit LagTrendChart(QWidget* parent = nullptr);

    /// Redraws from `series` (GUI thread; skips the work when its revision did not change).
    void refresh(const LagTrendSeries& series);
    /// Points currently drawn, over all lines.
    int pointCount() const;
    /// The x axis range shown.
    QDateTime rangeStart() const;
    QDateTime rangeEnd() const;
    /// The pixel columns the lines were last decimated to (at most two points per column).
    int drawnColumns() const { return m_drawnColumns; }

private:
    QLineSeries* lineFor(const QString& group);

    QDateTimeAxis* m_axisX;
    QValueAxis* m_axisY;
    QHash<QString, QLineSeries*> m_lines;
    std::uint64_t m_drawnRevision = ~std::uint64_t(0);
    int m_drawnColumns = 0;
};

} // namespace nexus
