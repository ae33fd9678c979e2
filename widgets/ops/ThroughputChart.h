#pragma once

#include "models/ops/ThroughputSeries.h"
#include "widgets/ops/TrendChart.h"

namespace nexus {

/// Messages/s per topic over time (the Overview's chart). A topic gets a line once it has carried
/// traffic in the window. refresh() replaces each line's points in one call (no per-point
/// appends; DESIGN.md); until the window has filled, the time axis starts at the first minute.
class ThroughputChart : public TrendChart
{
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget* parent = nullptr);

    /// Redraws from `series` (GUI thread, once per model tick).
    void refresh(const ThroughputSeries& series);
    using TrendChart::refresh;
};

} // namespace nexus
