#pragma once

#include "models/ops/LagTrendSeries.h"
#include "widgets/ops/TrendChart.h"

namespace nexus {

/// Total lag of each consumer group over the series' window: a TrendChart titled for lag.
class LagTrendChart : public TrendChart
{
    Q_OBJECT
public:
    explicit LagTrendChart(QWidget* parent = nullptr);
};

} // namespace nexus
