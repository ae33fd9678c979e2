# The Operations workspace's Messages panel.
target_sources(nexus_widgets PRIVATE ops/MessageBrowserPanel.h ops/MessageBrowserPanel.cpp)
