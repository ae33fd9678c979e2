#pragma once

#include "backend/bus/BusSettings.h"
#include "models/ops/ConnectionSettings.h"
#include "models/ops/ProbeResult.h"

#include <atomic>

namespace nexus {

/// Checks whether the parts of a stack are reachable with the given settings, each part on its
/// own and within a timeout, so the Connect dialog can say what failed before the console switches:
///   Kafka       a producer handle from the same settings (SASL/SSL and extra properties included)
///               asks for cluster metadata: broker count, catalogue topics found and missing;
///   PostgreSQL  a libpqxx connection runs SELECT version() and reads the schema version;
///   API         a QWebSocket opens the ws:// URL and waits for connected or an error.
///
/// Every check blocks its calling thread (up to the timeout, plus up to a second for PostgreSQL,
/// whose connect_timeout counts whole seconds); run them off the GUI thread. The API check makes
/// its own event loop, so its thread needs none running. Thread-safe: one probe may run all three
/// checks at once on three threads, and cancel() may come from any thread.
class ConnectionProbe
{
public:
    explicit ConnectionProbe(ConnectionSettings settings, int timeoutMs = 5000);

    /// Runs the check of `part`. Skipped for every part in embedded mode, for PostgreSQL without
    /// a URL (the embedded server is used) and for the API without a URL.
    ProbeResult run(ProbePart part) const;
    ProbeResult kafka() const;
    ProbeResult postgres() const;
    ProbeResult api() const;

    /// Makes running checks give up at their next look (Kafka and API: within 100 ms; a
    /// PostgreSQL connect in progress cannot be interrupted and ends at its timeout). Any thread.
    void cancel() { m_cancelled = true; }
    bool cancelled() const { return m_cancelled; }

    int timeoutMs() const { return m_timeoutMs; }

    /// The bus settings a stack started with `settings` uses (bootstrap and every property).
    static BusSettings busSettings(const ConnectionSettings& settings);
    /// Passes every Kafka property through rd_kafka_conf_set (no I/O): empty when librdkafka takes
    /// them all, else the first problem naming the property ("Kafka setting 'sasl.mechanisms': …").
    static QString checkKafkaProperties(const ConnectionSettings& settings);

private:
    ConnectionSettings m_settings;
    int m_timeoutMs;
    std::atomic<bool> m_cancelled{false};
};

} // namespace nexus
