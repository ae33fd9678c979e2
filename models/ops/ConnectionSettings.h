#pragma once

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

namespace nexus {

/// librdkafka client properties as name/value pairs, in the order given (later ones win).
using KafkaPropertyList = QList<QPair<QString, QString>>;

/// What the Connect dialog edits: run the embedded demo stack, or connect to a running one.
/// Plain value, any thread; strings as the user typed them (trimmed).
struct ConnectionSettings
{
    bool embedded = true;
    QString bootstrap;        ///< host:port[,host:port…]
    QString securityProtocol; ///< librdkafka security.protocol; empty: librdkafka's default (plaintext)
    QString saslMechanism;    ///< sasl.mechanism; empty: not set
    QString saslUsername;
    QString saslPassword;
    QString sslCaLocation;   ///< ssl.ca.location (a PEM file or directory)
    KafkaPropertyList extra; ///< further librdkafka properties (the "extra properties" box)
    QString pgUrl;           ///< libpq URL or key=value string; empty: the embedded PostgreSQL
    QString apiUrl;          ///< the backend's WebSocket API (ws:// or wss://); empty: not used
};

/// Every librdkafka property the settings carry: the named fields that are set, then `extra`
/// (which therefore wins when both name the same property).
KafkaPropertyList kafkaProperties(const ConnectionSettings& settings);

/// Parses the extra-properties box: one `name=value` per line; blank lines and lines starting
/// with '#' are ignored; whitespace around name and value is dropped. False with `error` naming the
/// line ("line 2: 'foo' is not name=value") on the first malformed one. Checks syntax only: whether
/// librdkafka knows the name is for the backend (rd_kafka_conf_set).
bool parsePropertyLines(const QString& text, KafkaPropertyList& out, QString& error);
/// The inverse of parsePropertyLines: one `name=value` per line.
QString formatPropertyLines(const KafkaPropertyList& properties);

/// True when `url` is a ws:// or wss:// URL with a host (what the API check can open).
bool isWebSocketUrl(const QString& url);

/// `url` with any password replaced by "***" (postgresql://user:secret@host → postgresql://user:***@host;
/// libpq key=value strings: password=***), for messages and logs.
QString redactSecrets(const QString& url);

} // namespace nexus

Q_DECLARE_METATYPE(nexus::ConnectionSettings)
