# The Operations workspace's Topics and Consumer-groups panels: value types, tables, lag trend.
target_sources(nexus_models PRIVATE
    ops/ClusterView.h
    ops/ClusterFormat.h ops/ClusterFormat.cpp
    ops/ByteRateEstimate.h ops/ByteRateEstimate.cpp
    ops/CsvExport.h ops/CsvExport.cpp
    ops/TopicsModel.h ops/TopicsModel.cpp
    ops/PartitionsModel.h ops/PartitionsModel.cpp
    ops/GroupLagModel.h ops/GroupLagModel.cpp
    ops/TrendSeries.h ops/TrendSeries.cpp
    ops/LagTrendSeries.h
    ops/ClusterModel.h ops/ClusterModel.cpp
    ops/LocalMembers.h ops/LocalMembers.cpp)
