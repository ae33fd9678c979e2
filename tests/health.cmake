# Tests of the Operations workspace's Stack health and Latency panels.
nexus_add_test(NAME tst_stack_health_models LABEL unit SOURCES unit/tst_stack_health_models.cpp LIBRARIES nexus_models)
nexus_add_test(NAME tst_stack_health_panels LABEL gui SOURCES gui/tst_stack_health_panels.cpp
    LIBRARIES nexus_console_ui TIMEOUT 180)
