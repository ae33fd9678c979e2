# Owned by the activity-processor work: the activity tracker wired to Kafka (issue 6), with the
# key partitioner and broadcast reader it needs, and the dead-letter and thread helpers that any
# stream processor can share.
target_sources(nexus_backend PRIVATE
    bus/KeyPartitioner.h bus/KeyPartitioner.cpp
    bus/BroadcastReader.h bus/BroadcastReader.cpp
    processing/DeadLetters.h processing/DeadLetters.cpp
    processing/ProcessorThread.h processing/ProcessorThread.cpp
    processing/ActivityProcessor.h processing/ActivityProcessor.cpp
    api/ActivityMetrics.h api/ActivityMetrics.cpp
)
