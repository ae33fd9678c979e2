#include "widgets/ops/LagTrendChart.h"

namespace nexus {

LagTrendChart::LagTrendChart(QWidget* parent)
    : TrendChart(tr("Total lag per consumer group (messages)"), tr("messages behind"), parent)
{
}

} // namespace nexus
