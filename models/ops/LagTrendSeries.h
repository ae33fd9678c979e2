#pragma once

#include "models/ops/TrendSeries.h"

namespace nexus {

/// Total lag of each consumer group over time, in messages: one line per group, a sample per
/// inspector pass (ClusterModel), shown over 5 min … 24 h by the lag trend chart.
class LagTrendSeries : public TrendSeries
{
public:
    using TrendSeries::TrendSeries;
};

} // namespace nexus
