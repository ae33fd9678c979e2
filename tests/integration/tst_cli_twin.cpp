// `nexus-twin twin` run as a user runs it (a separate process, stdout and stderr apart): the example in JSON and
// CSV, PMC constants, TRIMP/sRPE by hand, determinism, input and option errors, refused fits, --output, --settings.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

/// The per-day fields in the documented order (the first 19 columns of the CSV), then the documented extras.
const QStringList kDayFields = QStringLiteral("date,load,trimp,ctl,atl,tsb,acwr_ewma,acwr_rolling_coupled,"
                                              "acwr_rolling_uncoupled,rmssd,ln_rmssd,hrv_baseline,hrv_low,hrv_high,"
                                              "rhr,sleep_efficiency,readiness,recovery,energy")
                                   .split(u',');
const QStringList kExtraDayFields =
    QStringLiteral("edwards_trimp,ramp_rate,rhr_baseline,sleep_hours,sleep_regularity_min").split(u',');
const QStringList kScores = kDayFields.mid(16); // readiness, recovery, energy

// Male, HRrest 60, HRmax 180: x = (HR − 60)/120.
const QByteArray kProfile = R"("profile": {"sex": "male", "age": 30, "hr_rest": 60, "hr_max": 180})";

} // namespace

class TestCliTwin : public QObject
{
    Q_OBJECT

    QString m_binary;
    QString m_example;
    QTemporaryDir m_dir; // every input file of the tests, and the working directory of the runs

    static QByteArray withProfile(const QByteArray& rest) { return "{" + kProfile + ", " + rest + "}"; }
    static double round4(double v) { return std::round(v * 1e4) / 1e4; } // the output's rounding

    Result run(const QStringList& args) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.setWorkingDirectory(m_dir.path());
        p.start(m_binary, QStringList{"twin"} + args);
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                QString::fromUtf8(p.readAllStandardError())};
    }

    /// Runs the command expecting success, quiet stderr and a JSON object on stdout; empty (and a warning) if not.
    QJsonObject runJson(const QStringList& args) const
    {
        const Result r = run(args);
        QJsonParseError e{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &e);
        if (r.exitCode == 0 && r.err.isEmpty() && e.error == QJsonParseError::NoError && doc.isObject())
            return doc.object();
        qWarning("exit code %d, stderr '%s', JSON: %s", r.exitCode, qPrintable(r.err), qPrintable(e.errorString()));
        return {};
    }

    void write(const QString& name, const QByteArray& content) const
    {
        QFile f(m_dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(content), content.size());
    }

private slots:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/app/nexus-twin";
        m_example = qEnvironmentVariable("NEXUS_SOURCE_DIR") + "/resources/twin/example-user.json";
        QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary));
        QVERIFY2(QFileInfo::exists(m_example), qPrintable(m_example));
        QVERIFY(m_dir.isValid());
        // One load of 100 on the only day: CTL/ATL after one step are 100·k.
        write("tiny.json", withProfile(R"("daily_load": [{"date": "2026-03-01", "load": 100}])"));
        write("linear-settings.json", R"({"pmc_constant": "linear"})");
        write("base60-settings.json", R"({"weights": {"recovery_base": 60}})");
        write("typo-settings.json", R"({"weights": {}, "recovery_base": 60})"); // a weight outside "weights"
    }

    void exampleAsJson()
    {
        const QJsonObject report = runJson({"--input", m_example});
        QVERIFY(!report.isEmpty());

        const QJsonArray days = report.value("days").toArray();
        QCOMPARE(days.size(), 70);
        const QDate first(2026, 8, 3);
        QSet<QString> documented(kDayFields.begin(), kDayFields.end());
        documented.unite(QSet<QString>(kExtraDayFields.begin(), kExtraDayFields.end()));
        for (qsizetype i = 0; i < days.size(); ++i) {
            const QJsonObject day = days.at(i).toObject();
            const QString date = day.value("date").toString();
            QCOMPARE(date, first.addDays(i).toString(Qt::ISODate));
            const QStringList keys = day.keys();
            QCOMPARE(QSet<QString>(keys.begin(), keys.end()), documented);
            for (const QString& field : kDayFields.mid(1, 15) + kExtraDayFields) // numbers, or null until known
                QVERIFY2(day.value(field).isDouble() || day.value(field).isNull(), qPrintable(date + " " + field));
            for (const QString& score : kScores) {
                const QString where = date + " " + score;
                const QJsonObject s = day.value(score).toObject();
                const double value = s.value("value").toDouble(-1.0); // -1 when not a number
                QVERIFY2(value >= 0.0 && value <= 100.0, qPrintable(where));
                const QJsonObject contributions = s.value("contributions").toObject();
                QVERIFY2(!contributions.isEmpty(), qPrintable(where));
                double sum = 0.0;
                for (const QJsonValue& points : contributions) {
                    QVERIFY2(points.isDouble(), qPrintable(where));
                    sum += points.toDouble();
                }
                // The score is the sum of its contributions, clamped to 0–100.
                QVERIFY2(std::abs(value - std::clamp(sum, 0.0, 100.0)) <= 0.01,
                         qPrintable(where + QString(": %1 != sum %2").arg(value).arg(sum)));
            }
            const QJsonValue acwr = day.value("acwr_ewma");
            QVERIFY2(i < 28 ? acwr.isNull() : acwr.isDouble(), qPrintable(date + " acwr_ewma"));
        }
        QCOMPARE(days.last().toObject().value("date").toString(), QString("2026-10-11")); // 70 days on

        const QJsonObject fit = report.value("fit").toObject();
        QCOMPARE(fit.value("status").toString(), QString("fitted"));
        QCOMPARE(fit.value("markers").toInt(), 10);
        QVERIFY(fit.value("rmse").isDouble() && std::isfinite(fit.value("rmse").toDouble()));

        QFile exampleFile(m_example);
        QVERIFY(exampleFile.open(QIODevice::ReadOnly));
        QMap<QString, double> plan;
        for (const QJsonValue& e : QJsonDocument::fromJson(exampleFile.readAll()).object().value("plan").toArray())
            plan.insert(e.toObject().value("date").toString(), e.toObject().value("load").toDouble());
        QCOMPARE(plan.size(), 14);
        const QJsonArray forecast = report.value("forecast").toArray();
        QCOMPARE(forecast.size(), 14);
        for (qsizetype j = 0; j < forecast.size(); ++j) {
            const QJsonObject f = forecast.at(j).toObject();
            const QString date = QDate(2026, 10, 12).addDays(j).toString(Qt::ISODate);
            QCOMPARE(f.value("date").toString(), date);
            QVERIFY2(f.value("planned_load").isDouble(), qPrintable(date));
            QCOMPARE(f.value("planned_load").toDouble(), plan.value(date, -1.0));
        }
    }

    void exampleAsCsvMatchesJson()
    {
        const QJsonObject report = runJson({"--input", m_example});
        QVERIFY(!report.isEmpty());
        const Result r = run({"--input", m_example, "--format", "csv"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QStringList lines = QString::fromUtf8(r.out).split('\n');

        // Table 1: the header, then one row per day with the same values as the JSON.
        const QStringList header = lines.value(0).split(',');
        QCOMPARE(header.mid(0, kDayFields.size()), kDayFields);
        QCOMPARE(header.mid(kDayFields.size()), kExtraDayFields);
        const qsizetype blank = lines.indexOf(QString());
        QCOMPARE(blank, 71);
        const QJsonArray days = report.value("days").toArray();
        QCOMPARE(days.size(), 70);
        for (int i = 0; i < 70; ++i) {
            const QStringList row = lines.at(i + 1).split(',');
            QCOMPARE(row.size(), header.size());
            const QJsonObject day = days.at(i).toObject();
            QCOMPARE(row.at(0), day.value("date").toString());
            for (qsizetype c = 1; c < header.size(); ++c) {
                QJsonValue v = day.value(header.at(c));
                if (v.isObject())
                    v = v.toObject().value("value");
                const QString where = row.at(0) + " " + header.at(c) + " = '" + row.at(c) + "'";
                bool ok = false;
                const double cell = row.at(c).toDouble(&ok);
                QVERIFY2(v.isNull() ? row.at(c).isEmpty() : ok && cell == v.toDouble(), qPrintable(where));
            }
        }
        const int ctl = int(header.indexOf("ctl"));
        const double lastCtl = lines.at(70).split(',').at(ctl).toDouble();
        QCOMPARE(lastCtl, days.last().toObject().value("ctl").toDouble());
        QVERIFY(lastCtl > 0.0);

        // Table 2: the fit as key,value rows.
        QCOMPARE(lines.value(blank + 1), QString("fit,value"));
        const qsizetype forecastBlank = lines.indexOf(QString(), blank + 1);
        const QStringList fitRows = lines.mid(blank + 2, forecastBlank - blank - 2);
        QVERIFY2(fitRows.contains("status,fitted"), qPrintable(fitRows.join(" | ")));
        QVERIFY2(fitRows.contains("markers,10"), qPrintable(fitRows.join(" | ")));

        // Table 3: the forecast, 14 days, then only the final newline.
        QVERIFY2(lines.value(forecastBlank + 1).startsWith("date,planned_load,"),
                 qPrintable(lines.value(forecastBlank + 1)));
        QCOMPARE(lines.size(), forecastBlank + 2 + 14 + 1);
        QVERIFY(lines.value(forecastBlank + 2).startsWith("2026-10-12,0,"));
        QVERIFY(lines.value(forecastBlank + 15).startsWith("2026-10-25,30,"));
        QCOMPARE(lines.last(), QString());
    }

    void pmcConstant_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("constant");
        QTest::addColumn<double>("ctl");
        QTest::addColumn<double>("atl");
        // k = 1 − e^(−1/N) (exponential) or 1/N (linear), N = 42 and 7; one load of 100 from 0.
        const double expCtl = 100.0 * (1.0 - std::exp(-1.0 / 42.0)), expAtl = 100.0 * (1.0 - std::exp(-1.0 / 7.0));
        QTest::newRow("default") << QStringList{} << "exponential" << expCtl << expAtl;
        QTest::newRow("exponential") << QStringList{"--pmc-constant", "exponential"} << "exponential" << expCtl
                                     << expAtl;
        QTest::newRow("linear") << QStringList{"--pmc-constant", "linear"} << "linear" << 100.0 / 42.0 << 100.0 / 7.0;
        QTest::newRow("linear from settings")
            << QStringList{"--settings", "linear-settings.json"} << "linear" << 100.0 / 42.0 << 100.0 / 7.0;
        QTest::newRow("option overrides settings")
            << QStringList{"--settings", "linear-settings.json", "--pmc-constant", "exponential"} << "exponential"
            << expCtl << expAtl;
    }

    void pmcConstant()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, constant);
        QFETCH(double, ctl);
        QFETCH(double, atl);
        const QJsonObject report = runJson(QStringList{"--input", "tiny.json"} + options);
        QVERIFY(!report.isEmpty());
        QCOMPARE(report.value("pmc_constant").toString(), constant);
        const QJsonObject day = report.value("days").toArray().at(0).toObject();
        QCOMPARE(day.value("ctl").toDouble(), round4(ctl));
        QCOMPARE(day.value("atl").toDouble(), round4(atl));
        QCOMPARE(round4(ctl), constant == "linear" ? 2.3810 : 2.3528); // the hand-computed values
    }

    void trimpAndSessionRpeByHand()
    {
        // 10 min at 120 bpm then 10 min at 150 bpm (the sample at 1200 s ends the workout), and 60 min at RPE 7.
        QByteArray samples;
        for (int minute = 0; minute <= 20; ++minute)
            samples +=
                (minute ? ", [" : "[") + QByteArray::number(minute * 60) + ", " + (minute < 10 ? "120" : "150") + "]";
        write("hand.json", withProfile(R"("workouts": [{"start": "2026-03-02T07:00:00Z", "hr_samples": [)" + samples +
                                       R"(]}, {"start": "2026-03-04T07:00:00+01:00", "minutes": 60, "rpe": 7}])"));
        const QJsonObject report = runJson({"--input", "hand.json"});
        QVERIFY(!report.isEmpty());

        // x = (HR − 60)/(180 − 60): 0.5 and 0.75; b = 1.92 for men.
        const double trimp = 10 * 0.5 * 0.64 * std::exp(0.96) + 10 * 0.75 * 0.64 * std::exp(1.44);
        QCOMPARE(round4(trimp), 28.6168);
        const QJsonArray days = report.value("days").toArray();
        QCOMPARE(days.size(), 3);
        const QJsonObject hrDay = days.at(0).toObject(), rpeDay = days.at(2).toObject();
        QCOMPARE(hrDay.value("date").toString(), QString("2026-03-02"));
        QCOMPARE(hrDay.value("trimp").toDouble(), round4(trimp));
        QCOMPARE(hrDay.value("load").toDouble(), round4(trimp));
        QCOMPARE(rpeDay.value("date").toString(), QString("2026-03-04"));
        QCOMPARE(rpeDay.value("load").toDouble(), 420.0);
        QCOMPARE(rpeDay.value("trimp").toDouble(), 0.0);

        const QJsonArray workouts = report.value("workouts").toArray();
        QCOMPARE(workouts.size(), 2);
        // Edwards: 66.7 % HRmax is zone 2, 83.3 % zone 4: 10·2 + 10·4.
        QCOMPARE(workouts.at(0).toObject().value("edwards_trimp").toDouble(), 60.0);
        QCOMPARE(workouts.at(1).toObject().value("srpe").toDouble(), 420.0);
        QVERIFY(workouts.at(1).toObject().value("edwards_trimp").isNull());
    }

    void deterministic()
    {
        for (const QString& format : {QString("json"), QString("csv")}) {
            const Result a = run({"--input", m_example, "--format", format});
            const Result b = run({"--input", m_example, "--format", format});
            QCOMPARE(a.exitCode, 0);
            QCOMPARE(b.exitCode, 0);
            QVERIFY(a.out.size() > 10000);
            QVERIFY2(a.out == b.out, qPrintable(format));
        }
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message"); // the field, then the problem
        const QByteArray hr = R"("workouts": [{"start": "2026-03-01T07:00:00Z", "hr_samples": )";
        const QByteArray twoDays =
            R"("daily_load": [{"date": "2026-03-01", "load": 1}, {"date": "2026-03-02", "load": 1}])";
        QTest::newRow("missing profile") << QByteArray(R"({"daily_load": [{"date": "2026-03-01", "load": 10}]})")
                                         << "profile: missing";
        QTest::newRow("unknown sex") << QByteArray(R"({"profile": {"sex": "x", "age": 30, "hr_rest": 60}})")
                                     << R"(profile.sex: unknown sex "x")";
        QTest::newRow("negative minutes")
            << withProfile(R"("workouts": [{"start": "2026-03-01T07:00:00Z", "minutes": -5, "rpe": 5}])")
            << "workouts[0].minutes: negative duration -5";
        QTest::newRow("unsorted hr_samples") << withProfile(hr + "[[0, 120], [120, 130], [60, 140]]}]")
                                             << "workouts[0].hr_samples[2]: times must be in increasing order";
        QTest::newRow("duplicate hr_samples") << withProfile(hr + "[[0, 120], [60, 130], [60, 140]]}]")
                                              << "workouts[0].hr_samples[2]: duplicate time 60 s";
        QTest::newRow("HR 300") << withProfile(hr + "[[0, 120], [60, 300], [120, 140]]}]")
                                << "workouts[0].hr_samples[1]: heart rate 300 bpm is outside 20";
        QTest::newRow("RR 3000")
            << withProfile(
                   R"("nights": [{"date": "2026-03-01", "rr_ms": [900, 3000], "in_bed_min": 480, "asleep_min": 420}])")
            << "nights[0].rr_ms[1]: RR interval 3000 ms is outside 250";
        QTest::newRow("unsorted dates")
            << withProfile(R"("daily_load": [{"date": "2026-03-02", "load": 1}, {"date": "2026-03-01", "load": 1}])")
            << "daily_load[1].date: dates must be in increasing order: 2026-03-01 after 2026-03-02";
        QTest::newRow("duplicate dates")
            << withProfile(R"("daily_load": [{"date": "2026-03-01", "load": 1}, {"date": "2026-03-01", "load": 2}])")
            << "daily_load[1].date: duplicate date 2026-03-01";
        QTest::newRow("not JSON") << QByteArray(R"({"profile": )") << "not valid JSON";
        QTest::newRow("unknown top-level key")
            << withProfile(R"("daily_load": [], "workout": [])") << "workout: unknown key";
        QTest::newRow("plan inside the history")
            << withProfile(twoDays + R"(, "plan": [{"date": "2026-03-02", "load": 5}])")
            << "plan[0].date: the plan must start after the history's last day";
        QTest::newRow("plan beyond the forecast")
            << withProfile(twoDays + R"(, "plan": [{"date": "2026-03-17", "load": 5}])")
            << "plan[0].date: beyond the 14-day forecast";
    }

    void badInput()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, message);
        write("bad.json", input);
        const Result r = run({"--input", "bad.json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.left(200).constData());
        QVERIFY2(r.err.contains(message), qPrintable("expected '" + message + "' in: " + r.err));
        QVERIFY2(r.err.contains("bad.json"), qPrintable(r.err));
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing input file") << QStringList{"--input", "no-such-file.json"} << 1 << "no-such-file.json";
        QTest::newRow("--format xml") << QStringList{"--input", "tiny.json", "--format", "xml"} << 2 << "--format";
        QTest::newRow("no --input") << QStringList{"--format", "csv"} << 2 << "--input is required";
        QTest::newRow("--pmc-constant foo")
            << QStringList{"--input", "tiny.json", "--pmc-constant", "foo"} << 2 << "--pmc-constant";
        QTest::newRow("settings with an unknown key")
            << QStringList{"--input", "tiny.json", "--settings", "typo-settings.json"} << 2
            << "recovery_base: unknown key";
        QTest::newRow("missing settings file")
            << QStringList{"--input", "tiny.json", "--settings", "no-such-settings.json"} << 1
            << "no-such-settings.json";
        QTest::newRow("unwritable --output")
            << QStringList{"--input", "tiny.json", "--output", "no-such-dir/out.json"} << 1 << "no-such-dir/out.json";
    }

    void badOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Result r = run(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.out.isEmpty(), r.out.left(200).constData());
        QVERIFY2(r.err.contains(message), qPrintable("expected '" + message + "' in: " + r.err));
    }

    void fewerThanThreeMarkersRefuseTheFit()
    {
        write("two-markers.json",
              withProfile(R"("daily_load": [{"date": "2026-03-01", "load": 50}, {"date": "2026-03-02", "load": 60},
                                            {"date": "2026-03-03", "load": 70}],
                             "markers": [{"date": "2026-03-01", "performance": 10},
                                         {"date": "2026-03-03", "performance": 11}])"));
        const QJsonObject report = runJson({"--input", "two-markers.json"});
        QVERIFY(!report.isEmpty());
        const QJsonObject fit = report.value("fit").toObject();
        QCOMPARE(fit.value("status").toString(), QString("refused"));
        const QString reason = fit.value("reason").toString();
        QVERIFY2(reason.contains("marker") && reason.contains(QRegularExpression("\\b2\\b")), qPrintable(reason));
        QVERIFY(fit.value("p0").isNull());
        const QJsonArray forecast = report.value("forecast").toArray();
        QCOMPARE(forecast.size(), 14);
        QCOMPARE(forecast.at(0).toObject().value("date").toString(), QString("2026-03-04"));
        for (const QJsonValue& v : forecast) {
            const QJsonObject f = v.toObject();
            const QString date = f.value("date").toString();
            for (const char* key : {"fitness", "fatigue", "performance"})
                QVERIFY2(f.value(key).isNull(), qPrintable(date + " " + key));
            QVERIFY2(f.value("ctl").isDouble() && f.value("ctl").toDouble() > 0.0, qPrintable(date));
        }
    }

    void outputFile()
    {
        const Result toStdout = run({"--input", m_example, "--format", "csv"});
        QCOMPARE(toStdout.exitCode, 0);
        const Result toFile = run({"--input", m_example, "--format", "csv", "--output", "out.csv"});
        QCOMPARE(toFile.exitCode, 0);
        QVERIFY2(toFile.out.isEmpty(), toFile.out.left(200).constData());
        QVERIFY2(toFile.err.isEmpty(), qPrintable(toFile.err));
        QFile file(m_dir.filePath("out.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), toStdout.out);
    }

    void settingsChangeAWeight()
    {
        const QJsonObject defaults = runJson({"--input", m_example});
        const QJsonObject changed = runJson({"--input", m_example, "--settings", "base60-settings.json"});
        QVERIFY(!defaults.isEmpty() && !changed.isEmpty());
        const QJsonObject before = defaults.value("days").toArray().at(0).toObject().value("recovery").toObject();
        const QJsonObject after = changed.value("days").toArray().at(0).toObject().value("recovery").toObject();
        QCOMPARE(before.value("contributions").toObject().value("base").toDouble(), 70.0);
        QCOMPARE(after.value("contributions").toObject().value("base").toDouble(), 60.0);
        const double expected = before.value("value").toDouble() - 10.0; // 59.67 on the first day: no clamping
        QCOMPARE(after.value("value").toDouble(), round4(expected));
    }
};

QTEST_GUILESS_MAIN(TestCliTwin)
#include "tst_cli_twin.moc"
