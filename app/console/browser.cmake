# Wires the Messages panel to the message browser (backend/bus/MessageBrowser.h).
target_sources(nexus_console_ui PRIVATE console/MessageBrowserController.h console/MessageBrowserController.cpp)
