#include "backend/runtime/ConnectionProbe.h"

#include "backend/bus/KafkaConf.h"
#include "backend/store/ConnectTimeout.h"
#include "backend/store/Migrator.h"
#include "models/events/Topics.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <pqxx/pqxx>

#include <algorithm>
#include <optional>
#include <set>

namespace nexus {

namespace {

constexpr int kSliceMs = 100; // how often a waiting check looks at cancel()

QString secondsText(int ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'f', 1);
}

ProbeResult skipped(ProbePart part, const QString& why)
{
    return {part, ProbeStatus::Skipped, probePartName(part) + ": " + why, {}, 0};
}

/// Skipped when there is nothing to check: the embedded stack runs `part` itself, or no URL is given.
std::optional<ProbeResult> nothingToCheck(ProbePart part, bool embedded, const QString& url,
                                          const QString& whenEmbedded, const QString& whenNoUrl)
{
    if (embedded)
        return skipped(part, whenEmbedded);
    if (url.isEmpty())
        return skipped(part, whenNoUrl);
    return std::nullopt;
}

ProbeResult finished(ProbePart part, ProbeStatus status, const QString& text, const QElapsedTimer& clock,
                     QStringList details = {})
{
    return {part, status, probePartName(part) + ": " + text, std::move(details), clock.elapsed()};
}

// --- Kafka ---------------------------------------------------------------------------------------

/// What librdkafka's error callback reported; the callback runs inside rd_kafka_poll() on the
/// probing thread, so no lock.
struct KafkaErrors
{
    QString reason;        ///< the last transport or authentication problem, cleaned
    bool hopeless = false; ///< every broker is down, or authentication / TLS failed
    bool sticky = false;   ///< `reason` is an authentication / TLS failure: keep it
};

/// "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in
/// state CONNECT)" → "Connection refused".
QString cleanKafkaReason(const QString& reason)
{
    static const QRegularExpression after(QStringLiteral("\\s*\\(after \\d+ms in state [^)]*\\)\\s*$"));
    static const QRegularExpression brokerPrefix(QStringLiteral("^\\S+/\\S+: "));
    static const QRegularExpression connectFailed(QStringLiteral("^Connect to \\S+ failed: "));
    QString out = reason;
    out.remove(after);
    out.remove(brokerPrefix);
    out.remove(connectFailed);
    return out.trimmed();
}

void onKafkaError(rd_kafka_t*, int err, const char* reason, void* opaque)
{
    auto* errors = static_cast<KafkaErrors*>(opaque);
    switch (err) {
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN: // "1/1 brokers are down": the cause came before
        errors->hopeless = true;
        break;
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__SSL:
        // The real cause: the other brokers' "Disconnected" coming after it must not hide it.
        errors->reason = cleanKafkaReason(QString::fromUtf8(reason));
        errors->hopeless = errors->sticky = true;
        break;
    default:
        if (errors->sticky)
            break;
        errors->reason = cleanKafkaReason(QString::fromUtf8(reason));
        // librdkafka reports some TLS / SASL failures as transport errors.
        errors->sticky =
            errors->reason.startsWith(QStringLiteral("SSL")) || errors->reason.startsWith(QStringLiteral("SASL"));
    }
}

struct MetadataDeleter
{
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};

QStringList describeMetadata(const rd_kafka_metadata_t& md, QString& summary)
{
    QStringList brokers;
    for (int i = 0; i < md.broker_cnt; ++i)
        brokers << QStringLiteral("%1:%2").arg(QString::fromUtf8(md.brokers[i].host)).arg(md.brokers[i].port);
    std::set<std::string> present;
    for (int i = 0; i < md.topic_cnt; ++i)
        if (md.topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR)
            present.insert(md.topics[i].topic);
    QStringList missing;
    for (const TopicSpec& t : kTopicCatalogue)
        if (!present.count(std::string(t.name)))
            missing << QString::fromUtf8(t.name.data(), int(t.name.size()));
    const int catalogue = int(kTopicCatalogue.size());
    const int found = catalogue - int(missing.size());
    summary = QStringLiteral("%1 broker%2, %3 of %4 catalogue topics")
                  .arg(md.broker_cnt)
                  .arg(md.broker_cnt == 1 ? "" : "s")
                  .arg(found)
                  .arg(catalogue);
    QStringList details{QStringLiteral("brokers: %1").arg(brokers.join(", ")),
                        QStringLiteral("catalogue topics found: %1 of %2").arg(found).arg(catalogue)};
    if (!missing.isEmpty())
        details << QStringLiteral("missing: %1").arg(missing.join(", "));
    const int others = int(present.size()) - found;
    if (others > 0)
        details << QStringLiteral("other topics: %1").arg(others);
    return details;
}

// --- PostgreSQL ----------------------------------------------------------------------------------

/// libpq's multi-line "connection to server at …, port 5432 failed: FATAL:  password
/// authentication failed for user "x"\n" → one line without the severity tags.
QString cleanPgError(const char* what)
{
    QString text = QString::fromUtf8(what);
    text.remove(QRegularExpression(QStringLiteral("\\b(FATAL|ERROR):\\s+")));
    const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
    return lines.isEmpty() ? QStringLiteral("connection failed") : lines.first().trimmed();
}

} // namespace

ConnectionProbe::ConnectionProbe(ConnectionSettings settings, int timeoutMs)
    : m_settings(std::move(settings)), m_timeoutMs(std::max(100, timeoutMs))
{
}

BusSettings ConnectionProbe::busSettings(const ConnectionSettings& settings)
{
    BusSettings bus;
    bus.embedded = settings.embedded;
    bus.bootstrap = settings.bootstrap.trimmed().toStdString();
    for (const auto& [name, value] : kafkaProperties(settings))
        bus.properties[name.toStdString()] = value.toStdString();
    return bus;
}

QString ConnectionProbe::checkKafkaProperties(const ConnectionSettings& settings)
{
    BusSettings bus = busSettings(settings);
    if (bus.bootstrap.empty())
        bus.bootstrap = "localhost:9092"; // the bootstrap list is checked elsewhere; here only the properties
    std::string error;
    return makeKafkaConf(bus, {}, error) ? QString() : QString::fromStdString(error);
}

ProbeResult ConnectionProbe::run(ProbePart part) const
{
    switch (part) {
    case ProbePart::Kafka:
        return kafka();
    case ProbePart::Postgres:
        return postgres();
    case ProbePart::Api:
        return api();
    }
    return {};
}

ProbeResult ConnectionProbe::kafka() const
{
    constexpr ProbePart part = ProbePart::Kafka;
    if (m_settings.embedded)
        return skipped(part, QStringLiteral("embedded cluster (started with the stack)"));
    QElapsedTimer clock;
    clock.start();
    const BusSettings bus = busSettings(m_settings);
    if (bus.bootstrap.empty())
        return finished(part, ProbeStatus::Failed, QStringLiteral("no bootstrap servers given"), clock);

    std::string error;
    KafkaConfPtr conf = makeKafkaConf(bus, {}, error);
    if (!conf)
        return finished(part, ProbeStatus::Failed, QString::fromStdString(error).remove(QRegularExpression("^Kafka ")),
                        clock);
    KafkaErrors errors;
    rd_kafka_conf_set_opaque(conf.get(), &errors);
    rd_kafka_conf_set_error_cb(conf.get(), onKafkaError);
    // The error callback says what failed; librdkafka's own log lines would only repeat it on stderr.
    rd_kafka_conf_set_log_cb(conf.get(), [](const rd_kafka_t*, int, const char*, const char*) {});
    KafkaHandlePtr producer = makeKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!producer)
        return finished(part, ProbeStatus::Failed, QString::fromStdString(error), clock);

    // Ask in short slices so cancel() and a hopeless error (all brokers down, authentication
    // failed) end the wait early; each slice's request is answered as soon as a broker is up.
    const QString where = QString::fromStdString(bus.bootstrap);
    while (!m_cancelled) {
        const int left = m_timeoutMs - int(clock.elapsed());
        if (left <= 0)
            break;
        const rd_kafka_metadata_t* raw = nullptr;
        const rd_kafka_resp_err_t err = rd_kafka_metadata(producer.get(), 1, nullptr, &raw, std::min(left, kSliceMs));
        std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> md(raw);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR && md) {
            QString summary;
            QStringList details = describeMetadata(*md, summary);
            return finished(part, ProbeStatus::Ok, summary, clock, std::move(details));
        }
        rd_kafka_poll(producer.get(), 0); // serves the error callback
        if (errors.hopeless)
            return finished(
                part, ProbeStatus::Failed,
                QStringLiteral("no broker reachable at %1 (%2)")
                    .arg(where, errors.reason.isEmpty() ? QStringLiteral("all brokers down") : errors.reason),
                clock);
        if (err != RD_KAFKA_RESP_ERR__TIMED_OUT && err != RD_KAFKA_RESP_ERR__TRANSPORT)
            errors.reason = QString::fromUtf8(rd_kafka_err2str(err));
    }
    if (m_cancelled)
        return finished(part, ProbeStatus::Cancelled, QStringLiteral("cancelled"), clock);
    return finished(part, ProbeStatus::Failed,
                    QStringLiteral("no broker reachable at %1 within %2 s (%3)")
                        .arg(where, secondsText(m_timeoutMs),
                             errors.reason.isEmpty() ? QStringLiteral("no answer") : errors.reason),
                    clock);
}

ProbeResult ConnectionProbe::postgres() const
{
    constexpr ProbePart part = ProbePart::Postgres;
    const QString url = m_settings.pgUrl.trimmed();
    if (auto skip =
            nothingToCheck(part, m_settings.embedded, url, QStringLiteral("embedded server (started with the stack)"),
                           QStringLiteral("no URL given: the stack starts its embedded server")))
        return *skip;
    QElapsedTimer clock;
    clock.start();
    try {
        pqxx::connection connection(store::withConnectTimeout(url.toStdString(), m_timeoutMs));
        if (m_cancelled)
            return finished(part, ProbeStatus::Cancelled, QStringLiteral("cancelled"), clock);
        pqxx::nontransaction tx(connection);
        const pqxx::row r = tx.exec1("SELECT version(), current_user, current_database(), "
                                     "to_regclass('schema_migrations') IS NOT NULL");
        const QString version = QString::fromStdString(r[0].as<std::string>());
        QStringList details{
            QStringLiteral("server: %1").arg(version),
            QStringLiteral("database %1 as user %2")
                .arg(QString::fromStdString(r[2].as<std::string>()), QString::fromStdString(r[1].as<std::string>()))};
        const std::vector<store::Migration> known = store::knownMigrations();
        const int newest = known.empty() ? 0 : known.back().version;
        const int schema =
            r[3].as<bool>() ? tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>() : 0;
        if (schema == 0)
            details << QStringLiteral("schema: empty; the stack creates it on start (version %1)").arg(newest);
        else if (schema > newest)
            return finished(part, ProbeStatus::Failed,
                            QStringLiteral("schema version %1 is newer than this console knows (%2); "
                                           "the stack would refuse to write into it")
                                .arg(schema)
                                .arg(newest),
                            clock, details);
        else
            details << QStringLiteral("schema version %1 (this console: %2)").arg(schema).arg(newest);
        // "PostgreSQL 15.5 (Debian 15.5-0+deb12u1) on x86_64-pc-linux-gnu, compiled by …" → up to " on ".
        return finished(part, ProbeStatus::Ok, version.section(QStringLiteral(" on "), 0, 0), clock, details);
    } catch (const std::exception& e) {
        return finished(part, ProbeStatus::Failed, cleanPgError(e.what()), clock);
    }
}

ProbeResult ConnectionProbe::api() const
{
    constexpr ProbePart part = ProbePart::Api;
    const QString text = m_settings.apiUrl.trimmed();
    if (auto skip = nothingToCheck(part, m_settings.embedded, text, QStringLiteral("not used by the embedded stack"),
                                   QStringLiteral("no URL given")))
        return *skip;
    QElapsedTimer clock;
    clock.start();
    const QUrl url(text);
    const QString shown = url.toDisplayString(QUrl::RemovePassword);
    if (!isWebSocketUrl(text))
        return finished(part, ProbeStatus::Failed, QStringLiteral("'%1' is not a ws:// or wss:// URL").arg(text),
                        clock);

    // The socket lives on this thread with a local event loop; it ends with this function.
    QWebSocket socket;
    QEventLoop loop;
    ProbeStatus status = ProbeStatus::Pending;
    QString problem;
    const auto finish = [&](ProbeStatus s, const QString& why) {
        if (status != ProbeStatus::Pending)
            return;
        status = s;
        problem = why;
        loop.quit();
    };
    QObject::connect(&socket, &QWebSocket::connected, &loop, [&] { finish(ProbeStatus::Ok, {}); });
    QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &loop,
                     [&] { finish(ProbeStatus::Failed, socket.errorString()); });
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (m_cancelled)
            finish(ProbeStatus::Cancelled, QStringLiteral("cancelled"));
        else if (clock.elapsed() >= m_timeoutMs)
            finish(ProbeStatus::Failed, QStringLiteral("no answer within %1 s").arg(secondsText(m_timeoutMs)));
    });
    tick.start(std::min(kSliceMs, m_timeoutMs));
    socket.open(url);
    if (status == ProbeStatus::Pending) // open() may fail at once, before the loop runs
        loop.exec();
    socket.abort();
    if (status == ProbeStatus::Ok)
        return finished(part, ProbeStatus::Ok, QStringLiteral("connected to %1").arg(shown), clock);
    if (status == ProbeStatus::Cancelled)
        return finished(part, status, problem, clock);
    return finished(part, ProbeStatus::Failed, QStringLiteral("%1: %2").arg(shown, problem), clock);
}

} // namespace nexus
