# Owned by the anomaly work: sources of nexus_simulator.
target_sources(nexus_simulator PRIVATE
    anomaly/Anomaly.h anomaly/Anomaly.cpp
    anomaly/AnomalyInjector.h anomaly/AnomalyInjector.cpp
    anomaly/LabelsFile.h anomaly/LabelsFile.cpp
)
