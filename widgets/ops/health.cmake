# The Operations workspace's Stack health and Latency panels.
target_sources(nexus_widgets PRIVATE
    ops/StackHealthPanel.h ops/StackHealthPanel.cpp
    ops/LatencyPanel.h ops/LatencyPanel.cpp)
