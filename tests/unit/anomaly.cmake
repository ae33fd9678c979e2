# tests of the anomaly work
nexus_add_test(NAME tst_anomaly_injector LABEL unit SOURCES unit/tst_anomaly_injector.cpp
    LIBRARIES nexus_simulator nexus_backend)
