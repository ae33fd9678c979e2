// The Connect dialog's settings without a GUI: the extra-properties syntax (data-driven), which
// property wins, secrets kept out of messages, the INI config file written on Switch read back as
// the next start reads it (and as the dialog prefills from it), the config a switch restarts with,
// and the checks a switch must pass (bootstrap list, librdkafka property names, URLs).

#include "app/console/ConnectController.h"
#include "backend/runtime/ConnectionProbe.h"
#include "backend/store/ConnectTimeout.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace nexus;

namespace {

ConnectionSettings saslSettings()
{
    ConnectionSettings s;
    s.embedded = false;
    s.bootstrap = "kafka-1:9093,kafka-2:9093";
    s.securityProtocol = "sasl_ssl";
    s.saslMechanism = "SCRAM-SHA-512";
    s.saslUsername = "ops";
    s.saslPassword = "p@ss, word";
    s.sslCaLocation = "/etc/ssl/certs/ca.pem";
    s.extra = {{"client.id", "console"}, {"sasl.username", "override"}};
    s.pgUrl = "postgresql://nexus:secret@db:5432/nexus";
    s.apiUrl = "wss://api.example:8443/ws";
    return s;
}

} // namespace

class TestConnectionSettings : public QObject
{
    Q_OBJECT

private slots:
    void connectTimeoutIsAddedUnlessSet_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<QString>("expected");
        QTest::newRow("url") << "postgresql://nexus@db/nexus" << 5000 << "postgresql://nexus@db/nexus?connect_timeout=5";
        QTest::newRow("url with query") << "postgresql://nexus@/nexus?host=%2Ftmp" << 5000
                                        << "postgresql://nexus@/nexus?host=%2Ftmp&connect_timeout=5";
        QTest::newRow("key=value, rounded up to libpq's 2 s") << "host=db dbname=nexus" << 300
                                                              << "host=db dbname=nexus connect_timeout=2";
        QTest::newRow("the user's own wins") << "host=db connect_timeout=30" << 5000 << "host=db connect_timeout=30";
    }
    void connectTimeoutIsAddedUnlessSet()
    {
        QFETCH(QString, conninfo);
        QFETCH(int, timeoutMs);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(store::withConnectTimeout(conninfo.toStdString(), timeoutMs)), expected);
    }

    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void propertyLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("count");
        // clang-format off
        QTest::newRow("empty") << "" << "" << 0;
        QTest::newRow("comments and blanks") << "# tuning\n\n  linger.ms = 5 \n" << "" << 1;
        QTest::newRow("value with =") << "sasl.oauthbearer.config=principal=admin" << "" << 1;
        QTest::newRow("empty value") << "client.id=" << "" << 1;
        QTest::newRow("no =") << "linger.ms=5\nacks" << "line 2: 'acks' is not name=value" << 0;
        QTest::newRow("no name") << "=5" << "line 1: '=5' is not name=value" << 0;
        QTest::newRow("space in name") << "linger ms=5" << "line 1: property name 'linger ms' contains a space" << 0;
        // clang-format on
    }

    void propertyLines()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QFETCH(int, count);
        KafkaPropertyList parsed;
        QString problem;
        QCOMPARE(parsePropertyLines(text, parsed, problem), error.isEmpty());
        QCOMPARE(problem, error);
        QCOMPARE(parsed.size(), count);
    }

    void propertyLinesRoundTrip()
    {
        const KafkaPropertyList list{{"linger.ms", "5"}, {"sasl.oauthbearer.config", "principal=admin"}};
        KafkaPropertyList back;
        QString error;
        QVERIFY(parsePropertyLines(formatPropertyLines(list), back, error));
        QCOMPARE(back, list);
    }

    void extraPropertiesWin()
    {
        const BusSettings bus = ConnectionProbe::busSettings(saslSettings());
        QCOMPARE(bus.bootstrap, std::string("kafka-1:9093,kafka-2:9093"));
        QCOMPARE(bus.properties.at("security.protocol"), std::string("sasl_ssl"));
        QCOMPARE(bus.properties.at("sasl.username"), std::string("override"));
        QCOMPARE(bus.properties.at("ssl.ca.location"), std::string("/etc/ssl/certs/ca.pem"));
        QCOMPARE(bus.properties.size(), std::size_t(6));
    }

    void secretsAreRedacted_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        // clang-format off
        QTest::newRow("url") << "postgresql://nexus:secret@db:5432/nexus" << "postgresql://nexus:***@db:5432/nexus";
        QTest::newRow("url without password") << "postgresql://nexus@db/nexus" << "postgresql://nexus@db/nexus";
        QTest::newRow("query") << "postgresql://db/nexus?user=a&password=b&sslmode=require"
                               << "postgresql://db/nexus?user=a&password=***&sslmode=require";
        QTest::newRow("key=value") << "host=db password='x y' user=a" << "host=db password=*** user=a";
        // clang-format on
    }

    void secretsAreRedacted()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(redactSecrets(in), out);
    }

    void iniRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("nested/nexus-twin.ini");
        QString error;
        const ConnectionSettings s = saslSettings();
        QVERIFY2(saveConnection(s, path, error), qPrintable(error));

        StackConfig next;
        QVERIFY2(loadConfigFile(path, next, error), qPrintable(error));
        QVERIFY(!next.runtime.bus.embedded);
        QVERIFY(next.runtime.bus.properties == ConnectionProbe::busSettings(s).properties);
        QCOMPARE(next.runtime.store.url, s.pgUrl.toStdString());
        QCOMPARE(QSettings(path, QSettings::IniFormat).value("api/url").toString(), s.apiUrl);
        QCOMPARE(next.apiUrl, s.apiUrl.toStdString()); // the console watches it (Stack health)

        // The dialog prefills from the running config: named fields back in their places.
        const ConnectionSettings shown = connectionFromConfig(next);
        QCOMPARE(shown.bootstrap, s.bootstrap);
        QCOMPARE(shown.securityProtocol, s.securityProtocol);
        QCOMPARE(shown.saslMechanism, s.saslMechanism);
        QCOMPARE(shown.saslUsername, QStringLiteral("override"));
        QCOMPARE(shown.saslPassword, s.saslPassword);
        QCOMPARE(shown.sslCaLocation, s.sslCaLocation);
        QCOMPARE(shown.extra, (KafkaPropertyList{{"client.id", "console"}}));
        QCOMPARE(shown.pgUrl, s.pgUrl);
        QCOMPARE(shown.apiUrl, s.apiUrl);

        // Back to the embedded stack: the connection keys go, the rest stays.
        QSettings(path, QSettings::IniFormat).setValue("simulator/users", 12);
        ConnectionSettings embedded;
        QVERIFY2(saveConnection(embedded, path, error), qPrintable(error));
        StackConfig again;
        QVERIFY2(loadConfigFile(path, again, error), qPrintable(error));
        QVERIFY(again.runtime.bus.embedded);
        QVERIFY(again.runtime.bus.properties.empty());
        QVERIFY(again.runtime.store.url.empty());
        QVERIFY(again.apiUrl.empty());
        QCOMPARE(again.simulator.users, 12);
    }

    void switchedConfig()
    {
        StackConfig running;
        running.simulator.users = 33;
        running.runtime.store.enabled = false;
        const StackConfig connected = applyConnection(running, saslSettings());
        QVERIFY(!connected.runtime.bus.embedded);
        QVERIFY(!connected.simulate);
        QVERIFY(connected.runtime.store.enabled);
        QCOMPARE(connected.runtime.store.url, std::string("postgresql://nexus:secret@db:5432/nexus"));
        QCOMPARE(connected.simulator.users, 33);
        QCOMPARE(connected.apiUrl, std::string("wss://api.example:8443/ws"));
        const StackConfig back = applyConnection(connected, ConnectionSettings{});
        QVERIFY(back.runtime.bus.embedded);
        QVERIFY(back.runtime.bus.bootstrap.empty());
        QVERIFY(back.runtime.store.url.empty());
        QVERIFY(back.apiUrl.empty());
        QVERIFY(back.simulate);
    }

    void switchChecks_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("problem");
        // clang-format off
        QTest::newRow("fine") << "" << "" << "";
        QTest::newRow("bootstrap") << "bootstrap" << "kafka-1" << "Kafka bootstrap servers must be host:port";
        QTest::newRow("property name") << "extra" << "linger.mss" << "Kafka setting 'linger.mss'";
        QTest::newRow("property value") << "securityProtocol" << "carrier_pigeon" << "'security.protocol'";
        QTest::newRow("postgres url") << "pgUrl" << "db:5432" << "postgres/url must be a PostgreSQL URL";
        QTest::newRow("api url") << "apiUrl" << "http://api:8080" << "The API URL must be ws://";
        // clang-format on
    }

    void switchChecks()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, problem);
        ConnectionSettings s = saslSettings();
        if (field == "bootstrap")
            s.bootstrap = value;
        else if (field == "extra")
            s.extra = {{value, "5"}};
        else if (field == "securityProtocol")
            s.securityProtocol = value;
        else if (field == "pgUrl")
            s.pgUrl = value;
        else if (field == "apiUrl")
            s.apiUrl = value;
        const ConnectController controller(StackConfig{}, QString(), {}, nullptr);
        const QString found = controller.checkSettings(s);
        if (problem.isEmpty())
            QCOMPARE(found, QString());
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
        QVERIFY2(!found.contains("secret") && !found.contains("p@ss"), qPrintable(found));
    }
};

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connection_settings.moc"
