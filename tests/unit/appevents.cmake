# tests of the appevents work
nexus_add_test(NAME tst_app_event_codec LABEL unit SOURCES unit/tst_app_event_codec.cpp LIBRARIES nexus_backend)
# The test reads resources/schemas/ from the source tree to check the schema examples decode.
target_compile_definitions(tst_app_event_codec PRIVATE NEXUS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
