# The console's cluster inspector: topics, watermarks, message sizes, consumer-group offsets and lag.
target_sources(nexus_backend PRIVATE
    bus/OffsetQueries.h bus/OffsetQueries.cpp
    bus/GroupDescription.h bus/GroupDescription.cpp
    bus/SingleMessageReader.h bus/SingleMessageReader.cpp
    bus/MessageSizeSampler.h bus/MessageSizeSampler.cpp
    bus/ClusterInspector.h bus/ClusterInspector.cpp)
