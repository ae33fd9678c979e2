# The Connect dialog's controller: connection tests on a thread pool, the choice saved to the INI
# config file, the stack restarted with it.
target_sources(nexus_console_ui PRIVATE console/ConnectController.h console/ConnectController.cpp)
