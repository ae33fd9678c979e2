# The Connect dialog's vocabulary: the settings it edits and what a connection test found.
target_sources(nexus_models PRIVATE
    ops/ConnectionSettings.h ops/ConnectionSettings.cpp
    ops/ProbeResult.h)
