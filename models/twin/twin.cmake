# The Twins workspace: what a lookup in the store returns, the workspace's state, the latest twin
# as a key/value table, the daily history and the users a search found.
target_sources(nexus_models PRIVATE
    twin/TwinLookup.h
    twin/TwinFormat.h twin/TwinFormat.cpp
    twin/TwinFactsModel.h twin/TwinFactsModel.cpp
    twin/TwinHistoryModel.h twin/TwinHistoryModel.cpp
    twin/UserMatchModel.h twin/UserMatchModel.cpp
    twin/TwinModel.h twin/TwinModel.cpp)
