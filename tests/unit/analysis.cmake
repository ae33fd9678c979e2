# tests of the analysis work
nexus_add_test(NAME tst_health_analyzer LABEL unit SOURCES unit/tst_health_analyzer.cpp unit/AnalyzerTestData.h
    LIBRARIES nexus_backend)
nexus_add_test(NAME tst_alert_codec LABEL unit SOURCES unit/tst_alert_codec.cpp LIBRARIES nexus_backend)
