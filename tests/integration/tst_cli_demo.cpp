// nexus-twin as a user runs it: --help/--version, bad arguments, and `demo` with the embedded
// cluster, checked from another process with kcat (topics and partition counts), ending with a
// final summary in which everything produced was processed.

#include "backend/store/EmbeddedPostgres.h"
#include "models/events/Topics.h"
#include "tests/support/CliProcess.h"

#include <pqxx/pqxx>

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace nexus;

class TestCliDemo : public QObject
{
    Q_OBJECT

    QString m_binary;

    static QString run(const QString& program, const QStringList& args, int* exitCode, int timeoutMs = 30000)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QString::fromUtf8(p.readAll());
    }

private slots:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary));
        QVERIFY2(!QStandardPaths::findExecutable("kcat").isEmpty(), "kcat is not installed (scripts/bootstrap)");
    }

    void helpAndVersion()
    {
        int rc = 0;
        QString out = run(m_binary, {"--help"}, &rc);
        QCOMPARE(rc, 0);
        QVERIFY(out.contains("demo") && out.contains("broker"));
        out = run(m_binary, {"--version"}, &rc);
        QCOMPARE(rc, 0);
        QVERIFY(out.contains(QRegularExpression(R"(nexus-twin \d+\.\d+\.\d+)")));
        out = run(m_binary, {"demo", "--help"}, &rc);
        QCOMPARE(rc, 0);
        QVERIFY(out.contains("--kafka-bootstrap") && out.contains("--seconds") && out.contains("--users"));
    }

    void badArgumentsExplainAndFail()
    {
        int rc = 0;
        QString out = run(m_binary, {"frobnicate"}, &rc);
        QCOMPARE(rc, 2);
        QVERIFY(out.contains("unknown command 'frobnicate'"));
        out = run(m_binary, {"demo", "--users", "-3"}, &rc);
        QCOMPARE(rc, 2);
        QVERIFY2(out.contains("--users must be"), qPrintable(out));
        out = run(m_binary, {"demo", "--kafka-bootstrap", "nohost"}, &rc);
        QCOMPARE(rc, 2);
        QVERIFY2(out.contains("host:port"), qPrintable(out));
    }

    void unreachableBrokersGiveAClearError()
    {
        int rc = 0;
        // Port 9 on loopback: nothing listens there.
        const QString out =
            run(m_binary, {"demo", "--kafka-bootstrap", "127.0.0.1:9", "--seconds", "1", "--no-store"}, &rc, 60000);
        QCOMPARE(rc, 1);
        QVERIFY2(out.contains("cannot reach Kafka at 127.0.0.1:9"), qPrintable(out));
    }

    void demoServesKcatAndSummarises()
    {
        QProcess demo;
        demo.setProcessChannelMode(QProcess::SeparateChannels);
        const QString pgDir = qEnvironmentVariable("TMPDIR") + "/pg-demo";
        QDir(pgDir).removeRecursively(); // a fresh cluster, so the counts below are this run's
        demo.start(m_binary, {"demo", "--seconds", "12", "--users", "300", "--speed", "2", "--pg-data-dir", pgDir});
        QVERIFY(demo.waitForStarted());

        // The first line names the bootstrap address.
        QString bootstrap;
        QTRY_VERIFY_WITH_TIMEOUT(demo.canReadLine() || demo.state() != QProcess::Running, 10000);
        const QString first = QString::fromUtf8(demo.readLine()).trimmed();
        const QRegularExpressionMatch m = QRegularExpression(R"(^Kafka bootstrap: (\S+) \(embedded)").match(first);
        QVERIFY2(m.hasMatch(), qPrintable(first));
        bootstrap = m.captured(1);

        // kcat, a separate process, sees every topic with its partition count.
        int rc = 0;
        const QString listing = run("kcat", {"-b", bootstrap, "-L", "-m", "10"}, &rc);
        QCOMPARE(rc, 0);
        QVERIFY2(listing.contains("3 brokers"), qPrintable(listing.left(500)));
        QMap<QString, int> partitions;
        auto it = QRegularExpression(R"(topic \"([^\"]+)\" with (\d+) partitions)").globalMatch(listing);
        while (it.hasNext()) {
            const auto tm = it.next();
            partitions[tm.captured(1)] = tm.captured(2).toInt();
        }
        for (const TopicSpec& t : kTopicCatalogue)
            QCOMPARE(partitions.value(QString::fromLatin1(t.name.data(), qsizetype(t.name.size())), -1), t.partitions);

        QVERIFY(demo.waitForFinished(40000));
        QCOMPARE(demo.exitCode(), 0);
        const QString out = first + "\n" + QString::fromUtf8(demo.readAllStandardOutput());

        // A live line per second, then the final summary.
        const int lines = int(out.count(QRegularExpression(R"(\[\s*\d+s\] produced [\d,]+ msg/s)")));
        QVERIFY2(lines >= 8, qPrintable(out));
        QVERIFY2(out.contains("== NexusTwin demo summary =="), qPrintable(out));
        const auto produced = QRegularExpression(R"(produced:\s+([\d,]+) msgs)").match(out);
        const auto processed = QRegularExpression(R"(processed: ([\d,]+) msgs)").match(out);
        QVERIFY(produced.hasMatch() && processed.hasMatch());
        const int nProduced = produced.captured(1).remove(',').toInt();
        QVERIFY2(nProduced > 100, qPrintable(out));
        QCOMPARE(processed.captured(1).remove(',').toInt(), nProduced); // nothing lost
        QVERIFY2(out.contains("final consumer lag: 0"), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(R"(health-metrics\[24p\]=[1-9])")), qPrintable(out));
        QVERIFY2(out.contains("0 malformed"), qPrintable(out));

        // Everything processed went into PostgreSQL: one heart-rate row per processed sample.
        const auto samples = QRegularExpression(R"(processed: [\d,]+ msgs, ([\d,]+) samples)").match(out);
        QVERIFY(samples.hasMatch());
        QVERIFY2(out.contains(QRegularExpression(R"(stored:\s+[1-9][\d,]* sample rows in PostgreSQL)")), qPrintable(out));
        QVERIFY2(!out.contains("STORE PROBLEM") && !out.contains("last problem"), qPrintable(out));
        {
            QString error;
            auto server = EmbeddedPostgres::start(pgDir, error); // the demo's cluster, kept after it stopped
            QVERIFY2(server, qPrintable(error));
            pqxx::connection db(server->connectionString());
            pqxx::read_transaction tx(db);
            QCOMPARE(tx.exec1("SELECT count(*) FROM health_samples WHERE metric = 1")[0].as<long long>(),
                     samples.captured(1).remove(',').toLongLong());
            QVERIFY(tx.exec1("SELECT count(*) FROM consumer_offsets WHERE topic = 'health-metrics'")[0].as<int>() > 0);
            QVERIFY(tx.exec1("SELECT count(*) FROM twin_snapshots")[0].as<int>() > 0);
        }

        // Regression: a second run on the same store restored the first run's snapshots and sought
        // to their offsets on the new (empty) embedded bus, silently skipping this run's first
        // messages once partitions held more than those offsets. More users at a higher speed make
        // the partitions fill past them before the group joins.
        const QString again = run(m_binary,
                                  {"demo", "--seconds", "6", "--users", "3000", "--speed", "4", "--pg-data-dir", pgDir},
                                  &rc, 60000);
        QCOMPARE(rc, 0);
        QVERIFY2(again.contains("restored"), qPrintable(again.left(3000)));
        const auto produced2 = QRegularExpression(R"(produced:\s+([\d,]+) msgs)").match(again);
        const auto processed2 = QRegularExpression(R"(processed: ([\d,]+) msgs)").match(again);
        QVERIFY2(produced2.hasMatch() && processed2.hasMatch(), qPrintable(again.right(2000)));
        QCOMPARE(processed2.captured(1), produced2.captured(1));
    }

    void demoAgainstASeparateBrokerProcess()
    {
        // Connected mode: the cluster runs in `nexus-twin broker`, the demo reaches it only by
        // its address, as it would real brokers.
        QProcess broker;
        const QString bootstrap = testsupport::startBroker(broker, m_binary);
        QVERIFY(!bootstrap.isEmpty());

        int rc = 0;
        const QString out = run(m_binary,
                                {"demo", "--kafka-bootstrap", bootstrap, "--simulate", "--users", "200", "--speed",
                                 "2", "--seconds", "8", "--no-store"},
                                &rc, 60000);
        QCOMPARE(rc, 0);
        QVERIFY2(out.contains("(external brokers)"), qPrintable(out));
        const auto produced = QRegularExpression(R"(produced:\s+([\d,]+) msgs)").match(out);
        const auto processed = QRegularExpression(R"(processed: ([\d,]+) msgs)").match(out);
        QVERIFY2(produced.hasMatch() && processed.hasMatch(), qPrintable(out));
        QVERIFY2(produced.captured(1).remove(',').toInt() > 50, qPrintable(out));
        QCOMPARE(processed.captured(1), produced.captured(1));
        QVERIFY2(out.contains("lost:      0 msgs"), qPrintable(out));

        broker.terminate(); // SIGTERM: a clean stop
        QVERIFY(broker.waitForFinished(10000));
        QCOMPARE(broker.exitStatus(), QProcess::NormalExit);
        QCOMPARE(broker.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "tst_cli_demo.moc"
