# Owned by the activity-tracker work: sources of nexus_backend.
target_sources(nexus_backend PRIVATE
    activity/ActivitySettings.h
    activity/ActivityResults.h
    activity/LocalTime.h activity/LocalTime.cpp
    activity/MinuteWindow.h activity/MinuteWindow.cpp
    activity/GoalTimeline.h activity/GoalTimeline.cpp
    activity/UserActivity.h activity/UserActivity.cpp activity/UserActivityState.cpp
    activity/ActivityTracker.h activity/ActivityTracker.cpp
    codec/ActivityProgressCodec.h codec/ActivityProgressCodec.cpp
)
# The value type is header-only; listed on nexus_models (defined in models/) so IDEs show it there.
target_sources(nexus_models PRIVATE ${PROJECT_SOURCE_DIR}/models/events/ActivityProgress.h)
