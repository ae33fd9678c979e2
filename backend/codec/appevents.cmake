# Owned by the app-event codec work: sources of nexus_backend and nexus_models.
target_sources(nexus_backend PRIVATE codec/AppEventCodec.h codec/AppEventCodec.cpp)
# AppEvents.cpp belongs to nexus_models (defined in models/); target_sources on another
# directory's target is fine since CMake 3.13, and keeps models/CMakeLists.txt untouched.
target_sources(nexus_models PRIVATE ${PROJECT_SOURCE_DIR}/models/events/AppEvents.h
    ${PROJECT_SOURCE_DIR}/models/events/AppEvents.cpp)
