# The Twins workspace: one user's latest twin, daily history and fitness/fatigue/form chart.
target_sources(nexus_widgets PRIVATE
    twin/TwinLoadChart.h twin/TwinLoadChart.cpp
    twin/TwinWorkspace.h twin/TwinWorkspace.cpp)
