# tests of the scenario work
nexus_add_test(NAME tst_scenario LABEL unit SOURCES unit/tst_scenario.cpp LIBRARIES nexus_simulator)
