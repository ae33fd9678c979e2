# Tests of the console's message browser (Operations workspace, Messages panel).
nexus_add_test(NAME tst_message_list_model LABEL unit SOURCES unit/tst_message_list_model.cpp LIBRARIES nexus_models)
nexus_add_test(NAME tst_message_browser LABEL gui SOURCES gui/tst_message_browser.cpp LIBRARIES nexus_console_ui
    TIMEOUT 180)
