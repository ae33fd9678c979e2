# The Connect dialog (embedded demo stack or a running one, with a connection test) and the
# light / dark themes.
target_sources(nexus_widgets PRIVATE
    ops/ConnectDialog.h ops/ConnectDialog.cpp
    ops/Theme.h ops/Theme.cpp)
