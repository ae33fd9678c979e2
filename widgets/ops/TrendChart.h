#pragma once

#include "models/ops/TrendSeries.h"

#include <QChartView>
#include <QColor>
#include <QDateTime>
#include <QHash>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace nexus {

/// A TrendSeries over its window: one line per series line, decimated to the plot's pixel width
/// and replaced in one call per redraw (DESIGN.md: no per-point appends, no OpenGL series
/// offscreen). The x axis always spans the whole window, ending at the newest sample, so the
/// chosen length is visible even before the window has filled; the y axis rises in round steps.
class TrendChart : public QChartView
{
    Q_OBJECT
public:
    TrendChart(const QString& title, const QString& valueTitle, QWidget* parent = nullptr);

    /// Redraws from `series` (GUI thread; skips the work when nothing changed since the last call).
    void refresh(const TrendSeries& series);
    /// The y axis shows at least 0 … `top` (default 10), so a quiet chart does not magnify noise.
    void setMinimumTop(double top) { m_minimumTop = top; }
    /// Colours of lines by name, applied as they appear (others take the theme's).
    void setLineColors(const QHash<QString, QColor>& colors) { m_colors = colors; }

    /// Points currently drawn, over all lines.
    int pointCount() const;
    /// The points drawn for `line` (0 for a line not drawn).
    int pointCount(const QString& line) const;
    /// The x axis range shown.
    QDateTime rangeStart() const;
    QDateTime rangeEnd() const;
    /// The top of the y axis.
    double axisTop() const;
    /// The pixel columns the lines were last decimated to (at most two points per column).
    int drawnColumns() const { return m_drawnColumns; }

protected:
    /// The line drawn for `name`, created (and coloured) on first use.
    QLineSeries* lineFor(const QString& name);
    bool hasLine(const QString& name) const { return m_lines.contains(name); }
    /// Shows [startMs, endMs] (ms since the epoch) on the time axis.
    void setTimeRange(qint64 startMs, qint64 endMs);
    /// Sets the y axis to 0 … four round steps (1, 2, 2.5 or 5 × 10^k) above `peak`, at least
    /// minimumTop: readable ticks, and an axis that does not jitter every second.
    void fitValueAxis(double peak);

private:
    QDateTimeAxis* m_axisX;
    QValueAxis* m_axisY;
    QHash<QString, QLineSeries*> m_lines;
    QHash<QString, QColor> m_colors;
    double m_minimumTop = 10;
    const TrendSeries* m_drawnSeries = nullptr;
    std::uint64_t m_drawnRevision = ~std::uint64_t(0);
    int m_drawnColumns = 0;
};

} // namespace nexus
