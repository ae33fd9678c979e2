// Configuration from the INI file and the command line: defaults, overrides, and clear errors.

#include "app/StackConfig.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QtTest>

using namespace nexus;

class TestStackConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeIni(const QByteArray& text)
    {
        const QString path = m_dir.filePath("nexus-twin.ini");
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(text);
        return path;
    }

    static bool resolve(const QStringList& args, StackConfig& config, QString& error)
    {
        QCommandLineParser parser;
        addStackOptions(parser);
        if (!parser.parse(QStringList{"prog"} + args)) {
            error = parser.errorText();
            return false;
        }
        return resolveStackConfig(parser, config, error);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv("NEXUS_TWIN_CONFIG");
    }

    void defaultsAreTheEmbeddedDemo()
    {
        StackConfig c;
        QString error;
        QVERIFY2(resolve({}, c, error), qPrintable(error));
        QVERIFY(c.runtime.bus.embedded);
        QVERIFY(c.simulate);
        QCOMPARE(c.simulator.users, 1000);
        QCOMPARE(c.runtime.embeddedBrokers, 3);
    }

    void bootstrapSwitchesToExternalBrokers()
    {
        StackConfig c;
        QString error;
        QVERIFY(resolve({"--kafka-bootstrap", "kafka1:9092,kafka2:9092"}, c, error));
        QVERIFY(!c.runtime.bus.embedded);
        QCOMPARE(c.runtime.bus.bootstrap, std::string("kafka1:9092,kafka2:9092"));
        QVERIFY(!c.simulate); // against real brokers the simulator is opt-in
        StackConfig d;
        QVERIFY(resolve({"--kafka-bootstrap", "k:9092", "--simulate"}, d, error));
        QVERIFY(d.simulate);
    }

    void configFileThenCommandLine()
    {
        const QString path = writeIni("[kafka]\nbootstrap=broker.example:9093\n"
                                      "[kafka-properties]\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                                      "[simulator]\nenabled=true\nusers=250\nspeed=4\nupload_interval=2\n"
                                      "[api]\nurl=wss://api.example:8443/ws\n");
        StackConfig c;
        QString error;
        QVERIFY2(resolve({"--config", path, "--users", "300"}, c, error), qPrintable(error));
        QCOMPARE(c.runtime.bus.bootstrap, std::string("broker.example:9093"));
        QVERIFY(!c.runtime.bus.embedded);
        QCOMPARE(c.runtime.bus.properties.at("security.protocol"), std::string("SASL_SSL"));
        QCOMPARE(c.runtime.bus.properties.at("sasl.mechanism"), std::string("PLAIN"));
        QVERIFY(c.simulate);
        QCOMPARE(c.simulator.users, 300); // the command line wins
        QCOMPARE(c.simulator.speed, 4.0);
        QCOMPARE(c.simulator.uploadIntervalSeconds, 2);
        QCOMPARE(c.apiUrl, std::string("wss://api.example:8443/ws"));
    }

    void environmentNamesTheConfigFile()
    {
        const QString path = writeIni("[simulator]\nusers=77\n");
        qputenv("NEXUS_TWIN_CONFIG", path.toLocal8Bit());
        StackConfig c;
        QString error;
        const bool ok = resolve({}, c, error);
        qunsetenv("NEXUS_TWIN_CONFIG");
        QVERIFY2(ok, qPrintable(error));
        QCOMPARE(c.simulator.users, 77);
    }

    void badValuesAreRejected_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("users zero") << QStringList{"--users", "0"} << "--users";
        QTest::newRow("users text") << QStringList{"--users", "many"} << "many";
        QTest::newRow("speed negative") << QStringList{"--speed", "-2"} << "--speed";
        QTest::newRow("bootstrap no port") << QStringList{"--kafka-bootstrap", "localhost"} << "host:port";
        QTest::newRow("bootstrap bad port") << QStringList{"--kafka-bootstrap", "h:99999"} << "h:99999";
        QTest::newRow("api not a ws URL") << QStringList{"--api-url", "http://api:8080"} << "--api-url";
        QTest::newRow("contradiction") << QStringList{"--simulate", "--no-simulator"} << "contradict";
        QTest::newRow("missing file") << QStringList{"--config", "/nonexistent/x.ini"} << "/nonexistent/x.ini";
    }

    void badValuesAreRejected()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        StackConfig c;
        QString error;
        QVERIFY(!resolve(args, c, error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void badFileValuesNameTheKey()
    {
        const QString path = writeIni("[simulator]\nspeed=fast\n");
        StackConfig c;
        QString error;
        QVERIFY(!loadConfigFile(path, c, error));
        QVERIFY2(error.contains("simulator/speed") && error.contains("fast"), qPrintable(error));
    }

    void activityProcessorRunsUnlessTurnedOff()
    {
        QString error;
        StackConfig on;
        QVERIFY2(resolve({}, on, error), qPrintable(error));
        QVERIFY(on.runtime.runActivity);
        StackConfig off;
        QVERIFY2(resolve({"--no-activity"}, off, error), qPrintable(error));
        QVERIFY(!off.runtime.runActivity);
        StackConfig fromFile;
        QVERIFY2(resolve({"--config", writeIni("[activity]\nenabled=false\n")}, fromFile, error), qPrintable(error));
        QVERIFY(!fromFile.runtime.runActivity);
        StackConfig bad;
        QVERIFY(!resolve({"--config", writeIni("[activity]\nenabled=perhaps\n")}, bad, error));
        QVERIFY2(error.contains("activity/enabled"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestStackConfig)
#include "tst_stack_config.moc"
