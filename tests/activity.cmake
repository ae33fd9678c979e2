# Tests of the activity processor (issue 6): its wiring without a bus, the processor against the
# embedded cluster, and `nexus-twin serve` exposing it.
nexus_add_test(NAME tst_activity_wiring LABEL unit SOURCES unit/tst_activity_wiring.cpp
    LIBRARIES nexus_backend)
nexus_add_test(NAME tst_activity_processor LABEL integration SOURCES integration/tst_activity_processor.cpp
    LIBRARIES nexus_backend TIMEOUT 180)
nexus_add_test(NAME tst_cli_serve_activity LABEL integration SOURCES integration/tst_cli_serve_activity.cpp
    LIBRARIES nexus_backend Qt6::Network TIMEOUT 180)
add_dependencies(tst_cli_serve_activity nexus-twin)
