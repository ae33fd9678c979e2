# Wires the Twins workspace to the store: lookups and searches on a worker thread of their own.
target_sources(nexus_console_ui PRIVATE
    console/TwinStoreWorker.h console/TwinStoreWorker.cpp
    console/TwinController.h console/TwinController.cpp)
