// `nexus-twin simulate` as a user runs it: the built-in scenarios listed; a scenario written to a
// file twice gives the same bytes and a labels file; streamed into a separate broker process it
// arrives (counted with kcat); streamed into the embedded stack, every upload is processed once
// and exactly the deliberately malformed ones are rejected; bad input refused with exit 2.

#include "tests/support/CliProcess.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestCliSimulate : public QObject
{
    Q_OBJECT

    QString m_binary;
    QTemporaryDir m_dir;

    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Result run(const QString& program, const QStringList& args, int timeoutMs = 120000) const
    {
        QProcess p;
        p.start(program, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    Result simulate(const QStringList& args, int timeoutMs = 120000) const
    {
        return run(m_binary, QStringList{"simulate"} + args, timeoutMs);
    }

    static qulonglong captured(const QByteArray& text, const char* pattern)
    {
        const auto m = QRegularExpression(pattern).match(QString::fromUtf8(text));
        return m.hasMatch() ? m.captured(1).toULongLong() : ~0ULL;
    }

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary));
        QVERIFY(m_dir.isValid());
    }

    void listsTheBuiltInScenarios()
    {
        const Result r = simulate({"--list"});
        QCOMPARE(r.exitCode, 0);
        for (const char* name : {"normal-day", "marathon-week", "overtraining-block", "flu-onset", "flaky-fleet"})
            QVERIFY2(r.out.contains(name), name);
    }

    void fileOutputIsReproducible()
    {
        const QString a = m_dir.filePath("a.tsv"), b = m_dir.filePath("b.tsv"), labels = m_dir.filePath("labels.csv");
        const QStringList common{"flaky-fleet", "--users", "40", "--fast"};
        const Result first = simulate(common + QStringList{"--output", a, "--labels", labels});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QCOMPARE(simulate(common + QStringList{"--output", b}).exitCode, 0);
        const QByteArray bytes = readAll(a);
        QVERIFY(bytes.size() > 100000);
        QCOMPARE(bytes, readAll(b));

        // Every line: due_us, topic, key, payload; all five input topics appear; due times ascend.
        QSet<QByteArray> topics;
        qlonglong lastDue = 0;
        int lines = 0;
        for (const QByteArray& line : bytes.split('\n')) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> fields = line.split('\t');
            QCOMPARE(fields.size(), 4);
            QVERIFY(fields[0].toLongLong() >= lastDue);
            lastDue = fields[0].toLongLong();
            topics.insert(fields[1]);
            QVERIFY(fields[2].startsWith('u'));
            ++lines;
        }
        QCOMPARE(topics.size(), 5);
        QCOMPARE(qulonglong(lines), captured(first.out, R"(sent (\d+) messages)"));

        // The labels file: a header and one line per labelled anomaly, as the summary says.
        const QList<QByteArray> labelLines = readAll(labels).trimmed().split('\n');
        QVERIFY(labelLines.first().startsWith("user_id,kind,start_us,end_us"));
        QCOMPARE(qulonglong(labelLines.size() - 1), captured(first.out, R"((\d+) labelled anomalies)"));
        QVERIFY(labelLines.size() > 20);
    }

    void streamsIntoAnotherProcessesBroker()
    {
        QVERIFY2(!QStandardPaths::findExecutable("kcat").isEmpty(), "kcat is not installed (scripts/bootstrap)");
        QProcess broker;
        const QString bootstrap = nexus::testsupport::startBroker(broker, m_binary);
        QVERIFY(!bootstrap.isEmpty());
        const Result r = simulate({"normal-day", "--users", "6", "--fast", "--kafka-bootstrap", bootstrap});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const qulonglong uploads = captured(r.out, R"(\((\d+) health uploads)");
        QVERIFY(uploads > 500);

        // Read health-metrics back from the start with kcat, a client outside our code.
        const Result k = run("kcat", {"-b", bootstrap, "-C", "-t", "health-metrics", "-o", "beginning", "-e", "-q",
                                      "-f", "%k\\n"});
        QCOMPARE(k.exitCode, 0);
        QCOMPARE(qulonglong(k.out.count('\n')), uploads);
        broker.terminate();
        broker.waitForFinished(10000);
    }

    void embeddedStackProcessesEveryUploadOnce()
    {
        const Result r = simulate({"flaky-fleet", "--users", "25", "--fast", "--no-store"}, 180000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const qulonglong sent = captured(r.out, R"(\((\d+) health uploads)");
        const qulonglong malformed = captured(r.out, R"((\d+) malformed on purpose)");
        const qulonglong processed = captured(r.out, R"(processed: (\d+) health uploads)");
        const qulonglong rejected = captured(r.out, R"((\d+) malformed \()");
        const qulonglong deadLetters = captured(r.out, R"(\((\d+) to dead-letters\))");
        QVERIFY2(sent > 1000 && malformed > 0, r.out.constData());
        // Duplicated and late uploads are delivered and decoded; only the corrupted ones are rejected.
        QCOMPARE(processed, sent - malformed);
        QCOMPARE(rejected, malformed);
        QCOMPARE(deadLetters, malformed);
        QVERIFY(captured(r.out, R"((\d+) alerts opened)") > 0); // flaky-fleet: sensor problems
        QCOMPARE(captured(r.out, R"((\d+) lost)"), 0ULL);
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown scenario") << QStringList{"no-such-scenario"} << "normal-day";
        QTest::newRow("two scenarios") << QStringList{"normal-day", "flu-onset"} << "one scenario";
        QTest::newRow("days zero") << QStringList{"--days", "0"} << "--days";
        QTest::newRow("bad stamp") << QStringList{"--stamp", "later"} << "--stamp";
        QTest::newRow("missing file") << QStringList{"/nonexistent/s.json"} << "/nonexistent/s.json";
    }

    void refusesBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Result r = simulate(args + QStringList{"--output", m_dir.filePath("bad.tsv")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
    }

    void refusesABadScenarioFileNamingTheField()
    {
        const QString path = m_dir.filePath("typo.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"users\": 10, \"phases\": [{\"load_multplier\": 2}]}");
        f.close();
        const Result r = simulate({path, "--output", m_dir.filePath("typo.tsv")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("phases[0].load_multplier"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliSimulate)
#include "tst_cli_simulate.moc"
