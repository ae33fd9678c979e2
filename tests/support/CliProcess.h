#pragma once

// Helpers for tests that run nexus-twin as separate processes.

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>

namespace nexus::testsupport {

/// Starts `nexus-twin broker` in `broker` and returns the bootstrap address it prints (empty when
/// it did not print one within 10 s).
inline QString startBroker(QProcess& broker, const QString& binary)
{
    broker.start(binary, {"broker"});
    if (!broker.waitForStarted())
        return {};
    QElapsedTimer clock;
    clock.start();
    while (!broker.canReadLine() && clock.elapsed() < 10000)
        broker.waitForReadyRead(100);
    const auto m = QRegularExpression(R"(^Kafka bootstrap: (\S+)$)").match(QString::fromUtf8(broker.readLine()).trimmed());
    return m.hasMatch() ? m.captured(1) : QString();
}

/// One HTTP GET against 127.0.0.1:`port`: the whole response (status line, headers, body), read
/// until the server closes the connection; empty when it cannot connect.
inline QByteArray httpGet(quint16 port, const QByteArray& path)
{
    QTcpSocket socket;
    socket.connectToHost("127.0.0.1", port);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(3000))
        response += socket.readAll();
    return response + socket.readAll();
}

/// The value of an unlabelled sample in Prometheus text (`name value`), or −1 when absent.
inline double prometheusValue(const QByteArray& text, const char* name)
{
    const auto m = QRegularExpression(QStringLiteral("\\n%1 ([0-9.e+-]+)").arg(QLatin1String(name)))
                       .match(QString::fromUtf8(text));
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

/// The value of a sample with one label in Prometheus text (`name{label="value"} v`), or −1 when absent.
inline double prometheusValue(const QByteArray& text, const char* name, const char* label, const char* value)
{
    const auto m = QRegularExpression(QStringLiteral("\\n%1\\{%2=\"%3\"\\} ([0-9.e+-]+)")
                                          .arg(QRegularExpression::escape(QLatin1String(name)), QLatin1String(label),
                                               QRegularExpression::escape(QLatin1String(value))))
                       .match(QString::fromUtf8(text));
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

} // namespace nexus::testsupport
