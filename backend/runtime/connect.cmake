# The Connect dialog's connection test: Kafka (librdkafka metadata), PostgreSQL (libpqxx) and the
# backend API (a QWebSocket), each checked on its own within a timeout.
find_package(Qt6 6.4 REQUIRED COMPONENTS WebSockets)
target_sources(nexus_backend PRIVATE runtime/ConnectionProbe.h runtime/ConnectionProbe.cpp)
target_link_libraries(nexus_backend PUBLIC Qt6::WebSockets)
# The Stack health panel's watch on the backend API ([api] url).
target_sources(nexus_backend PRIVATE runtime/RemoteApiWatcher.h runtime/RemoteApiWatcher.cpp)
