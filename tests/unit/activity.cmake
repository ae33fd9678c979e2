# tests of the activity work
nexus_add_test(NAME tst_activity_tracker LABEL unit SOURCES unit/tst_activity_tracker.cpp LIBRARIES nexus_backend)
# The test reads resources/schemas/ from the source tree to check the schema examples decode.
target_compile_definitions(tst_activity_tracker PRIVATE NEXUS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
