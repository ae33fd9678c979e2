# The Operations workspace's Stack health and Latency panels: the rules that turn what the runtime
# observes into component states, the component table, and the latency/throughput history.
target_sources(nexus_models PRIVATE
    metrics/StackComponents.h metrics/StackComponents.cpp
    ops/StackHealthModel.h ops/StackHealthModel.cpp
    ops/LatencyThroughputModel.h ops/LatencyThroughputModel.cpp)
