// The Connect dialog's connection test against real things: the embedded Kafka mock cluster (ok,
// with broker count and catalogue topics; a bare cluster lists the topics missing), a closed port
// and a silent one (fail within the timeout naming the address), a property librdkafka rejects
// (named), a real embedded PostgreSQL (ok with its version; wrong port, unknown role and closed
// TCP port fail with libpq's reason), and the API against a QWebSocketServer started here (ok;
// closed port and non-ws URL fail). Cancel ends a waiting check early.

#include "backend/bus/EmbeddedCluster.h"
#include "backend/runtime/ConnectionProbe.h"
#include "backend/runtime/RemoteApiWatcher.h"
#include "backend/store/EmbeddedPostgres.h"
#include "models/events/Topics.h"

#include "tests/support/LoopbackPorts.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

#include <future>
#include <thread>

using namespace nexus;

namespace {

ConnectionSettings remote()
{
    ConnectionSettings s;
    s.embedded = false;
    return s;
}

/// Runs `check` on its own QThread (as the console does) and waits, serving this thread's
/// events meanwhile (the test's own servers live here).
ProbeResult runOffThread(const std::function<ProbeResult()>& check, int waitMs = 20000)
{
    ProbeResult result;
    std::unique_ptr<QThread> thread(QThread::create([&] { result = check(); }));
    thread->start();
    QElapsedTimer clock;
    clock.start();
    while (!thread->isFinished() && clock.elapsed() < waitMs)
        QTest::qWait(10);
    if (!thread->wait(1000))
        qFatal("probe did not finish within %d ms", waitMs);
    return result;
}

} // namespace

class TestConnectionProbe : public QObject
{
    Q_OBJECT

    std::unique_ptr<EmbeddedCluster> m_cluster;
    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedPostgres> m_postgres;

private slots:
    void initTestCase()
    {
        std::string error;
        m_cluster = EmbeddedCluster::start(3, error);
        QVERIFY2(m_cluster, error.c_str());
        QVERIFY(m_dir.isValid());
        // The server may run as the `postgres` user (when we are root): it must be able to enter the directory.
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther);
        QString pgError;
        m_postgres = EmbeddedPostgres::start(m_dir.filePath("pg"), pgError);
        QVERIFY2(m_postgres, qPrintable(pgError));
    }

    void cleanupTestCase()
    {
        m_postgres.reset();
        m_cluster.reset();
    }

    void embeddedModeSkipsEveryPart()
    {
        ConnectionSettings s; // embedded by default
        s.bootstrap = "127.0.0.1:1";
        s.pgUrl = "postgresql://nobody@127.0.0.1:1/x";
        const ConnectionProbe probe(s);
        for (const ProbePart part : kProbeParts) {
            const ProbeResult r = probe.run(part);
            QCOMPARE(r.part, part);
            QCOMPARE(r.status, ProbeStatus::Skipped);
            QVERIFY2(r.message.startsWith(probePartName(part) + ": "), qPrintable(r.message));
        }
    }

    void kafkaListsBrokersAndTopics()
    {
        ConnectionSettings s = remote();
        s.bootstrap = QString::fromStdString(m_cluster->bootstrap());
        const ProbeResult r = ConnectionProbe(s).kafka();
        QVERIFY2(r.status == ProbeStatus::Ok, qPrintable(r.message));
        const int catalogue = int(kTopicCatalogue.size());
        QCOMPARE(r.message, QStringLiteral("Kafka: 3 brokers, %1 of %1 catalogue topics").arg(catalogue));
        const QString details = r.details.join('\n');
        QVERIFY2(details.contains(QStringLiteral("catalogue topics found: %1 of %1").arg(catalogue)),
                 qPrintable(details));
        QVERIFY2(!details.contains("missing"), qPrintable(details));
        QCOMPARE(details.count("127.0.0.1:"), 3);
        qInfo("%s in %lld ms; %s", qPrintable(r.message), r.elapsedMs, qPrintable(r.details.join("; ")));
    }

    void kafkaNamesMissingCatalogueTopics()
    {
        // A bare mock cluster without the platform's topics.
        char err[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
        KafkaHandlePtr owner(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
        QVERIFY2(owner, err);
        rd_kafka_mock_cluster_t* bare = rd_kafka_mock_cluster_new(owner.get(), 1);
        QVERIFY(bare);
        QVERIFY(rd_kafka_mock_topic_create(bare, "alerts", 2, 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
        ConnectionSettings s = remote();
        s.bootstrap = QString::fromLatin1(rd_kafka_mock_cluster_bootstraps(bare));
        const ProbeResult r = ConnectionProbe(s).kafka();
        rd_kafka_mock_cluster_destroy(bare);
        QVERIFY2(r.status == ProbeStatus::Ok, qPrintable(r.message));
        QCOMPARE(r.message, QStringLiteral("Kafka: 1 broker, 1 of %1 catalogue topics").arg(kTopicCatalogue.size()));
        QStringList missing;
        for (const TopicSpec& t : kTopicCatalogue)
            if (t.name != topics::kAlerts)
                missing << QString::fromLatin1(t.name.data(), int(t.name.size()));
        QVERIFY2(missing.contains("health-metrics") && r.details.contains("missing: " + missing.join(", ")),
                 qPrintable(r.details.join('\n')));
    }

    void kafkaClosedPortFailsNamingTheAddress()
    {
        ConnectionSettings s = remote();
        const QString where = QStringLiteral("127.0.0.1:%1").arg(test::closedLoopbackPort());
        s.bootstrap = where;
        QElapsedTimer clock;
        clock.start();
        const ProbeResult r = ConnectionProbe(s, 3000).kafka();
        qInfo("%s after %lld ms", qPrintable(r.message), clock.elapsed());
        QCOMPARE(r.status, ProbeStatus::Failed);
        QVERIFY(clock.elapsed() < 3000 + 500);
        QVERIFY2(r.message.startsWith("Kafka: no broker reachable at " + where), qPrintable(r.message));
        QVERIFY2(r.message.contains("Connection refused"), qPrintable(r.message));
    }

    void kafkaSilentBrokerTimesOut()
    {
        // Accepts TCP connections (the kernel does, into the backlog) but never speaks Kafka.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ConnectionSettings s = remote();
        s.bootstrap = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
        QElapsedTimer clock;
        clock.start();
        const ProbeResult r = ConnectionProbe(s, 1500).kafka();
        qInfo("%s after %lld ms", qPrintable(r.message), clock.elapsed());
        QCOMPARE(r.status, ProbeStatus::Failed);
        QVERIFY(clock.elapsed() >= 1500 && clock.elapsed() < 1500 + 1000);
        QVERIFY2(r.message.startsWith("Kafka: no broker reachable at " + s.bootstrap + " within 1.5 s"),
                 qPrintable(r.message));
    }

    void cancelEndsAWaitingCheck()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ConnectionSettings s = remote();
        s.bootstrap = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
        ConnectionProbe probe(s, 30000);
        QElapsedTimer clock;
        clock.start();
        auto pending = std::async(std::launch::async, [&] { return probe.kafka(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        probe.cancel();
        const ProbeResult r = pending.get();
        QCOMPARE(r.status, ProbeStatus::Cancelled);
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
    }

    void kafkaTlsAgainstPlaintextSaysSo()
    {
        // The security settings reach librdkafka: TLS to the (plaintext) mock cluster fails the handshake.
        ConnectionSettings s = remote();
        s.bootstrap = QString::fromStdString(m_cluster->bootstrap());
        s.securityProtocol = "ssl";
        QElapsedTimer clock;
        clock.start();
        const ProbeResult r = ConnectionProbe(s, 5000).kafka();
        qInfo("%s after %lld ms", qPrintable(r.message), clock.elapsed());
        QCOMPARE(r.status, ProbeStatus::Failed);
        QVERIFY2(r.message.contains("SSL", Qt::CaseInsensitive), qPrintable(r.message));
    }

    void kafkaBadPropertyIsNamed()
    {
        ConnectionSettings s = remote();
        s.bootstrap = QString::fromStdString(m_cluster->bootstrap());
        s.extra = {{"client.id", "probe"}, {"sasl.mechanismz", "PLAIN"}};
        const ProbeResult r = ConnectionProbe(s).kafka();
        QCOMPARE(r.status, ProbeStatus::Failed);
        QVERIFY2(r.message.startsWith("Kafka: setting 'sasl.mechanismz'"), qPrintable(r.message));
        QVERIFY2(ConnectionProbe::checkKafkaProperties(s).contains("'sasl.mechanismz'"),
                 qPrintable(ConnectionProbe::checkKafkaProperties(s)));
        s.extra = {{"security.protocol", "sasl_carrier_pigeon"}};
        QVERIFY2(ConnectionProbe::checkKafkaProperties(s).contains("security.protocol"),
                 qPrintable(ConnectionProbe::checkKafkaProperties(s)));
        s.extra.clear();
        QCOMPARE(ConnectionProbe::checkKafkaProperties(s), QString());
    }

    void postgresReportsItsVersion()
    {
        ConnectionSettings s = remote();
        s.pgUrl = m_postgres->url();
        const ProbeResult r = ConnectionProbe(s).postgres();
        QVERIFY2(r.status == ProbeStatus::Ok, qPrintable(r.message));
        QVERIFY2(QRegularExpression("^PostgreSQL: PostgreSQL \\d+").match(r.message).hasMatch(), qPrintable(r.message));
        QVERIFY2(r.details.contains("database nexus as user nexus"), qPrintable(r.details.join('\n')));
        QVERIFY2(r.details.join('\n').contains("schema: empty"), qPrintable(r.details.join('\n')));
        qInfo("%s in %lld ms; %s", qPrintable(r.message), r.elapsedMs, qPrintable(r.details.join("; ")));
    }

    void postgresFailuresSayWhy_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");
        const QString conn = QString::fromStdString(m_postgres->connectionString());
        QString wrongPort = conn;
        wrongPort.replace(QRegularExpression("port=\\d+"), "port=1");
        QTest::newRow("wrong port on the socket") << wrongPort << ".s.PGSQL.1\" failed: No such file or directory";
        QString wrongUser = conn;
        wrongUser.replace("user=nexus", "user=mallory");
        QTest::newRow("unknown role") << wrongUser << "role \"mallory\" does not exist";
        const QString tcp =
            QStringLiteral("postgresql://nexus:secret@127.0.0.1:%1/nexus").arg(test::closedLoopbackPort());
        QTest::newRow("closed TCP port") << tcp << "Connection refused";
    }

    void postgresFailuresSayWhy()
    {
        QFETCH(QString, url);
        QFETCH(QString, reason);
        ConnectionSettings s = remote();
        s.pgUrl = url;
        const ProbeResult r = ConnectionProbe(s, 3000).postgres();
        qInfo("%s", qPrintable(r.message));
        QCOMPARE(r.status, ProbeStatus::Failed);
        QVERIFY2(r.message.startsWith("PostgreSQL: "), qPrintable(r.message));
        QVERIFY2(r.message.contains(reason), qPrintable(r.message));
        QVERIFY2(!r.message.contains("secret"), qPrintable(r.message));
        QVERIFY2(!r.message.contains("FATAL"), qPrintable(r.message));
    }

    void apiConnectsToAWebSocketServer()
    {
        QWebSocketServer server("tst_connection_probe", QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int accepted = 0;
        connect(&server, &QWebSocketServer::newConnection, this, [&] {
            ++accepted;
            delete server.nextPendingConnection();
        });
        ConnectionSettings s = remote();
        s.apiUrl = QStringLiteral("ws://127.0.0.1:%1/api").arg(server.serverPort());
        const ProbeResult r = runOffThread([s] { return ConnectionProbe(s).api(); });
        QVERIFY2(r.status == ProbeStatus::Ok, qPrintable(r.message));
        QCOMPARE(r.message, "API: connected to " + s.apiUrl);
        QTRY_COMPARE(accepted, 1);
    }

    void apiFailuresSayWhy_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        const QString closed = QStringLiteral("ws://127.0.0.1:%1/api").arg(test::closedLoopbackPort());
        QTest::newRow("closed port") << closed << "API: " + closed + ": Connection refused";
        QTest::newRow("not a ws URL") << "http://127.0.0.1:8080/api"
                                      << "API: 'http://127.0.0.1:8080/api' is not a ws:// or wss:// URL";
    }

    void apiFailuresSayWhy()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        ConnectionSettings s = remote();
        s.apiUrl = url;
        const ProbeResult r = runOffThread([s] { return ConnectionProbe(s, 3000).api(); });
        QCOMPARE(r.status, ProbeStatus::Failed);
        QCOMPARE(r.message, expected);
    }

    void apiSilentServerTimesOut()
    {
        QTcpServer silent; // takes the connection, never answers the upgrade
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ConnectionSettings s = remote();
        s.apiUrl = QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort());
        QElapsedTimer clock;
        clock.start();
        const ProbeResult r = runOffThread([s] { return ConnectionProbe(s, 1000).api(); });
        QCOMPARE(r.status, ProbeStatus::Failed);
        QVERIFY2(r.message.endsWith(": no answer within 1 s"), qPrintable(r.message));
        QVERIFY(clock.elapsed() < 1000 + 1000);
    }

    // The Stack health panel's watch on the backend API: up while a server accepts, down with the
    // reason once it is gone, up again (uptime restarting) when it is back.
    void watcherFollowsTheApiGoingDownAndUp()
    {
        auto server = std::make_unique<QWebSocketServer>("tst_connection_probe", QWebSocketServer::NonSecureMode);
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        const quint16 port = server->serverPort();
        connect(server.get(), &QWebSocketServer::newConnection, this,
                [&server] { delete server->nextPendingConnection(); });
        RemoteApiWatcher watcher(QUrl(QStringLiteral("ws://127.0.0.1:%1/api").arg(port)), 200, 1000);
        QCOMPARE(stackhealth::remoteApi(watcher.facts()).state, ComponentState::Starting);
        watcher.start();
        QTRY_COMPARE(stackhealth::remoteApi(watcher.facts()).state, ComponentState::Running);
        const TimestampUs firstUp = watcher.facts().upSinceUs;
        QVERIFY(firstUp > 0);
        QVERIFY(watcher.facts().connectMs >= 0);

        server.reset(); // the API goes away
        QTRY_COMPARE(stackhealth::remoteApi(watcher.facts()).state, ComponentState::Failed);
        const ComponentStatus down = stackhealth::remoteApi(watcher.facts());
        QCOMPARE(down.lastError, std::string("Connection refused"));
        QCOMPARE(down.sinceUs, TimestampUs(0));

        QWebSocketServer again("tst_connection_probe", QWebSocketServer::NonSecureMode);
        QVERIFY(again.listen(QHostAddress::LocalHost, port));
        QTRY_COMPARE(stackhealth::remoteApi(watcher.facts()).state, ComponentState::Running);
        QVERIFY(watcher.facts().upSinceUs > firstUp);
    }

    void watcherTimesOutOnASilentServer()
    {
        QTcpServer silent; // takes the connection, never answers the upgrade
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        RemoteApiWatcher watcher(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())), 5000, 300);
        QSignalSpy checked(&watcher, &RemoteApiWatcher::checked);
        watcher.start();
        QVERIFY(checked.wait(2000));
        QCOMPARE(stackhealth::remoteApi(watcher.facts()).lastError, std::string("no answer within 0.3 s"));
    }

    void missingUrlsAreSkipped()
    {
        ConnectionSettings s = remote();
        s.bootstrap = QString::fromStdString(m_cluster->bootstrap());
        const ConnectionProbe probe(s);
        QCOMPARE(probe.postgres().status, ProbeStatus::Skipped);
        QCOMPARE(probe.api().status, ProbeStatus::Skipped);
        s.bootstrap.clear();
        QCOMPARE(ConnectionProbe(s).kafka().message, QStringLiteral("Kafka: no bootstrap servers given"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProbe)
#include "tst_connection_probe.moc"
