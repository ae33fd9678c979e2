# The Operations workspace's Topics and Consumer-groups panels.
target_sources(nexus_widgets PRIVATE
    ops/TableExport.h ops/TableExport.cpp
    ops/TrendChart.h ops/TrendChart.cpp
    ops/TrendControls.h ops/TrendControls.cpp
    ops/LagTrendChart.h ops/LagTrendChart.cpp
    ops/TopicsPanel.h ops/TopicsPanel.cpp
    ops/ConsumerGroupsPanel.h ops/ConsumerGroupsPanel.cpp)
