# Tests of the activity processor (issue 6): its wiring without a bus, the processor against the
# embedded cluster (and a real PostgreSQL for its snapshots), and `nexus-twin serve` exposing it.
nexus_add_test(NAME tst_activity_wiring LABEL unit SOURCES unit/tst_activity_wiring.cpp
    LIBRARIES nexus_backend)
nexus_add_test(NAME tst_activity_processor LABEL integration SOURCES integration/tst_activity_processor.cpp
    LIBRARIES nexus_backend TIMEOUT 240)
# The bytes of the processors' partition snapshots (both processors' formats).
nexus_add_test(NAME tst_snapshot_state LABEL unit SOURCES unit/tst_snapshot_state.cpp LIBRARIES nexus_backend)
nexus_add_test(NAME tst_cli_serve_activity LABEL integration SOURCES integration/tst_cli_serve_activity.cpp
    LIBRARIES nexus_backend Qt6::Network TIMEOUT 180)
add_dependencies(tst_cli_serve_activity nexus-twin)
