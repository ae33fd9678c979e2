# Tests of the Connect dialog (connection test, switch, INI config) and the light / dark themes.
nexus_add_test(NAME tst_connection_settings LABEL unit SOURCES unit/tst_connection_settings.cpp
    LIBRARIES nexus_console_ui)
nexus_add_test(NAME tst_connection_probe LABEL integration SOURCES integration/tst_connection_probe.cpp
    LIBRARIES nexus_backend)
nexus_add_test(NAME tst_connect_dialog LABEL gui SOURCES gui/tst_connect_dialog.cpp LIBRARIES nexus_console_ui)
