// The health analyzer: each detector raises exactly one alert per episode (open … closed), stays
// quiet on realistic normal data, keeps one alert through a brief dip (hysteresis), ignores
// duplicate and stale readings, waits for late uploads before reporting a dropout, gives the same
// alerts however the uploads are cut, and resumes from a state snapshot as if never stopped.

#include "AnalyzerTestData.h"

#include "backend/analysis/HealthAnalyzer.h"
#include "backend/analysis/RhythmDetector.h"
#include "backend/analysis/UserAnalysis.h"

#include <QtTest>

#include <map>

using namespace nexus;

// QTest prints these in failure messages (it frees what toString returns).
namespace nexus {
char* toString(AlertSeverity v)
{
    return qstrdup(nameOf(v));
}
char* toString(AlertState v)
{
    return qstrdup(nameOf(v));
}
char* toString(AlertCategory v)
{
    return qstrdup(nameOf(v));
}
} // namespace nexus
using namespace testdata;

namespace {

std::vector<AlertEvent> runAll(HealthAnalyzer& analyzer, const std::vector<HealthBatch>& batches)
{
    std::vector<AlertEvent> out;
    for (const HealthBatch& b : batches)
        analyzer.analyze(b, out);
    return out;
}

std::vector<AlertEvent> runAll(const std::vector<HealthBatch>& batches)
{
    HealthAnalyzer analyzer;
    return runAll(analyzer, batches);
}

std::vector<AlertEvent> only(const std::vector<AlertEvent>& alerts, std::string_view detector)
{
    std::vector<AlertEvent> out;
    for (const AlertEvent& a : alerts)
        if (a.detector == detector)
            out.push_back(a);
    return out;
}

std::string summary(const std::vector<AlertEvent>& alerts)
{
    std::string s;
    for (const AlertEvent& a : alerts)
        s += std::string(nameOf(a.state)) + " " + a.alertId + " '" + a.message + "'\n";
    return s.empty() ? "(no alerts)" : s;
}

/// Checks that `alerts` (of one detector) are exactly one episode: open, updates, closed, one id,
/// event times in order, evidence bounded and inside the episode.
void verifyOneEpisode(const std::vector<AlertEvent>& alerts)
{
    QVERIFY2(alerts.size() >= 2, summary(alerts).c_str());
    QCOMPARE(alerts.front().state, AlertState::Open);
    QCOMPARE(alerts.back().state, AlertState::Closed);
    for (std::size_t i = 0; i < alerts.size(); ++i) {
        const AlertEvent& a = alerts[i];
        QCOMPARE(a.alertId, alerts.front().alertId);
        QCOMPARE(a.startUs, alerts.front().startUs);
        if (i > 0 && i + 1 < alerts.size())
            QCOMPARE(a.state, AlertState::Update);
        if (i > 0)
            QVERIFY(a.tsUs >= alerts[i - 1].tsUs);
        QVERIFY(a.tsUs >= a.startUs);
        QVERIFY(!a.message.empty());
        QVERIFY(!a.evidence.empty());
        QVERIFY(a.evidence.size() <= AlertEvent::kMaxEvidence);
        QVERIFY(a.evidence.front().tsUs >= a.startUs);
        QCOMPARE(a.category, *detector::categoryOf(a.detector));
        QCOMPARE(a.alertId, a.detector + ":" + a.userId + ":" + std::to_string(a.startUs));
    }
    const AlertEvent& closed = alerts.back();
    QVERIFY(closed.endUs >= closed.startUs);
    QVERIFY(closed.evidence.back().tsUs <= closed.endUs);
}

Person typicalPerson()
{
    Person p;
    p.userId = "u000042";
    p.seed = 4242;
    p.hrRest = 60.0;
    p.hrMax = 185.0; // awake at rest ≈ 72.5
    p.spo2Base = 97.0;
    p.rmssdBase = 55.0;
    return p;
}

TimestampUs at(int day, int hour, int minute)
{
    return kT0 + day * kDay + hour * kHour + minute * kMinute;
}

/// Days [0, days) of `p`, with `edit(dayIndex, Day&)` applied to each before it is streamed.
template <typename Edit> Stream makeStream(const Person& p, int days, Edit edit, DayOptions opt = {})
{
    Stream st;
    for (int d = 0; d < days; ++d) {
        Day day = makeDay(p, d, opt);
        edit(d, day);
        st.append(day);
    }
    return st;
}

Stream normalStream(const Person& p, int days)
{
    return makeStream(p, days, [](int, Day&) {});
}

/// Sorts by detector, then event time, keeping message order within: compares runs whose
/// readings and beats interleave differently across uploads.
std::vector<AlertEvent> canonical(std::vector<AlertEvent> alerts)
{
    std::stable_sort(alerts.begin(), alerts.end(), [](const AlertEvent& a, const AlertEvent& b) {
        return std::tie(a.detector, a.tsUs) < std::tie(b.detector, b.tsUs);
    });
    return alerts;
}

} // namespace

class TestHealthAnalyzer : public QObject
{
    Q_OBJECT

private slots:
    void normalPopulationRaisesNoAlerts()
    {
        // 30 users × 14 days of realistic normal data: walking bouts, workouts and recoveries,
        // nights with SpO2 dips and sinus arrhythmia, users with high and low resting HR.
        HealthAnalyzer analyzer;
        std::vector<AlertEvent> alerts;
        std::uint64_t samples = 0;
        for (int u = 0; u < 30; ++u) {
            const Person p = makePerson(u, 2024);
            const Stream st = normalStream(p, 14);
            samples += st.samples.size();
            for (const HealthBatch& b : uploads(p, st.samples, st.rr))
                analyzer.analyze(b, alerts);
        }
        // No health alert at all. Sensor flat-lines can happen by chance (10 identical minute
        // readings when HR barely varies, ~1 in 10^6 readings here): allow one per 200 user-days.
        std::vector<AlertEvent> health, sensor;
        for (const AlertEvent& a : alerts)
            (a.category == AlertCategory::Health ? health : sensor).push_back(a);
        QVERIFY2(health.empty(), summary(health).c_str());
        QVERIFY2(sensor.size() <= 2 * 2, summary(sensor).c_str()); // open + closed per episode
        qInfo("normal population: %zu sensor alert messages in %d user-days", sensor.size(), 30 * 14);
        QCOMPARE(analyzer.stats().samples, samples);
        QCOMPARE(analyzer.stats().beats, std::uint64_t(30 * 14 * 400));
        QCOMPARE(analyzer.userCount(), std::size_t(30));
        // The baselines learned what the generator put in.
        const analysis::UserAnalysis* u = analyzer.user(makePerson(3, 2024).userId);
        QVERIFY(u);
        QVERIFY(std::abs(u->context().awakeRestBpm() - makePerson(3, 2024).awakeHr()) < 3.0);
        QVERIFY(std::abs(u->nightly().restingHrBaseline().mean() - makePerson(3, 2024).hrRest) < 2.0);
    }

    void athletesAsleepAndHighRestingUsersStayQuiet()
    {
        // The edges of the population: HRrest 40 (sleeping near 40 bpm, SpO2 only every 15 min,
        // so sleep onset is unknown for a while) and HRrest 85 with HRmax 200 (awake rest ≈ 97).
        Person athlete = typicalPerson();
        athlete.userId = "u000001";
        athlete.hrRest = 40.0;
        athlete.hrMax = 190.0;
        athlete.rmssdBase = 140.0;
        Person high = typicalPerson();
        high.userId = "u000002";
        high.hrRest = 85.0;
        high.hrMax = 200.0;
        high.rmssdBase = 15.0;
        std::vector<AlertEvent> alerts;
        HealthAnalyzer analyzer;
        for (const Person& p : {athlete, high}) {
            const Stream st = makeStream(p, 10, [](int, Day& d) {
                int i = 0;
                for (HealthSample& s : d.samples)
                    if (s.spo2Pct != 0 && i++ % 15 != 14)
                        s.spo2Pct = 0; // SpO2 every 15 min, the first one 15 min after bedtime
            });
            for (const HealthBatch& b : uploads(p, st.samples, st.rr))
                analyzer.analyze(b, alerts);
        }
        QVERIFY2(alerts.empty(), summary(alerts).c_str());
    }

    void tachycardiaAtRestIsOneEpisode()
    {
        const Person p = typicalPerson();
        Rng rng(1);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                setHeartRate(day.samples, at(1, 10, 0), at(1, 10, 15), 120.0, rng);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> tachy = only(alerts, detector::kTachycardiaAtRest);
        QCOMPARE(tachy.size(), alerts.size()); // nothing else fires
        verifyOneEpisode(tachy);
        QVERIFY(tachy.front().startUs >= at(1, 10, 0) && tachy.front().startUs < at(1, 10, 3));
        QVERIFY(tachy.back().endUs >= at(1, 10, 13) && tachy.back().endUs < at(1, 10, 15));
        QVERIFY(tachy.front().tsUs <= at(1, 10, 10)); // opened within ~8 min of the onset
        QVERIFY(tachy.back().tsUs <= at(1, 10, 22));  // closed after 5 min of normal HR
        QCOMPARE(tachy.front().severity, AlertSeverity::Warning);
        QVERIFY(tachy.back().value >= 118 && tachy.back().value <= 123);
        QCOMPARE(tachy.back().unit, std::string("bpm"));
        QVERIFY2(tachy.back().message.find("bpm at rest for 1") != std::string::npos, tachy.back().message.c_str());
        QCOMPARE(tachy.front().sourceSentAtUs, TimestampUs(42));
    }

    void tachycardiaDipStaysOneAlert()
    {
        // 12 min at 125, 2 min at 92 (below the close threshold), 21 min at 125: hysteresis keeps it one.
        const Person p = typicalPerson();
        Rng rng(2);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            setHeartRate(day.samples, at(1, 10, 0), at(1, 10, 35), 125.0, rng);
            setHeartRate(day.samples, at(1, 10, 12), at(1, 10, 14), 92.0, rng, 0.0);
        });
        const std::vector<AlertEvent> tachy = only(runAll(uploads(p, st.samples, st.rr)), detector::kTachycardiaAtRest);
        verifyOneEpisode(tachy);
        QVERIFY(tachy.back().endUs >= at(1, 10, 33));
        // 35 min at ≥ 125 reaches the critical duration: the update says so.
        QCOMPARE(tachy.back().severity, AlertSeverity::Critical);
        bool sawUpdate = false;
        for (const AlertEvent& a : tachy)
            sawUpdate = sawUpdate || a.state == AlertState::Update;
        QVERIFY(sawUpdate);
    }

    void tachycardiaNeedsRestAndPersistence()
    {
        const Person p = typicalPerson();
        Rng rng(3);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            // Walking fast (steps) is not "at rest"…
            setHeartRate(day.samples, at(1, 9, 0), at(1, 9, 30), 120.0, rng);
            auto [lo, hi] = spanOf(day.samples, at(1, 9, 0), at(1, 9, 30));
            for (std::size_t i = lo; i < hi; ++i)
                day.samples[i].steps = 100;
            // …and 6 minutes are not sustained.
            setHeartRate(day.samples, at(1, 11, 0), at(1, 11, 6), 120.0, rng);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        QVERIFY2(alerts.empty(), summary(alerts).c_str());
    }

    void bradycardiaAwakeIsOneEpisode()
    {
        const Person p = typicalPerson();
        Rng rng(4);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                setHeartRate(day.samples, at(1, 14, 0), at(1, 14, 15), 35.0, rng, 2.0);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> brady = only(alerts, detector::kBradycardia);
        QCOMPARE(brady.size(), alerts.size());
        verifyOneEpisode(brady);
        QVERIFY(brady.front().startUs >= at(1, 14, 0) && brady.front().startUs < at(1, 14, 3));
        QVERIFY(brady.back().endUs >= at(1, 14, 13) && brady.back().endUs < at(1, 14, 15));
        // Opened once sleep onset is ruled out (20 min after the first low reading).
        QVERIFY(brady.front().tsUs >= at(1, 14, 20));
        QVERIFY(brady.back().value <= 37);
    }

    void spo2LowIsOneEpisode()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            auto [lo, hi] = spanOf(day.samples, at(1, 2, 0), at(1, 2, 12));
            for (std::size_t i = lo; i < hi; ++i)
                day.samples[i].spo2Pct = std::uint8_t(i % 3 == 0 ? 84 : 87);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> spo2 = only(alerts, detector::kSpo2Low);
        QCOMPARE(spo2.size(), alerts.size());
        verifyOneEpisode(spo2);
        QVERIFY(spo2.front().startUs >= at(1, 2, 0) && spo2.front().startUs < at(1, 2, 1));
        QVERIFY(spo2.front().tsUs < at(1, 2, 3)); // third low reading
        QVERIFY(spo2.back().endUs >= at(1, 2, 11) && spo2.back().endUs < at(1, 2, 12));
        QCOMPARE(spo2.back().value, 84.0);
        QCOMPARE(spo2.back().severity, AlertSeverity::Critical);
        QCOMPARE(spo2.back().category, AlertCategory::Health);
    }

    void spo2SingleDipsDoNotAlert()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            auto [lo, hi] = spanOf(day.samples, at(1, 2, 0), at(1, 2, 30));
            for (std::size_t i = lo; i < hi; i += 3) // two low readings, a normal one, …
                day.samples[i].spo2Pct = day.samples[i + 1].spo2Pct = 86;
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        QVERIFY2(alerts.empty(), summary(alerts).c_str());
    }

    void irregularRhythmIsOneEpisode()
    {
        const Person p = typicalPerson();
        Rng rng(5);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                injectArrhythmia(day.rr, 150, 130, rng);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> rhythm = only(alerts, detector::kIrregularRhythm);
        QCOMPARE(rhythm.size(), alerts.size());
        verifyOneEpisode(rhythm);
        // The episode lies around beats 150..280 of the night's window.
        const RrWindow& w = st.rr[1];
        const TimestampUs beat150 = RrWindow{w.startUs, {w.rrMs.begin(), w.rrMs.begin() + 150}}.endUs();
        const TimestampUs beat280 = RrWindow{w.startUs, {w.rrMs.begin(), w.rrMs.begin() + 280}}.endUs();
        const DurationUs slack = 64 * 1200 * 1000LL; // one window of beats
        QVERIFY(std::abs(rhythm.front().startUs - beat150) < slack);
        QVERIFY(std::abs(rhythm.back().endUs - beat280) < slack);
        QVERIFY(rhythm.back().value >= 0.2);
        QCOMPARE(rhythm.back().unit, std::string("ratio"));
    }

    void largeSinusArrhythmiaIsNotIrregular()
    {
        // rMSSD 150 ms at 70 bpm: single windows reach a normalised rMSSD of 0.23, above the
        // first-night threshold. The user's own typical value lifts it; AF still stands out.
        Person p = typicalPerson();
        p.hrRest = 70.0;
        p.rmssdBase = 150.0;
        Rng rng(13);
        const Stream st = makeStream(p, 30, [&](int d, Day& day) {
            if (d == 29)
                injectArrhythmia(day.rr, 200, 150, rng);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> rhythm = only(alerts, detector::kIrregularRhythm);
        QCOMPARE(rhythm.size(), alerts.size());
        verifyOneEpisode(rhythm);
        QVERIFY(rhythm.front().startUs > at(29, 3, 0));
    }

    void rrWindowStatisticsSeparateSinusArrhythmiaFromAf()
    {
        const analysis::RhythmSettings r;
        Rng rng(6);
        int normalFlagged = 0, normalWindows = 0, afFlagged = 0;
        const auto flagged = [&](const std::uint16_t* rr) {
            const analysis::RrWindowStats st = analysis::rrWindowStats(rr, 64);
            return st.normRmssd >= r.minNormRmssd && st.rmssdToSdnn >= r.minRmssdToSdnn &&
                   st.turningPoints >= r.minTurningPoints && st.turningPoints <= r.maxTurningPoints;
        };
        for (int n = 0; n < 300; ++n) {
            const Person p = makePerson(n, 77);
            const std::vector<std::uint16_t> rr = nightRr(rng, p.rmssdBase, p.hrRest);
            for (int s = 0; s + 64 <= int(rr.size()); s += 16, ++normalWindows)
                normalFlagged += flagged(rr.data() + s);
            RrWindow af{0, std::vector<std::uint16_t>(rr.begin(), rr.begin() + 64)};
            injectArrhythmia(af, 0, 64, rng);
            afFlagged += flagged(af.rrMs.data());
        }
        QCOMPARE(normalFlagged, 0);
        QVERIFY2(afFlagged >= 297, std::to_string(afFlagged).c_str());
        QVERIFY(normalWindows > 5000);
    }

    void restingHrElevationIsOneEpisode()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 16, [&](int d, Day& day) {
            if (d >= 10 && d <= 12)
                day = makeDay(p, d, DayOptions{true, 10.0, 1.0});
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> rhr = only(alerts, detector::kRestingHrElevated);
        QCOMPARE(rhr.size(), alerts.size());
        verifyOneEpisode(rhr);
        QCOMPARE(rhr.size(), std::size_t(3)); // open (night 2), update (night 3), closed
        QVERIFY(rhr.front().startUs >= at(10, 3, 0) && rhr.front().startUs < at(10, 4, 0));
        QVERIFY(rhr.front().tsUs > at(11, 3, 0) && rhr.front().tsUs < at(12, 0, 0));
        QVERIFY(rhr.back().endUs > at(12, 3, 0) && rhr.back().endUs < at(12, 4, 0));
        QVERIFY(rhr.back().value > 67 && rhr.back().value < 75);
        QCOMPARE(rhr.back().evidence.size(), std::size_t(3));
    }

    void hrvDropIsOneEpisode()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 16, [&](int d, Day& day) {
            if (d >= 10 && d <= 12)
                day = makeDay(p, d, DayOptions{true, 0.0, 0.5});
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> hrv = only(alerts, detector::kHrvDrop);
        QCOMPARE(hrv.size(), alerts.size());
        verifyOneEpisode(hrv);
        QVERIFY2(hrv.front().startUs >= at(10, 3, 0) && hrv.front().startUs < at(10, 4, 0), summary(hrv).c_str());
        QVERIFY(hrv.back().value < 35.0);
        QCOMPARE(hrv.back().unit, std::string("ms"));
    }

    void dropoutIsOneSensorEpisode()
    {
        // Reported, open and closed at once, when event time is confirmAfterUs (65 min) past the
        // gap's end: by a reading, a watermark, or the end of input.
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                removeSamples(day.samples, at(1, 10, 0), at(1, 10, 40));
        });
        const std::vector<HealthBatch> batches = uploads(p, st.samples, st.rr);
        const TimestampUs endUs = at(1, 10, 40) + 5 * kSecond, confirmUs = endUs + 65 * kMinute;
        HealthAnalyzer analyzer;
        std::vector<AlertEvent> alerts;
        std::size_t k = 0;
        for (; batches[k].samples.back().tsUs < confirmUs; ++k)
            analyzer.analyze(batches[k], alerts);
        QVERIFY2(alerts.empty(), summary(alerts).c_str()); // a late upload could still fill it
        QCOMPARE(analyzer.user(p.userId)->dropout().pendingCount(), 1);
        analyzer.flush(p.userId, confirmUs - kSecond, alerts);
        QVERIFY(alerts.empty());
        analyzer.flush(p.userId, confirmUs, alerts);
        QCOMPARE(alerts.size(), std::size_t(2));
        for (; k < batches.size(); ++k)
            analyzer.analyze(batches[k], alerts);
        const std::vector<AlertEvent> drop = only(alerts, detector::kSensorDropout);
        QCOMPARE(drop.size(), alerts.size());
        verifyOneEpisode(drop);
        QCOMPARE(drop.size(), std::size_t(2));
        QCOMPARE(drop.front().category, AlertCategory::Sensor);
        QCOMPARE(drop.front().tsUs, confirmUs);
        QCOMPARE(drop.front().startUs, at(1, 9, 59) + 5 * kSecond);
        QCOMPARE(drop.front().value, 41.0); // the open message already knows the whole gap
        QCOMPARE(drop.back().endUs, endUs);
        QCOMPARE(drop.back().evidence.size(), std::size_t(2));

        HealthAnalyzer ended; // input ending at 11:00: no late upload can come, report it now
        std::vector<AlertEvent> atEnd;
        for (std::size_t j = 0; j < uploadHolding(batches, at(1, 11, 0)); ++j)
            ended.analyze(batches[j], atEnd);
        QVERIFY(atEnd.empty());
        ended.finish(p.userId, atEnd);
        QCOMPARE(atEnd.size(), std::size_t(2));
        QCOMPARE(atEnd.back().endUs, endUs);
        QCOMPARE(atEnd.back().tsUs, at(1, 10, 59) + 5 * kSecond);
    }

    void lateUploadIsNoDropout_data()
    {
        QTest::addColumn<int>("later"); // uploads (15 min each) delivered before the late one
        QTest::newRow("15 min late") << 1;
        QTest::newRow("60 min late") << 4;
    }

    void lateUploadIsNoDropout()
    {
        // Regression: a late upload's readings were dropped as stale and its gap reported as a
        // sensor dropout (bench --detectors: dropout precision 0.34).
        QFETCH(int, later);
        const Person p = typicalPerson();
        const Stream st = normalStream(p, 2);
        const std::vector<HealthBatch> inOrder = uploads(p, st.samples, st.rr);
        HealthAnalyzer analyzer;
        const std::vector<AlertEvent> alerts = runAll(analyzer, deliveredLate(inOrder, at(1, 10, 0), later));
        QVERIFY2(alerts.empty(), summary(alerts).c_str());
        QCOMPARE(analyzer.stats().staleSamples, std::uint64_t(15)); // still unseen by the other detectors

        std::vector<HealthBatch> lost = inOrder; // never delivered, the same upload is a dropout
        lost.erase(lost.begin() + std::ptrdiff_t(uploadHolding(lost, at(1, 10, 0))));
        QCOMPARE(only(runAll(lost), detector::kSensorDropout).size(), std::size_t(2));
    }

    void lateUploadShortensARealGap()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                removeSamples(day.samples, at(1, 10, 0), at(1, 10, 35));
        });
        const std::vector<HealthBatch> inOrder = uploads(p, st.samples, st.rr);
        const std::vector<AlertEvent> reference = runAll(inOrder);
        QCOMPARE(only(reference, detector::kSensorDropout).size(), std::size_t(2));
        QCOMPARE(reference.back().value, 36.0);
        // The upload after the gap (10:35–10:45) comes after 11:00's: the gap looks 46 min long until
        // its late readings split it, and the pieces of ≤ minGapUs between them vanish.
        QCOMPARE(runAll(deliveredLate(inOrder, at(1, 10, 35), 2)), reference);
    }

    void lostUploadNoteSuppressesOneGap()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            removeSamples(day.samples, at(1, 10, 0), at(1, 10, 15));  // the lost upload…
            removeSamples(day.samples, at(1, 10, 16), at(1, 10, 40)); // …and a real gap right after
            removeSamples(day.samples, at(1, 14, 0), at(1, 14, 40));  // a real gap after an expired note
        });
        const std::vector<HealthBatch> batches = uploads(p, st.samples, st.rr);
        QCOMPARE(only(runAll(batches), detector::kSensorDropout).size(), std::size_t(6)); // without notes
        HealthAnalyzer analyzer;
        analyzer.noteLostUpload(p.userId); // no readings yet, so no gap can follow: ignored
        QCOMPARE(analyzer.userCount(), std::size_t(0));
        std::vector<AlertEvent> alerts;
        for (const HealthBatch& b : batches) {
            const TimestampUs first = b.samples.front().tsUs;
            if (first == at(1, 10, 15) + 5 * kSecond || first == at(1, 12, 0) + 5 * kSecond)
                analyzer.noteLostUpload(p.userId); // an undecodable message came just before b
            analyzer.analyze(b, alerts);
        }
        const std::vector<AlertEvent> drop = only(alerts, detector::kSensorDropout);
        QCOMPARE(drop.size(), alerts.size());
        QCOMPARE(drop.size(), std::size_t(4));
        QCOMPARE(drop[0].startUs, at(1, 10, 15) + 5 * kSecond); // one note, one gap
        QCOMPARE(drop[2].startUs, at(1, 13, 59) + 5 * kSecond); // the noon note expired at 12:00:05
        QCOMPARE(analyzer.stats().lostUploads, std::uint64_t(2));
    }

    void flushOpensDropoutForSilentDevice()
    {
        const Person p = typicalPerson();
        Stream st = normalStream(p, 2);
        const auto [lo, hi] = spanOf(st.samples, at(1, 10, 0), at(1, 12, 0));
        std::vector<HealthSample> before(st.samples.begin(), st.samples.begin() + std::ptrdiff_t(lo));
        std::vector<HealthSample> after(st.samples.begin() + std::ptrdiff_t(hi), st.samples.end());
        HealthAnalyzer analyzer;
        std::vector<AlertEvent> alerts;
        for (const HealthBatch& b : uploads(p, before, st.rr))
            analyzer.analyze(b, alerts);
        QVERIFY2(alerts.empty(), summary(alerts).c_str());
        analyzer.flush(p.userId, at(1, 10, 5), alerts);
        QVERIFY(alerts.empty()); // 6 min of silence is no dropout yet…
        analyzer.flush(p.userId, at(1, 11, 14), alerts);
        QVERIFY(alerts.empty()); // …nor 75 min: a late upload could still arrive (minGap + confirmAfter)
        analyzer.flush(p.userId, at(1, 11, 15), alerts);
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].state, AlertState::Open);
        QCOMPARE(alerts[0].detector, std::string(detector::kSensorDropout));
        analyzer.flush(p.userId, at(1, 11, 30), alerts);
        QCOMPARE(alerts.size(), std::size_t(1)); // already open: no repeat
        analyzer.flush("nobody", at(1, 11, 30), alerts);
        QCOMPARE(alerts.size(), std::size_t(1));
        for (const HealthBatch& b : uploads(p, after, {}))
            analyzer.analyze(b, alerts);
        verifyOneEpisode(alerts);
        QCOMPARE(alerts.size(), std::size_t(2));
        QCOMPARE(alerts.back().endUs, at(1, 12, 0) + 5 * kSecond);
    }

    void flatlineIsOneSensorEpisode()
    {
        const Person p = typicalPerson();
        Rng rng(7);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                setHeartRate(day.samples, at(1, 11, 0), at(1, 11, 15), 77.0, rng, 0.0);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> flat = only(alerts, detector::kSensorFlatline);
        QCOMPARE(flat.size(), alerts.size());
        verifyOneEpisode(flat);
        QVERIFY(flat.front().startUs >= at(1, 11, 0) && flat.front().startUs < at(1, 11, 1));
        QVERIFY(flat.back().endUs >= at(1, 11, 14) && flat.back().endUs < at(1, 11, 15));
        QCOMPARE(flat.back().value, 77.0);
        QCOMPARE(flat.back().evidence.size(), std::size_t(15));
    }

    void spikesAreImplausibleNotTachycardia()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            auto [lo, hi] = spanOf(day.samples, at(1, 12, 0), at(1, 12, 20));
            for (std::size_t i = lo; i < hi; i += 2) {
                day.samples[i].hrBpm = std::uint16_t(day.samples[i].hrBpm + 70);
                day.samples[i].steps = 0;
            }
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> bad = only(alerts, detector::kSensorImplausible);
        QCOMPARE(bad.size(), alerts.size());
        verifyOneEpisode(bad);
        QVERIFY(bad.front().startUs >= at(1, 12, 0) && bad.front().startUs < at(1, 12, 1));
        QVERIFY(bad.back().endUs >= at(1, 12, 18) && bad.back().endUs <= at(1, 12, 20));
        QCOMPARE(bad.back().severity, AlertSeverity::Warning); // ≥ 10 bad readings
    }

    void abruptTachycardiaOnsetIsNotAnArtefact()
    {
        // A step of ≥ 50 bpm that stays up is a real onset (and its offset 20 min later a real end).
        const Person p = typicalPerson();
        Rng rng(8);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                setHeartRate(day.samples, at(1, 10, 0), at(1, 10, 20), 135.0, rng, 1.0);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        QVERIFY2(only(alerts, detector::kSensorImplausible).empty(), summary(alerts).c_str());
        verifyOneEpisode(only(alerts, detector::kTachycardiaAtRest));
        QCOMPARE(only(alerts, detector::kTachycardiaAtRest).back().severity, AlertSeverity::Critical);
    }

    void outOfRangeReadingIsImplausible()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 1, [&](int, Day& day) {
            auto [lo, hi] = spanOf(day.samples, at(0, 9, 0), at(0, 9, 1));
            day.samples[lo].hrBpm = 240;
            Q_UNUSED(hi);
        });
        const std::vector<AlertEvent> alerts = runAll(uploads(p, st.samples, st.rr));
        const std::vector<AlertEvent> bad = only(alerts, detector::kSensorImplausible);
        QCOMPARE(bad.size(), alerts.size());
        verifyOneEpisode(bad);
        QCOMPARE(bad.front().evidence.front().value, 240.0);
    }

    void duplicateAndStaleUploadsChangeNothing()
    {
        const Person p = typicalPerson();
        Rng rng(9);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                setHeartRate(day.samples, at(1, 10, 0), at(1, 10, 15), 120.0, rng);
        });
        const std::vector<HealthBatch> batches = uploads(p, st.samples, st.rr);
        const std::vector<AlertEvent> reference = runAll(batches);
        QVERIFY(!reference.empty());

        std::vector<HealthBatch> messy;
        for (std::size_t i = 0; i < batches.size(); ++i) {
            messy.push_back(batches[i]);
            if (i % 7 == 3 || !batches[i].rrMs.empty())
                messy.push_back(batches[i]); // delivered twice
            if (i % 11 == 5 && i >= 20)
                messy.push_back(batches[i - 20]); // a stale re-delivery hours later
        }
        HealthAnalyzer analyzer;
        const std::vector<AlertEvent> got = runAll(analyzer, messy);
        QCOMPARE(got, reference);
        QVERIFY(analyzer.stats().staleSamples > 0);
        QVERIFY(analyzer.stats().staleBeats > 0); // the night's RR window was delivered twice
        QCOMPARE(analyzer.stats().samples, std::uint64_t(st.samples.size()));
    }

    void splitUploadsGiveTheSameAlerts_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3, 4})
            QTest::newRow(("seed " + std::to_string(seed)).c_str()) << seed;
    }

    void splitUploadsGiveTheSameAlerts()
    {
        QFETCH(int, seed);
        // A day with several episodes, delivered as one upload per day versus cut at random
        // points (the RR window too).
        const Person p = typicalPerson();
        Rng inject(10);
        const Stream st = makeStream(p, 3, [&](int d, Day& day) {
            if (d != 1)
                return;
            setHeartRate(day.samples, at(1, 10, 0), at(1, 10, 25), 118.0, inject);
            setHeartRate(day.samples, at(1, 14, 0), at(1, 14, 14), 36.0, inject, 1.0);
            removeSamples(day.samples, at(1, 16, 0), at(1, 16, 30));
            injectArrhythmia(day.rr, 100, 200, inject);
            auto [lo, hi] = spanOf(day.samples, at(1, 1, 0), at(1, 1, 8));
            for (std::size_t i = lo; i < hi; ++i)
                day.samples[i].spo2Pct = 86;
        });
        const std::vector<AlertEvent> reference = canonical(runAll(uploads(p, st.samples, st.rr, kDay)));
        QVERIFY(only(reference, detector::kTachycardiaAtRest).size() >= 2);
        QVERIFY(only(reference, detector::kBradycardia).size() >= 2);
        QVERIFY(only(reference, detector::kSensorDropout).size() == 2);
        QVERIFY(only(reference, detector::kIrregularRhythm).size() >= 2);
        QVERIFY(only(reference, detector::kSpo2Low).size() >= 2);

        Rng rng(static_cast<std::uint64_t>(seed));
        std::vector<HealthBatch> cut;
        std::size_t i = 0, window = 0;
        while (i < st.samples.size()) {
            HealthBatch b;
            b.userId = p.userId;
            b.deviceId = "d1";
            b.sentAtUs = 42;
            const std::size_t n = std::size_t(rng.integer(1, 1500));
            for (std::size_t k = 0; k < n && i < st.samples.size(); ++k)
                b.samples.push_back(st.samples[i++]);
            cut.push_back(std::move(b));
            // Each night's RR window goes out in two pieces, in the uploads around its end.
            if (window < st.rr.size() && cut.back().samples.back().tsUs > st.rr[window].endUs()) {
                const RrWindow& w = st.rr[window++];
                if (cut.size() == 1) {
                    cut.back().rrStartUs = w.startUs;
                    cut.back().rrMs = w.rrMs;
                    continue;
                }
                const std::size_t k = std::size_t(rng.integer(1, int(w.rrMs.size()) - 1));
                HealthBatch& first = cut[cut.size() - 2];
                first.rrStartUs = w.startUs;
                first.rrMs.assign(w.rrMs.begin(), w.rrMs.begin() + std::ptrdiff_t(k));
                HealthBatch& second = cut.back();
                second.rrStartUs = RrWindow{w.startUs, first.rrMs}.endUs();
                second.rrMs.assign(w.rrMs.begin() + std::ptrdiff_t(k), w.rrMs.end());
            }
        }
        QVERIFY(cut.size() > 10);
        const std::vector<AlertEvent> got = canonical(runAll(cut));
        QCOMPARE(got.size(), reference.size());
        for (std::size_t k = 0; k < got.size(); ++k)
            QVERIFY2(got[k] == reference[k], (summary({got[k]}) + " vs " + summary({reference[k]})).c_str());
    }

    void snapshotResumesExactly()
    {
        const Person p = typicalPerson();
        Rng inject(11);
        const Stream st = makeStream(p, 12, [&](int d, Day& day) {
            if (d == 9)
                setHeartRate(day.samples, at(9, 10, 0), at(9, 10, 30), 118.0, inject);
            if (d >= 10)
                day = makeDay(p, d, DayOptions{true, 12.0, 1.0});
        });
        const std::vector<HealthBatch> batches = uploads(p, st.samples, st.rr);
        const std::vector<AlertEvent> reference = runAll(batches);
        QVERIFY(!only(reference, detector::kRestingHrElevated).empty());

        // Stop in the middle of the tachycardia episode (an open episode with evidence).
        std::size_t cutAt = 0;
        while (batches[cutAt].samples.back().tsUs < at(9, 10, 18))
            ++cutAt;
        HealthAnalyzer first;
        std::vector<AlertEvent> got;
        for (std::size_t k = 0; k <= cutAt; ++k)
            first.analyze(batches[k], got);
        QVERIFY(!only(got, detector::kTachycardiaAtRest).empty());
        std::string blob;
        QVERIFY(first.saveUserState(p.userId, blob));
        std::string none;
        QVERIFY(!first.saveUserState("nobody", none));

        HealthAnalyzer second;
        QVERIFY(!second.restoreUserState(p.userId, blob.substr(0, blob.size() - 1))); // truncated
        QVERIFY(!second.restoreUserState(p.userId, "garbage"));
        QCOMPARE(second.userCount(), std::size_t(0));
        QVERIFY(second.restoreUserState(p.userId, blob));
        for (std::size_t k = cutAt + 1; k < batches.size(); ++k)
            second.analyze(batches[k], got);
        QCOMPARE(got, reference);
        qInfo("per-user state: %zu bytes fixed, snapshot %zu bytes", HealthAnalyzer::stateBytesPerUser(), blob.size());
    }

    void snapshotKeepsPendingGapsAndNotes()
    {
        const Person p = typicalPerson();
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d != 1)
                return;
            removeSamples(day.samples, at(1, 10, 0), at(1, 10, 30)); // a real gap…
            removeSamples(day.samples, at(1, 11, 0), at(1, 11, 15)); // …and a lost upload
        });
        // The upload after the real gap (10:30–10:45) comes after 11:15's, once the state is restored.
        const std::vector<HealthBatch> batches = deliveredLate(uploads(p, st.samples, st.rr), at(1, 10, 30), 2);
        HealthAnalyzer uninterrupted, first, second;
        HealthAnalyzer* resumed = &first;
        std::vector<AlertEvent> reference, got;
        for (const HealthBatch& b : batches) {
            if (b.samples.front().tsUs == at(1, 11, 15) + 5 * kSecond) { // the lost upload came before b
                uninterrupted.noteLostUpload(p.userId);
                first.noteLostUpload(p.userId);
                QCOMPARE(first.user(p.userId)->dropout().pendingCount(), 1);
                QCOMPARE(first.user(p.userId)->dropout().lostUploadNotes(), 1);
                std::string blob;
                QVERIFY(first.saveUserState(p.userId, blob));
                QVERIFY(second.restoreUserState(p.userId, blob));
                resumed = &second;
            }
            uninterrupted.analyze(b, reference);
            resumed->analyze(b, got);
        }
        QVERIFY(resumed == &second);
        QCOMPARE(got, reference);
        const std::vector<AlertEvent> drop = only(reference, detector::kSensorDropout);
        QCOMPARE(drop.size(), reference.size());
        QCOMPARE(drop.size(), std::size_t(2)); // the lost upload's gap is not reported
        QCOMPARE(drop.back().startUs, at(1, 9, 59) + 5 * kSecond);
        QCOMPARE(drop.back().endUs, at(1, 10, 30) + 5 * kSecond); // shortened by the late upload
    }

    void evidenceStaysBounded()
    {
        const Person p = typicalPerson();
        Rng rng(12);
        const Stream st = makeStream(p, 2, [&](int d, Day& day) {
            if (d == 1)
                setHeartRate(day.samples, at(1, 9, 0), at(1, 11, 0), 112.0, rng);
        });
        const std::vector<AlertEvent> tachy = only(runAll(uploads(p, st.samples, st.rr)), detector::kTachycardiaAtRest);
        verifyOneEpisode(tachy);
        QCOMPARE(tachy.back().evidence.size(), AlertEvent::kMaxEvidence);
        QCOMPARE(tachy.back().evidence.front().tsUs, tachy.back().startUs); // the first half keeps the onset…
        QCOMPARE(tachy.back().evidence.back().tsUs, tachy.back().endUs);    // …the second half the newest
        for (std::size_t k = 1; k < tachy.back().evidence.size(); ++k)
            QVERIFY(tachy.back().evidence[k].tsUs > tachy.back().evidence[k - 1].tsUs);
        // Updates every 10 min of a 2-hour episode, not one per reading.
        QVERIFY(tachy.size() >= 10 && tachy.size() <= 14);
        QVERIFY(HealthAnalyzer::stateBytesPerUser() < 2048);
    }
};

QTEST_GUILESS_MAIN(TestHealthAnalyzer)
#include "tst_health_analyzer.moc"
