# Tests of the Twins workspace: its models on known rows, the workspace against a real store
# (embedded PostgreSQL) driven through the console's wiring, and (slow) the demo stack's twins on
# screen, which saves screenshots/console-twin.png.
nexus_add_test(NAME tst_twin_models LABEL unit SOURCES unit/tst_twin_models.cpp LIBRARIES nexus_models)
nexus_add_test(NAME tst_twin_workspace LABEL gui SOURCES gui/tst_twin_workspace.cpp LIBRARIES nexus_console_ui
    TIMEOUT 180)
nexus_add_test(NAME tst_twin_demo LABEL slow SOURCES gui/tst_twin_demo.cpp LIBRARIES nexus_console_ui TIMEOUT 300)
