# The console's message browser: a group-less reader on its own thread, and re-produce.
target_sources(nexus_backend PRIVATE bus/MessageBrowser.h bus/MessageBrowser.cpp)
