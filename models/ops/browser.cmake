# The console's message browser: its value types and the table the Messages panel reads.
target_sources(nexus_models PRIVATE
    ops/BrowsedMessage.h
    ops/MessageListModel.h ops/MessageListModel.cpp)
