// The reader behind `nexus-twin twin --input`: exact values from a valid file, and for each invalid
// file the first problem, named by its path, with the bad value.

#include "backend/twin/UserHistoryReader.h"

#include <QtTest>

using namespace nexus;

// A new ScoreWeights member needs a key in readTwinSettings' table and a line in settingsReadEveryWeight().
static_assert(sizeof(ScoreWeights) == 17 * sizeof(double), "update the weights table of readTwinSettings");

namespace {

constexpr DayNumber k2026_01_01 = 20454;

const char* const kProfile = R"("profile":{"sex":"male","age":30,"hr_rest":50})";

/// A file with the default profile and the given other members (a JSON fragment).
QByteArray withProfile(const QByteArray& rest)
{
    return "{" + QByteArray(kProfile) + (rest.isEmpty() ? "" : "," + rest) + "}";
}

/// A file with the given profile members and one day of load.
QByteArray profileWith(const QByteArray& profileMembers)
{
    return R"({"profile":{)" + profileMembers + R"(},"daily_load":[{"date":"2026-01-01","load":1}]})";
}

/// One heart-rate workout with 16 samples, the last one at `lastBpm`.
QByteArray sixteenSamples(int lastBpm)
{
    QByteArray samples;
    for (int i = 0; i < 15; ++i)
        samples += "[" + QByteArray::number(i * 5) + ",100],";
    samples += "[75," + QByteArray::number(lastBpm) + "]";
    return withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[)" + samples + "]}]");
}

const char* const kWorkout = R"({"start":"2026-01-01T10:00:00Z","minutes":30,"rpe":5})";

} // namespace

class TestUserHistoryReader : public QObject
{
    Q_OBJECT

private slots:
    void validFileParsesToExactValues()
    {
        const QByteArray json = R"({
          "profile": {"sex": "female", "age": 35, "hr_rest": 52, "hr_max": 188, "weight_kg": 61.5},
          "daily_load": [{"date": "2026-01-01", "load": 40.5}, {"date": "2026-01-02", "load": 0}],
          "workouts": [
            {"start": "2026-01-03T07:30:00+02:00", "hr_samples": [[0, 80], [30.5, 120], [60, 150]]},
            {"start": "2026-01-04T18:00:00.250Z", "minutes": 45, "rpe": 6.5}
          ],
          "nights": [{"date": "2026-01-04", "rr_ms": [800, 812.5, 790], "in_bed_min": 480, "asleep_min": 430}],
          "markers": [{"date": "2026-01-05", "performance": 312.5}],
          "plan": [{"date": "2026-01-06", "load": 60}, {"date": "2026-01-08", "load": 0}]
        })";
        UserHistory h;
        ReadError error;
        QVERIFY2(readUserHistory(json, h, error), qPrintable(error.toString()));

        QCOMPARE(h.profile.sex, Sex::Female);
        QCOMPARE(h.profile.ageYears, 35.0f);
        QCOMPARE(h.profile.hrRestBpm, 52.0f);
        QCOMPARE(h.profile.hrMaxBpm, 188.0f);
        QCOMPARE(h.profile.weightKg, 61.5f);

        QCOMPARE(h.dailyLoad.size(), size_t(2));
        QCOMPARE(h.dailyLoad[0].day, k2026_01_01);
        QCOMPARE(h.dailyLoad[0].load, 40.5);
        QCOMPARE(h.dailyLoad[1].day, k2026_01_01 + 1);
        QCOMPARE(h.dailyLoad[1].load, 0.0);

        QCOMPARE(h.workouts.size(), size_t(2));
        const WorkoutEntry& hr = h.workouts[0];
        QCOMPARE(hr.startUs, TimestampUs(1767418200) * kUsPerSecond); // 05:30 UTC
        QVERIFY(hr.hasHeartRate());
        QCOMPARE(hr.hrSamples.size(), size_t(3));
        QCOMPARE(hr.hrSamples[1].secondsFromStart, 30.5f);
        QCOMPARE(hr.hrSamples[1].bpm, 120.0f);
        QCOMPARE(hr.hrSamples[2].secondsFromStart, 60.0f);
        QCOMPARE(hr.hrSamples[2].bpm, 150.0f);
        const WorkoutEntry& srpe = h.workouts[1];
        QCOMPARE(srpe.startUs, TimestampUs(1767549600) * kUsPerSecond + 250 * kUsPerMs);
        QVERIFY(!srpe.hasHeartRate());
        QCOMPARE(srpe.minutes, 45.0);
        QCOMPARE(srpe.rpe, 6.5);

        QCOMPARE(h.nights.size(), size_t(1));
        QCOMPARE(h.nights[0].day, k2026_01_01 + 3);
        QCOMPARE(h.nights[0].rrMs, (std::vector<float>{800.0f, 812.5f, 790.0f}));
        QCOMPARE(h.nights[0].inBedMin, 480.0);
        QCOMPARE(h.nights[0].asleepMin, 430.0);

        QCOMPARE(h.markers.size(), size_t(1));
        QCOMPARE(h.markers[0].day, k2026_01_01 + 4);
        QCOMPARE(h.markers[0].performance, 312.5);

        QCOMPARE(h.plan.size(), size_t(2));
        QCOMPARE(h.plan[0].day, k2026_01_01 + 5);
        QCOMPARE(h.plan[0].load, 60.0);
        QCOMPARE(h.plan[1].day, k2026_01_01 + 7);
    }

    void optionalPartsMayBeAbsent()
    {
        UserHistory h;
        ReadError error;
        QVERIFY2(readUserHistory(withProfile(R"("nights":[{"date":"2026-01-01","in_bed_min":420,"asleep_min":400}])"),
                                 h, error),
                 qPrintable(error.toString()));
        QCOMPARE(h.profile.hrMaxBpm, 0.0f); // unknown: the models fall back to Tanaka's estimate
        QCOMPARE(h.profile.weightKg, 0.0f);
        QVERIFY(h.nights[0].rrMs.empty());
        QVERIFY(h.dailyLoad.empty() && h.workouts.empty() && h.markers.empty() && h.plan.empty());
    }

    void invalidFileIsRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");

        const QByteArray load = R"("daily_load":[{"date":"2026-01-01","load":1}])";
        auto row = [](const char* name, const QByteArray& json, const QString& path, const QString& message) {
            QTest::newRow(name) << json << path << message;
        };
        // The document.
        row("not json", "{\"profile\": ", "", "not valid JSON");
        row("not json position", "{\n  \"profile\": {\"sex\": \"male\",}\n}", "", "(line 2, column ");
        row("non-finite number", withProfile(R"("daily_load":[{"date":"2026-01-01","load":1e400}])"), "",
            "not valid JSON");
        row("empty file", "", "", "at offset 0 (line 1, column 1)");
        row("array document", "[]", "", "must be a JSON object, got an array");
        row("unknown key typo", withProfile(load + R"(,"plann":[])"), "plann",
            "unknown key (expected one of profile, daily_load, workouts, nights, markers, plan)");
        row("unknown key", withProfile(load + R"(,"steps":[])"), "steps", "unknown key (expected one of profile");
        row("no history", withProfile(""), "", "no history: give daily_load, workouts or nights");
        row("empty history",
            withProfile(R"("daily_load":[],"workouts":[],"markers":[{"date":"2026-01-01",)"
                        R"("performance":1}])"),
            "", "no history");
        // The profile.
        row("profile missing", "{" + load + "}", "profile", R"(missing (the file needs a "profile" object))");
        row("profile not object", "{\"profile\":[]," + load + "}", "profile", "expected an object, got an array");
        row("sex unknown", profileWith(R"("sex":"x","age":30,"hr_rest":50)"), "profile.sex",
            R"(unknown sex "x" (use "male" or "female"))");
        row("newline stays escaped", profileWith(R"("sex":"m\nale","age":30,"hr_rest":50)"), "profile.sex",
            R"(unknown sex "m\nale")");
        row("sex missing", profileWith(R"("age":30,"hr_rest":50)"), "profile.sex", "missing");
        row("sex not string", profileWith(R"("sex":1,"age":30,"hr_rest":50)"), "profile.sex", "got the number 1");
        row("age string", profileWith(R"("sex":"male","age":"30","hr_rest":50)"), "profile.age",
            R"(expected a number, got the string "30")");
        row("age range", profileWith(R"("sex":"male","age":3,"hr_rest":50)"), "profile.age",
            "age 3 years is outside 5–120 years");
        row("hr_rest missing", profileWith(R"("sex":"male","age":30)"), "profile.hr_rest",
            "missing (expected a number)");
        row("hr_rest range", profileWith(R"("sex":"male","age":30,"hr_rest":130)"), "profile.hr_rest",
            "resting heart rate 130 bpm is outside 25–120 bpm");
        row("hr_max not above rest", profileWith(R"("sex":"male","age":30,"hr_rest":60,"hr_max":60)"), "profile.hr_max",
            "maximum heart rate 60 bpm must be above hr_rest 60 bpm");
        row("hr_max too high", profileWith(R"("sex":"male","age":30,"hr_rest":60,"hr_max":260)"), "profile.hr_max",
            "260 bpm is above 250 bpm");
        row("weight range", profileWith(R"("sex":"male","age":30,"hr_rest":60,"weight_kg":10)"), "profile.weight_kg",
            "weight 10 kg is outside 20–400 kg");
        row("profile typo", profileWith(R"("sex":"male","age":30,"hr_rest":60,"hr_mx":190)"), "profile.hr_mx",
            "unknown key (expected one of sex, age, hr_rest, hr_max, weight_kg)");
        // Date-keyed lists.
        row("daily_load not array", withProfile(R"("daily_load":{})"), "daily_load",
            "expected an array, got an object");
        row("daily_load entry not object", withProfile(R"("daily_load":[5])"), "daily_load[0]",
            "expected an object, got the number 5");
        row("dates unsorted",
            withProfile(R"("daily_load":[{"date":"2026-01-01","load":1},{"date":"2026-01-05","load":1},)"
                        R"({"date":"2026-01-03","load":1}])"),
            "daily_load[2].date", "dates must be in increasing order: 2026-01-03 after 2026-01-05");
        row("dates duplicate",
            withProfile(R"("daily_load":[{"date":"2026-01-05","load":1},{"date":"2026-01-05","load":2}])"),
            "daily_load[1].date", "duplicate date 2026-01-05");
        row("impossible date", withProfile(R"("daily_load":[{"date":"2026-02-30","load":1}])"), "daily_load[0].date",
            R"("2026-02-30" is not a date (use YYYY-MM-DD))");
        row("slashed date", withProfile(R"("daily_load":[{"date":"2026/01/01","load":1}])"), "daily_load[0].date",
            "is not a date");
        row("date not string", withProfile(R"("daily_load":[{"date":20454,"load":1}])"), "daily_load[0].date",
            R"(expected a date "YYYY-MM-DD", got the number 20454)");
        row("date missing", withProfile(R"("daily_load":[{"load":1}])"), "daily_load[0].date", "missing");
        row("negative load", withProfile(R"("daily_load":[{"date":"2026-01-01","load":-3}])"), "daily_load[0].load",
            "negative load -3");
        row("load null", withProfile(R"("daily_load":[{"date":"2026-01-01","load":null}])"), "daily_load[0].load",
            "expected a number, got null");
        row("entry unknown key", withProfile(R"("daily_load":[{"date":"2026-01-01","lod":1}])"), "daily_load[0].lod",
            "unknown key");
        // Workouts.
        row("start without zone", withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00","minutes":30,"rpe":5}])"),
            "workouts[0].start", R"("2026-01-01T10:00:00" needs a UTC offset or Z)");
        row("start not a time", withProfile(R"("workouts":[{"start":"yesterday","minutes":30,"rpe":5}])"),
            "workouts[0].start", R"("yesterday" is not an ISO-8601 time)");
        row("starts unsorted",
            withProfile(R"("workouts":[{"start":"2026-01-02T10:00:00Z","minutes":30,"rpe":5},)" + QByteArray(kWorkout) +
                        "]"),
            "workouts[1].start", "starts must be in increasing order: 2026-01-01T10:00:00Z after 2026-01-02T10:00:00Z");
        row("starts same instant",
            withProfile(R"("workouts":[)" + QByteArray(kWorkout) +
                        R"(,{"start":"2026-01-01T12:00:00+02:00","minutes":30,"rpe":5}])"),
            "workouts[1].start", "duplicate start 2026-01-01T12:00:00+02:00");
        row("both kinds",
            withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[0,90],[1,91]],"rpe":5}])"),
            "workouts[0]", "give either hr_samples or minutes and rpe, not both");
        row("neither kind", withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z"}])"), "workouts[0]",
            "no data: give hr_samples, or minutes and rpe");
        row("rpe missing", withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","minutes":30}])"),
            "workouts[0].rpe", "missing");
        row("negative minutes",
            withProfile(R"("workouts":[)" + QByteArray(kWorkout) +
                        R"(,{"start":"2026-01-02T10:00:00Z","minutes":-5,"rpe":5}])"),
            "workouts[1].minutes", "negative duration -5");
        row("zero minutes", withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","minutes":0,"rpe":5}])"),
            "workouts[0].minutes", "must be positive");
        row("rpe range", withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","minutes":30,"rpe":11}])"),
            "workouts[0].rpe", "RPE 11 is outside 0–10");
        row("one sample", withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[0,90]]}])"),
            "workouts[0].hr_samples", "needs at least 2 samples, got 1");
        row("heart rate range", sixteenSamples(300), "workouts[0].hr_samples[15]",
            "heart rate 300 bpm is outside 20–250 bpm");
        row("sample times unsorted",
            withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[0,90],[20,91],[10,92]]}])"),
            "workouts[0].hr_samples[2]", "times must be in increasing order: 10 s after 20 s");
        row("sample times duplicate",
            withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[0,90],[10,91],[10,92]]}])"),
            "workouts[0].hr_samples[2]", "duplicate time 10 s");
        row("sample time negative",
            withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[-1,90],[10,91]]}])"),
            "workouts[0].hr_samples[0]", "negative time -1 s");
        row("sample not a pair",
            withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[0,90],[10,91,3]]}])"),
            "workouts[0].hr_samples[1]", "expected [seconds_from_start, bpm], got an array");
        row("sample bpm string",
            withProfile(R"("workouts":[{"start":"2026-01-01T10:00:00Z","hr_samples":[[0,90],[10,"91"]]}])"),
            "workouts[0].hr_samples[1][1]", "expected a number, got the string");
        // Nights.
        row("rr range",
            withProfile(R"("nights":[{"date":"2026-01-01","rr_ms":[800,810,820,3000],"in_bed_min":480,)"
                        R"("asleep_min":450}])"),
            "nights[0].rr_ms[3]", "RR interval 3000 ms is outside 250–2500 ms");
        row("rr too few",
            withProfile(R"("nights":[{"date":"2026-01-01","rr_ms":[800],"in_bed_min":480,"asleep_min":450}])"),
            "nights[0].rr_ms", "needs at least 2 RR intervals, got 1");
        row("in bed zero", withProfile(R"("nights":[{"date":"2026-01-01","in_bed_min":0,"asleep_min":0}])"),
            "nights[0].in_bed_min", "time in bed must be positive, got 0");
        row("asleep over in bed", withProfile(R"("nights":[{"date":"2026-01-01","in_bed_min":400,"asleep_min":420}])"),
            "nights[0].asleep_min", "time asleep 420 min is more than in_bed_min 400 min");
        row("asleep missing", withProfile(R"("nights":[{"date":"2026-01-01","in_bed_min":400}])"),
            "nights[0].asleep_min", "missing");
        row("nights unsorted",
            withProfile(R"("nights":[{"date":"2026-01-02","in_bed_min":400,"asleep_min":380},)"
                        R"({"date":"2026-01-01","in_bed_min":400,"asleep_min":380}])"),
            "nights[1].date", "dates must be in increasing order: 2026-01-01 after 2026-01-02");
        // Markers and plan.
        row("performance string", withProfile(load + R"(,"markers":[{"date":"2026-01-01","performance":"fast"}])"),
            "markers[0].performance", R"(expected a number, got the string "fast")");
        row("plan negative", withProfile(load + R"(,"plan":[{"date":"2026-01-05","load":-1}])"), "plan[0].load",
            "negative load -1");
        row("plan duplicate",
            withProfile(load + R"(,"plan":[{"date":"2026-01-05","load":1},{"date":"2026-01-05","load":2}])"),
            "plan[1].date", "duplicate date 2026-01-05");
    }

    void invalidFileIsRejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        UserHistory h;
        h.profile.ageYears = 99.0f; // must survive a failed read
        ReadError error;
        QVERIFY2(!readUserHistory(json, h, error), json.constData());
        QCOMPARE(error.path, path);
        QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
        QVERIFY(!error.message.contains(u'\n'));
        QCOMPARE(h.profile.ageYears, 99.0f);
    }

    void errorTextNamesPathAndValue()
    {
        UserHistory h;
        ReadError error;
        QVERIFY(!readUserHistory(sixteenSamples(300), h, error));
        QCOMPARE(error.toString(),
                 QStringLiteral("workouts[0].hr_samples[15]: heart rate 300 bpm is outside 20–250 bpm"));
        QVERIFY(!readUserHistory("[]", h, error));
        QCOMPARE(error.toString(), error.message); // no path, no leading ": "
    }

    void isoDates()
    {
        QCOMPARE(isoDate(0), QStringLiteral("1970-01-01"));
        QCOMPARE(isoDate(k2026_01_01), QStringLiteral("2026-01-01"));
        QCOMPARE(isoDate(-1), QStringLiteral("1969-12-31"));
        QCOMPARE(parseIsoDate("2026-03-01"), std::optional<DayNumber>(k2026_01_01 + 59));
        QCOMPARE(parseIsoDate("1969-12-31"), std::optional<DayNumber>(-1));
        for (const char* bad : {"2026-02-29", "2026/03/01", "2026-03-01T00:00", "2026-3-1", " 2026-03-01", ""})
            QVERIFY2(!parseIsoDate(bad), bad);
    }

    void settingsOverrideOnlyTheGivenValues()
    {
        TwinSettings s;
        ReadError error;
        QVERIFY2(
            readTwinSettings(R"({"pmc_constant":"linear","ctl_days":60,"acwr_acute_days":5,)"
                             R"("hrv_normal_range_width_sd":0.75,"weights":{"form_points":25,"sleep_need_hours":7.5}})",
                             s, error),
            qPrintable(error.toString()));
        const TwinSettings d;
        QCOMPARE(s.pmcConstant, PmcConstant::Linear);
        QCOMPARE(s.ctlDays, 60);
        QCOMPARE(s.acwrAcuteDays, 5);
        QCOMPARE(s.hrvNormalRangeWidthSd, 0.75);
        QCOMPARE(s.weights.formPoints, 25.0);
        QCOMPARE(s.weights.sleepNeedHours, 7.5);
        QCOMPARE(s.atlDays, d.atlDays);
        QCOMPARE(s.acwrChronicDays, d.acwrChronicDays);
        QCOMPARE(s.hrvBaselineDays, d.hrvBaselineDays);
        QCOMPARE(s.liveTrainingHrrFraction, d.liveTrainingHrrFraction);
        QCOMPARE(s.weights.recoveryBase, d.weights.recoveryBase);
        QCOMPARE(s.weights.energyStressDrainPerMinute, d.weights.energyStressDrainPerMinute);

        TwinSettings empty;
        QVERIFY(readTwinSettings("{}", empty, error));
        QCOMPARE(empty.ctlDays, d.ctlDays);
        QCOMPARE(empty.pmcConstant, d.pmcConstant);
    }

    void settingsReadEveryWeight()
    {
        const char* const names[] = {"recovery_base",
                                     "hrv_points_per_sd",
                                     "rhr_points_per_bpm",
                                     "sleep_need_hours",
                                     "sleep_points_per_hour",
                                     "sleep_efficiency_norm",
                                     "efficiency_points_per_tenth",
                                     "form_points",
                                     "acwr_high_points_per01",
                                     "acwr_low_points_per01",
                                     "regularity_points_per10_min",
                                     "energy_initial",
                                     "energy_sleep_recharge_per_hour",
                                     "energy_assumed_sleep_hours",
                                     "energy_waking_drain_per_hour",
                                     "energy_load_drain_per_unit",
                                     "energy_stress_drain_per_minute"};
        QJsonObject weights;
        for (size_t i = 0; i < std::size(names); ++i)
            weights.insert(QString::fromLatin1(names[i]), 0.5 + double(i)); // within every unit bound
        weights.insert("sleep_efficiency_norm", 0.9);
        const QByteArray json = QJsonDocument(QJsonObject{{"weights", weights}}).toJson();
        TwinSettings s;
        ReadError error;
        QVERIFY2(readTwinSettings(json, s, error), qPrintable(error.toString()));
        const ScoreWeights& w = s.weights;
        const double got[] = {w.recoveryBase,
                              w.hrvPointsPerSd,
                              w.rhrPointsPerBpm,
                              w.sleepNeedHours,
                              w.sleepPointsPerHour,
                              w.sleepEfficiencyNorm,
                              w.efficiencyPointsPerTenth,
                              w.formPoints,
                              w.acwrHighPointsPer01,
                              w.acwrLowPointsPer01,
                              w.regularityPointsPer10Min,
                              w.energyInitial,
                              w.energySleepRechargePerHour,
                              w.energyAssumedSleepHours,
                              w.energyWakingDrainPerHour,
                              w.energyLoadDrainPerUnit,
                              w.energyStressDrainPerMinute};
        for (size_t i = 0; i < std::size(names); ++i)
            QCOMPARE(got[i], i == 5 ? 0.9 : 0.5 + double(i));
    }

    void invalidSettingsAreRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, const QByteArray& json, const QString& path, const QString& message) {
            QTest::newRow(name) << json << path << message;
        };
        row("not json", "ctl_days=42", "", "not valid JSON");
        row("unknown key", R"({"ctl_day":42})", "ctl_day",
            "unknown key (expected one of pmc_constant, weights, ctl_days,");
        row("unknown weight", R"({"weights":{"form_pts":1}})", "weights.form_pts",
            "unknown key (expected one of recovery_base,");
        row("hrv capacity", R"({"hrv_normal_range_days":61})", "hrv_normal_range_days", "61 is outside [1, 60]");
        row("sleep capacity", R"({"sleep_regularity_nights":8})", "sleep_regularity_nights", "8 is outside [1, 7]");
        row("load capacity", R"({"acwr_chronic_days":29})", "acwr_chronic_days", "29 is outside [1, 28]");
        row("zero days", R"({"acwr_acute_days":0})", "acwr_acute_days", "0 is outside [1, 28]");
        row("fractional days", R"({"ctl_days":4.5})", "ctl_days", "expected a whole number, got 4.5");
        row("acute over chronic", R"({"acwr_chronic_days":5})", "acwr_chronic_days",
            "acwr_acute_days 7 must not exceed acwr_chronic_days 5");
        row("hrv baseline over range", R"({"hrv_baseline_days":30,"hrv_normal_range_days":20})",
            "hrv_normal_range_days", "hrv_baseline_days 30 must not exceed hrv_normal_range_days 20");
        row("bad pmc_constant", R"({"pmc_constant":"lin"})", "pmc_constant",
            R"(unknown value "lin" (use "exponential" or "linear"))");
        row("pmc_constant number", R"({"pmc_constant":1})", "pmc_constant", "got the number 1");
        row("zero width", R"({"hrv_normal_range_width_sd":0})", "hrv_normal_range_width_sd", "0 is outside (0, ∞)");
        row("weights not object", R"({"weights":[]})", "weights", "expected an object, got an array");
        row("weight string", R"({"weights":{"form_points":"20"}})", "weights.form_points", "expected a number");
    }

    void invalidSettingsAreRejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        TwinSettings s;
        s.ctlDays = 50; // must survive a failed read
        ReadError error;
        QVERIFY2(!readTwinSettings(json, s, error), json.constData());
        QCOMPARE(error.path, path);
        QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
        QCOMPARE(s.ctlDays, 50);
    }
};

QTEST_GUILESS_MAIN(TestUserHistoryReader)
#include "tst_user_history_reader.moc"
