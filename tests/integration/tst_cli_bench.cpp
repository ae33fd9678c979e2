// `nexus-twin bench` as a user runs it: a short open-loop run through the embedded cluster with
// the processor (JSON report: rate held, latency percentiles present and ordered), the
// generate-only measurement, and bad options refused with exit 2 naming the option.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

class TestCliBench : public QObject
{
    Q_OBJECT

    QString m_binary;

    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Result run(const QStringList& args, int timeoutMs = 60000) const
    {
        QProcess p;
        p.start(m_binary, QStringList{"bench"} + args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    static QJsonObject parseJson(const Result& r)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), r.out.constData());
        return doc.object();
    }

private slots:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary));
    }

    void helpNamesTheOptions()
    {
        const Result r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char* option : {"--rate", "--ramp", "--duration", "--step", "--spike", "--users", "--json",
                                   "--generate-only", "--store", "--activity", "--kafka-bootstrap"})
            QVERIFY2(r.out.contains(option), option);
        QVERIFY2(r.out.contains("without the activity processor"), r.out.constData()); // it measures the health path
    }

    void openLoopRunThroughTheEmbeddedCluster()
    {
        // Every user spikes once per 15 min of event time; 500 users at 2,000 uploads/s of 5 s
        // each run 20 event seconds per second, so some 90 spikes (and alerts) in 8 s.
        const Result r = run({"--rate", "2000", "--duration", "8s", "--json", "--users", "500", "--alert-users", "1"},
                             90000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject report = parseJson(r);
        QVERIFY(!report.isEmpty());

        const double requested = report["requested"].toObject()["events_per_s"].toDouble();
        const double achieved = report["achieved"].toObject()["events_per_s"].toDouble();
        QVERIFY2(std::abs(requested - 2000) < 1, qPrintable(QString::number(requested)));
        QVERIFY2(std::abs(achieved - requested) <= 0.05 * requested, qPrintable(QString::number(achieved)));
        QCOMPARE(report["errors"].toDouble(), 0.0);

        for (const char* which : {"update_received", "applied", "alert_received"}) {
            const QJsonObject latency = report["latency_ms"].toObject()[which].toObject();
            QVERIFY2(latency["samples"].toDouble() > 0, which);
            const double p50 = latency["p50"].toDouble(), p99 = latency["p99"].toDouble();
            const double max = latency["max"].toDouble();
            QVERIFY2(latency.contains("p90") && latency.contains("p999"), which);
            QVERIFY2(p50 > 0 && p50 <= p99 && p99 <= max, qPrintable(QStringLiteral("%1: p50 %2 p99 %3 max %4")
                                                                         .arg(which).arg(p50).arg(p99).arg(max)));
        }
        // Everything sent reached the processor, and the progress line went to stderr.
        const QJsonObject processed = report["processed"].toObject();
        QVERIFY(processed["events"].toDouble() + processed["lost"].toDouble() + processed["malformed"].toDouble() >=
                report["achieved"].toObject()["events"].toDouble());
        const QJsonObject alerts = report["alerts"].toObject();
        QVERIFY2(alerts["spiked_events"].toDouble() > 20, qPrintable(QString::number(alerts["spiked_events"].toDouble())));
        QVERIFY(alerts["messages_received"].toDouble() >= report["latency_ms"].toObject()["alert_received"].toObject()["samples"].toDouble());
        QVERIFY(!report["timeline"].toArray().isEmpty());
        QVERIFY2(r.err.contains("requested 2,000 ev/s"), r.err.constData());
    }

    void generateOnlyReportsSamplesPerSecond()
    {
        const Result r = run({"--generate-only", "--duration", "2s", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject report = parseJson(r);
        QCOMPARE(report["mode"].toString(), QStringLiteral("generate-only"));
        QVERIFY2(report["samples_per_s"].toDouble() > 0, r.out.constData());
        QVERIFY(report["bytes"].toDouble() > 0);
    }

    void badOptionsExitTwoNamingTheOption_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("negative rate") << QStringList{"--rate", "-5"} << "--rate";
        QTest::newRow("ramp not a duration") << QStringList{"--ramp", "x"} << "--ramp";
        QTest::newRow("bad step") << QStringList{"--step", "fast"} << "--step";
        QTest::newRow("bad spike") << QStringList{"--spike", "9000@1s"} << "--spike";
        QTest::newRow("bad samples per event") << QStringList{"--samples-per-event", "0"} << "--samples-per-event";
        QTest::newRow("alert share above 1") << QStringList{"--alert-users", "1.5"} << "--alert-users";
        QTest::newRow("store contradiction") << QStringList{"--store", "--no-store"} << "--store";
    }
    void badOptionsExitTwoNamingTheOption()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(named), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "tst_cli_bench.moc"
