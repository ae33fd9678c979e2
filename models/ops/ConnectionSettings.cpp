#include "models/ops/ConnectionSettings.h"

#include <QRegularExpression>
#include <QUrl>

namespace nexus {

KafkaPropertyList kafkaProperties(const ConnectionSettings& s)
{
    KafkaPropertyList out;
    const std::pair<const char*, const QString*> named[] = {
        {"security.protocol", &s.securityProtocol}, {"sasl.mechanism", &s.saslMechanism},
        {"sasl.username", &s.saslUsername},         {"sasl.password", &s.saslPassword},
        {"ssl.ca.location", &s.sslCaLocation},
    };
    for (const auto& [name, value] : named)
        if (!value->trimmed().isEmpty())
            out.append({QString::fromLatin1(name), value->trimmed()});
    out.append(s.extra);
    return out;
}

bool parsePropertyLines(const QString& text, KafkaPropertyList& out, QString& error)
{
    KafkaPropertyList parsed;
    const QStringList lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const int eq = line.indexOf('=');
        const QString name = eq > 0 ? line.left(eq).trimmed() : QString();
        if (name.isEmpty()) {
            error = QStringLiteral("line %1: '%2' is not name=value").arg(i + 1).arg(line);
            return false;
        }
        if (name.contains(QRegularExpression(QStringLiteral("\\s")))) {
            error = QStringLiteral("line %1: property name '%2' contains a space").arg(i + 1).arg(name);
            return false;
        }
        parsed.append({name, line.mid(eq + 1).trimmed()});
    }
    out = parsed;
    return true;
}

QString formatPropertyLines(const KafkaPropertyList& properties)
{
    QStringList lines;
    for (const auto& [name, value] : properties)
        lines << name + '=' + value;
    return lines.join('\n');
}

bool isWebSocketUrl(const QString& text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == "ws" || url.scheme() == "wss") && !url.host().isEmpty();
}

QString redactSecrets(const QString& url)
{
    static const QRegularExpression userInfo(QStringLiteral("(://[^:/@?#]*:)[^@/?#]*@"));
    static const QRegularExpression queryPassword(QStringLiteral("([?&]password=)[^&#]*"));
    static const QRegularExpression keyValuePassword(
        QStringLiteral("(\\bpassword\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)"));
    QString out = url;
    if (out.contains(QStringLiteral("://"))) {
        out.replace(userInfo, QStringLiteral("\\1***@"));
        out.replace(queryPassword, QStringLiteral("\\1***"));
    } else {
        out.replace(keyValuePassword, QStringLiteral("\\1***"));
    }
    return out;
}

} // namespace nexus
