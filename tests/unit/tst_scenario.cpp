// Scenario files: the built-ins load, left-out keys take their documented defaults, every key
// lands in its field, and each kind of mistake gives an error that names the field.

#include "simulator/scenario/Scenario.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace nexus;
using namespace nexus::scenario;

namespace {

std::optional<Scenario> parse(const QByteArray& json, QString& error)
{
    return parseScenario(json, "test", error);
}

} // namespace

class TestScenario : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString& fileName, const QByteArray& text)
    {
        const QString path = m_dir.filePath(fileName);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void builtInNamesAreSorted()
    {
        const std::vector<std::string> expected{"anomaly-mix", "flaky-fleet", "flu-onset", "marathon-week", "normal-day",
                                                "overtraining-block"};
        QCOMPARE(builtInScenarioNames(), expected);
    }

    void everyBuiltInLoads_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string& name : builtInScenarioNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void everyBuiltInLoads()
    {
        QFETCH(QString, name);
        QString error = QStringLiteral("stale");
        const auto s = loadScenario(name, error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(QString::fromStdString(s->name), name);
        QVERIFY(!s->description.empty());
        QCOMPARE(QString::fromStdString(calendar::isoDate(s->startDay)), QStringLiteral("2026-11-02"));
        for (const Phase& p : s->phases) {
            QVERIFY(p.fromDay >= 0 && p.fromDay < p.toDay && p.toDay <= s->days);
            QVERIFY(!p.name.empty());
        }
    }

    void builtInsSayWhatTheirNamesPromise()
    {
        QString error;
        const auto normal = loadScenario("normal-day", error);
        QVERIFY2(normal, qPrintable(error));
        QCOMPARE(normal->users, 200);
        QCOMPARE(normal->days, 1);
        QCOMPARE(normal->anomalies.size(), size_t(4));
        for (const anomaly::Spec& a : normal->anomalies)
            QVERIFY(a.kind <= anomaly::Kind::Spo2Drop && a.perUserDay > 0);

        const auto marathon = loadScenario("marathon-week", error);
        QVERIFY2(marathon, qPrintable(error));
        QCOMPARE(marathon->days, 7);
        QCOMPARE(marathon->speed, 10080.0);
        QCOMPARE(marathon->phases.size(), size_t(1));
        QCOMPARE(marathon->phases[0].loadMultiplier, 1.6);
        QCOMPARE(marathon->phases[0].userShare, 0.6);

        const auto overtraining = loadScenario("overtraining-block", error);
        QVERIFY2(overtraining, qPrintable(error));
        QCOMPARE(overtraining->days, 21);
        QCOMPARE(overtraining->phases.at(0).loadMultiplier, 2.5);
        QCOMPARE(overtraining->phases.at(0).bedtimeShiftMin, 60);
        QCOMPARE(overtraining->phases.at(0).toDay, 14);

        const auto flu = loadScenario("flu-onset", error);
        QVERIFY2(flu, qPrintable(error));
        QCOMPARE(flu->phases.at(0).illness, 1.0);
        QCOMPARE(flu->phases.at(0).fromDay, 4);
        QCOMPARE(flu->phases.at(0).toDay, 8);

        const auto flaky = loadScenario("flaky-fleet", error);
        QVERIFY2(flaky, qPrintable(error));
        QCOMPARE(flaky->anomalies.size(), size_t(6));
        for (const anomaly::Spec& a : flaky->anomalies)
            QVERIFY(a.kind >= anomaly::Kind::SensorDropout && a.perUserDay >= 0.2 && a.perUserDay <= 0.5);
    }

    void emptyObjectGivesTheDefaults()
    {
        QString error;
        const auto s = parse("{}", error);
        QVERIFY2(s, qPrintable(error));
        const Scenario d;
        QCOMPARE(s->name, std::string("test"));
        QCOMPARE(s->description, std::string());
        QCOMPARE(s->seed, d.seed);
        QCOMPARE(s->users, 100);
        QCOMPARE(s->days, 1);
        QCOMPARE(s->speed, 60.0);
        QCOMPARE(s->uploadIntervalS, 900);
        QCOMPARE(s->startDay, kDefaultStartDay);
        QCOMPARE(QString::fromStdString(calendar::isoDate(kDefaultStartDay)), QStringLiteral("2026-11-02"));
        QCOMPARE(s->cadence.restIntervalS, 60);
        QCOMPARE(s->cadence.sleepIntervalS, 60);
        QCOMPARE(s->appEvents.socialPerUserDay, d.appEvents.socialPerUserDay);
        QVERIFY(s->phases.empty());
        QVERIFY(s->anomalies.empty());
    }

    void phaseAndAnomalyDefaults()
    {
        QString error;
        const auto s =
            parse(R"({"days": 5, "phases": [{}], "anomalies": [{"kind": "flatline", "per_user_day": 0}]})", error);
        QVERIFY2(s, qPrintable(error));
        const Phase& p = s->phases.at(0);
        QCOMPARE(p.name, std::string("phase-0"));
        QCOMPARE(p.fromDay, 0);
        QCOMPARE(p.toDay, 5); // to the end of the scenario
        QCOMPARE(p.userShare, 1.0);
        QCOMPARE(p.loadMultiplier, 1.0);
        QCOMPARE(p.bedtimeShiftMin, 0);
        QCOMPARE(p.illness, 0.0);
        const anomaly::Spec& a = s->anomalies.at(0);
        QCOMPARE(a.kind, anomaly::Kind::Flatline);
        QCOMPARE(a.perUserDay, 0.0);
        QCOMPARE(a.minDurationS, 600);
        QCOMPARE(a.maxDurationS, 1800);
        QCOMPARE(a.userShare, 1.0);
    }

    void everyKeyLandsInItsField()
    {
        const QByteArray json = R"({
            "description": "all keys", "seed": 9007199254740992, "users": 1000000, "start_date": "2024-02-29",
            "days": 3650, "speed": 0, "upload_interval_s": 10,
            "cadence": {"rest_interval_s": 30, "sleep_interval_s": 120},
            "app_events": {"social_per_user_day": 1.5, "ai_questions_per_user_day": 2.5,
                           "profile_changes_per_user_day": 0.5, "goal_changes_per_user_day": 0.25},
            "phases": [{"name": "p", "from_day": 3, "to_day": 9, "user_share": 0.25, "load_multiplier": 5,
                        "bedtime_shift_min": -45, "illness": 0.5}],
            "anomalies": [{"kind": "late_events", "per_user_day": 3.5, "min_duration_s": 1,
                           "max_duration_s": 86400, "user_share": 0.75}]
        })";
        QString error;
        const auto s = parse(json, error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->description, std::string("all keys"));
        QCOMPARE(s->seed, std::uint64_t(1) << 53);
        QCOMPARE(s->users, 1000000);
        QCOMPARE(s->startDay, calendar::daysFromCivil(2024, 2, 29));
        QCOMPARE(s->days, 3650);
        QCOMPARE(s->speed, 0.0);
        QCOMPARE(s->uploadIntervalS, 10);
        QCOMPARE(s->cadence.restIntervalS, 30);
        QCOMPARE(s->cadence.sleepIntervalS, 120);
        QCOMPARE(s->appEvents.socialPerUserDay, 1.5);
        QCOMPARE(s->appEvents.aiQuestionsPerUserDay, 2.5);
        QCOMPARE(s->appEvents.profileChangesPerUserDay, 0.5);
        QCOMPARE(s->appEvents.goalChangesPerUserDay, 0.25);
        const Phase& p = s->phases.at(0);
        QCOMPARE(p.name, std::string("p"));
        QCOMPARE(p.fromDay, 3);
        QCOMPARE(p.toDay, 9);
        QCOMPARE(p.userShare, 0.25);
        QCOMPARE(p.loadMultiplier, 5.0);
        QCOMPARE(p.bedtimeShiftMin, -45);
        QCOMPARE(p.illness, 0.5);
        const anomaly::Spec& a = s->anomalies.at(0);
        QCOMPARE(a.kind, anomaly::Kind::LateEvents);
        QCOMPARE(a.perUserDay, 3.5);
        QCOMPARE(a.minDurationS, 1);
        QCOMPARE(a.maxDurationS, 86400);
        QCOMPARE(a.userShare, 0.75);
    }

    void everyAnomalyKindIsAcceptedByName()
    {
        for (int k = 0; k < anomaly::kKindCount; ++k) {
            const auto kind = static_cast<anomaly::Kind>(k);
            // Plain literals: moc 6.4 loses the class after a raw string that ends in a quote.
            const QByteArray json =
                QByteArray("{\"anomalies\": [{\"kind\": \"") + anomaly::kindName(kind) + "\", \"per_user_day\": 1}]}";
            QString error;
            const auto s = parse(json, error);
            QVERIFY2(s, qPrintable(error));
            QCOMPARE(s->anomalies.at(0).kind, kind);
        }
    }

    void badInputNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // the start of the error: field path and problem

        QTest::newRow("not JSON") << QByteArray("{\"users\": 10,}") << "not valid JSON: ";
        QTest::newRow("empty input") << QByteArray("") << "not valid JSON: ";
        QTest::newRow("array, not object") << QByteArray("[1, 2]") << "expected a JSON object at the top level";
        QTest::newRow("unknown top key") << QByteArray(R"({"user": 10})") << "user: unknown key (known: description";
        QTest::newRow("unknown phase key") << QByteArray(R"({"days": 3, "phases": [{"load_multplier": 2}]})")
                                           << "phases[0].load_multplier: unknown key (known: name, from_day, to_day";
        QTest::newRow("unknown cadence key")
            << QByteArray(R"({"cadence": {"rest_s": 5}})") << "cadence.rest_s: unknown key";
        QTest::newRow("unknown app_events key")
            << QByteArray(R"({"app_events": {"social": 1}})") << "app_events.social: unknown key";
        QTest::newRow("unknown anomaly key")
            << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": 1, "duration": 5}]})")
            << "anomalies[0].duration: unknown key";
        QTest::newRow("users as string") << QByteArray(R"({"users": "100"})")
                                         << "users: expected a whole number, got the string \"100\"";
        QTest::newRow("users fractional")
            << QByteArray(R"({"users": 1.5})") << "users: expected a whole number, got the number 1.5";
        QTest::newRow("users zero") << QByteArray(R"({"users": 0})") << "users: must be in [1, 1000000], got 0";
        QTest::newRow("users too many") << QByteArray(R"({"users": 1000001})") << "users: must be in [1, 1000000]";
        QTest::newRow("days zero") << QByteArray(R"({"days": 0})") << "days: must be in [1, 3650], got 0";
        QTest::newRow("days too many") << QByteArray(R"({"days": 3651})") << "days: must be in [1, 3650]";
        QTest::newRow("negative seed") << QByteArray(R"({"seed": -1})") << "seed: must be in [0, ";
        QTest::newRow("negative speed") << QByteArray(R"({"speed": -1})") << "speed: must be ≥ 0, got -1";
        QTest::newRow("speed as string") << QByteArray(R"({"speed": "1 week per minute"})")
                                         << "speed: expected a number, got the string";
        QTest::newRow("upload too often")
            << QByteArray(R"({"upload_interval_s": 9})") << "upload_interval_s: must be in [10, 86400], got 9";
        QTest::newRow("cadence zero") << QByteArray(R"({"cadence": {"sleep_interval_s": 0}})")
                                      << "cadence.sleep_interval_s: must be in [1, 3600], got 0";
        QTest::newRow("cadence not object")
            << QByteArray(R"({"cadence": 60})") << "cadence: expected an object, got the number 60";
        QTest::newRow("negative app rate") << QByteArray(R"({"app_events": {"goal_changes_per_user_day": -0.1}})")
                                           << "app_events.goal_changes_per_user_day: must be in [0, 1000]";
        QTest::newRow("description not string")
            << QByteArray(R"({"description": 5})") << "description: expected a string, got the number 5";
        QTest::newRow("description two lines")
            << QByteArray(R"({"description": "a\nb"})") << "description: must be one line";
        QTest::newRow("bad date") << QByteArray(R"({"start_date": "2026-02-30"})")
                                  << "start_date: \"2026-02-30\" is not a date (use YYYY-MM-DD)";
        QTest::newRow("date not ISO") << QByteArray(R"({"start_date": "02/11/2026"})")
                                      << "start_date: \"02/11/2026\" is not a date";
        QTest::newRow("date as number") << QByteArray(R"({"start_date": 20261102})")
                                        << "start_date: expected a string, got the number";
        QTest::newRow("phases not array")
            << QByteArray(R"({"phases": {}})") << "phases: expected an array, got an object";
        QTest::newRow("phase not object")
            << QByteArray(R"({"phases": [3]})") << "phases[0]: expected an object, got the number 3";
        QTest::newRow("to_day equals from_day")
            << QByteArray(R"({"days": 10, "phases": [{}, {"from_day": 3, "to_day": 3}]})")
            << "phases[1].to_day: must be greater than from_day (3)";
        QTest::newRow("to_day before from_day")
            << QByteArray(R"({"days": 10, "phases": [{"from_day": 5, "to_day": 2}]})")
            << "phases[0].to_day: must be greater than from_day (5)";
        QTest::newRow("to_day past the end") << QByteArray(R"({"days": 10, "phases": [{"to_day": 11}]})")
                                             << "phases[0].to_day: must be in [1, 10], got 11";
        QTest::newRow("from_day past the end") << QByteArray(R"({"days": 10, "phases": [{"from_day": 10}]})")
                                               << "phases[0].from_day: must be in [0, 9], got 10";
        QTest::newRow("phase share zero")
            << QByteArray(R"({"phases": [{"user_share": 0}]})") << "phases[0].user_share: must be in (0, 1], got 0";
        QTest::newRow("phase share above one") << QByteArray(R"({"phases": [{"user_share": 1.01}]})")
                                               << "phases[0].user_share: must be in (0, 1], got 1.01";
        QTest::newRow("load too high") << QByteArray(R"({"phases": [{"load_multiplier": 5.5}]})")
                                       << "phases[0].load_multiplier: must be in [0, 5], got 5.5";
        QTest::newRow("illness above one")
            << QByteArray(R"({"phases": [{"illness": 2}]})") << "phases[0].illness: must be in [0, 1], got 2";
        QTest::newRow("bedtime shift too far") << QByteArray(R"({"phases": [{"bedtime_shift_min": 361}]})")
                                               << "phases[0].bedtime_shift_min: must be in [-360, 360]";
        QTest::newRow("unknown anomaly kind")
            << QByteArray(R"({"anomalies": [{"kind": "tachycardia", "per_user_day": 1}]})")
            << "anomalies[0].kind: unknown anomaly kind \"tachycardia\" (known: tachycardia_at_rest, bradycardia";
        QTest::newRow("anomaly kind missing") << QByteArray(R"({"anomalies": [{"per_user_day": 1}]})")
                                              << "anomalies[0].kind: missing (expected a string)";
        QTest::newRow("anomaly rate missing") << QByteArray(R"({"anomalies": [{"kind": "flatline"}]})")
                                              << "anomalies[0].per_user_day: missing (expected a number)";
        QTest::newRow("negative anomaly rate")
            << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": -1}]})")
            << "anomalies[0].per_user_day: must be in [0, 1000], got -1";
        QTest::newRow("min duration zero")
            << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": 1, "min_duration_s": 0}]})")
            << "anomalies[0].min_duration_s: must be in [1, 86400], got 0";
        QTest::newRow("max duration too long")
            << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": 1, "max_duration_s": 86401}]})")
            << "anomalies[0].max_duration_s: must be in [1, 86400], got 86401";
        QTest::newRow("min above max") << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": 1,
                                                         "min_duration_s": 700, "max_duration_s": 600}]})")
                                       << "anomalies[0].max_duration_s: must be ≥ min_duration_s (700), got 600";
        QTest::newRow("anomaly share zero")
            << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": 1, "user_share": 0}]})")
            << "anomalies[0].user_share: must be in (0, 1], got 0";
        QTest::newRow("second anomaly") << QByteArray(R"({"anomalies": [{"kind": "flatline", "per_user_day": 1},
                                                          {"kind": "flatline", "per_user_day": true}]})")
                                        << "anomalies[1].per_user_day: expected a number, got true";
    }

    void badInputNamesTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString error;
        const auto s = parse(json, error);
        QVERIFY2(!s, "accepted a bad scenario");
        QVERIFY2(error.startsWith(expected), qPrintable("got: " + error));
        QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    }

    void loadsByPathWithTheStemAsName()
    {
        const QString path = writeFile("my.week.json", R"({"description": "mine", "days": 7})");
        QString error;
        const auto s = loadScenario(path, error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->name, std::string("my.week"));
        QCOMPARE(s->description, std::string("mine"));
        QCOMPARE(s->days, 7);
    }

    void fileErrorsNameTheFile()
    {
        const QString bad = writeFile("bad.json", R"({"days": -1})");
        QString error;
        QVERIFY(!loadScenario(bad, error));
        QCOMPARE(error, bad + ": days: must be in [1, 3650], got -1");

        const QString missing = m_dir.filePath("missing.json");
        QVERIFY(!loadScenario(missing, error));
        QVERIFY2(error.startsWith(missing + ": cannot read: "), qPrintable(error));
    }

    void unknownNameListsTheBuiltIns()
    {
        QString error;
        QVERIFY(!loadScenario("marathon-weak", error));
        QVERIFY2(error.startsWith("unknown scenario \"marathon-weak\" (built-in: anomaly-mix, flaky-fleet, flu-onset, "
                                  "marathon-week, normal-day, overtraining-block"),
                 qPrintable(error));
        QVERIFY(!loadScenario("", error));
        QVERIFY2(error.startsWith("unknown scenario \"\""), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
