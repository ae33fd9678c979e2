// The twin engine against worked examples computed by hand (the arithmetic is in the comments):
// TRIMP (Banister, Edwards, sRPE), CTL/ATL/TSB with both constants, ACWR (EWMA and rolling), rMSSD,
// HRV and resting-HR baselines, sleep, the scores' contributions, and the live sample path.

#include "backend/twin/Trimp.h"
#include "backend/twin/TwinEngine.h"

#include <QtTest>

#include <cmath>

using namespace nexus;

namespace {

AthleteProfile male(float hrMax = 180.0f)
{
    AthleteProfile p;
    p.sex = Sex::Male;
    p.ageYears = 40.0f;
    p.hrRestBpm = 60.0f;
    p.hrMaxBpm = hrMax;
    return p;
}

WorkoutEntry hrWorkout(std::initializer_list<std::pair<float, float>> samples)
{
    WorkoutEntry w;
    for (auto [s, bpm] : samples)
        w.hrSamples.push_back({s, bpm});
    return w;
}

/// The hand example: one sample a minute, 10 min at 120 bpm then 10 min at 150 (last sample at 20 min).
WorkoutEntry tenAt120TenAt150()
{
    WorkoutEntry w;
    for (int m = 0; m <= 20; ++m)
        w.hrSamples.push_back({float(m * 60), m < 10 ? 120.0f : 150.0f});
    return w;
}

/// A night whose RR intervals alternate so that rMSSD = |delta| and the mean RR is `meanRr`.
NightEntry night(DayNumber day, float meanRr, float delta, double inBedMin = 480, double asleepMin = 480)
{
    NightEntry n;
    n.day = day;
    n.rrMs = {meanRr - delta / 2, meanRr + delta / 2};
    n.inBedMin = inBedMin;
    n.asleepMin = asleepMin;
    return n;
}

} // namespace

class TestTwinEngine : public QObject
{
    Q_OBJECT

private slots:
    void banisterTrimpIntegratesSamples_data()
    {
        QTest::addColumn<int>("sex");
        QTest::addColumn<double>("expected");
        // Rest 60, max 180: 10 min at 120 (x = 0.5) then 10 min at 150 (x = 0.75).
        // Male:   10·0.5·0.64·e^(0.96) + 10·0.75·0.64·e^(1.44) = 8.35743 + 20.25934 = 28.61677
        // Female: 10·0.5·0.64·e^(0.835) + 10·0.75·0.64·e^(1.2525) = 24.17099
        QTest::newRow("male") << int(Sex::Male) << 28.616769;
        QTest::newRow("female") << int(Sex::Female) << 24.170988;
    }
    void banisterTrimpIntegratesSamples()
    {
        QFETCH(int, sex);
        QFETCH(double, expected);
        AthleteProfile p = male();
        p.sex = Sex(sex);
        const auto load = trimp::ofWorkout(tenAt120TenAt150(), p);
        QVERIFY(load.fromHeartRate);
        QCOMPARE(load.minutes, 20.0);
        QVERIFY2(std::abs(load.banister - expected) < 1e-4, qPrintable(QString::number(load.banister, 'g', 10)));
        QCOMPARE(load.load(), load.banister);
    }

    void banisterTrimpIsNotTheMeanHrShortcut()
    {
        // Mean HR 135 for 20 min gives 20·0.625·0.64·e^(1.2) = 26.56 — not the integrated 28.62.
        const auto load = trimp::ofWorkout(tenAt120TenAt150(), male());
        QVERIFY(std::abs(load.banister - 26.5609) > 2.0);
    }

    void tanakaEstimatesMissingHrMax()
    {
        // Age 40: 208 − 0.7·40 = 180, so the result equals the measured-HRmax-180 example.
        QCOMPARE(male(0.0f).effectiveHrMaxBpm(), 180.0f);
        const auto w = tenAt120TenAt150();
        QCOMPARE(trimp::ofWorkout(w, male(0.0f)).banister, trimp::ofWorkout(w, male(180.0f)).banister);
    }

    void gapsAreDropoutsAndLowHrCountsNothing()
    {
        // 10 min at 150 (two 300 s intervals), then a 400 s gap (> 300 s), then a minute below rest:
        // only the first 10 minutes count.
        const auto load = trimp::ofWorkout(hrWorkout({{0, 150}, {300, 150}, {600, 150}, {1000, 50}, {1060, 50}}), male());
        QVERIFY(std::abs(load.banister - 20.259342) < 1e-4);
        QCOMPARE(load.minutes, 11.0);
    }

    void edwardsZones()
    {
        // HRmax 180: 120 bpm = 66.7 % (zone 2), 150 = 83.3 % (zone 4), 80 = 44 % (0), 170 = 94 % (5).
        QCOMPARE(trimp::ofWorkout(tenAt120TenAt150(), male()).edwards, 60.0);
        QCOMPARE(trimp::edwardsZone(80, 180), 0);
        QCOMPARE(trimp::edwardsZone(90, 180), 1);
        QCOMPARE(trimp::edwardsZone(170, 180), 5);
        QCOMPARE(trimp::edwardsZone(200, 180), 5);
    }

    void sessionRpe()
    {
        WorkoutEntry w;
        w.minutes = 60;
        w.rpe = 7;
        const auto load = trimp::ofWorkout(w, male());
        QVERIFY(!load.fromHeartRate);
        QCOMPARE(load.sessionRpe, 420.0);
        QCOMPARE(load.load(), 420.0);
    }

    void performanceManagement_data()
    {
        QTest::addColumn<int>("constant");
        QTest::addColumn<double>("ctl0");
        QTest::addColumn<double>("atl0");
        QTest::addColumn<double>("ctl41");
        // Constant load 100 from 0: CTL(n) = 100·(1 − (1 − k)^(n+1)).
        // exponential: k = 1 − e^(−1/42): CTL(0) = 2.35283, ATL(0) = 13.31221, CTL(41) = 100·(1 − e^(−1)) = 63.21206
        // linear: k = 1/42: CTL(0) = 2.38095, ATL(0) = 14.28571, CTL(41) = 100·(1 − (41/42)^42) = 63.65440
        QTest::newRow("exponential") << int(PmcConstant::Exponential) << 2.352831 << 13.312210 << 63.212056;
        QTest::newRow("linear") << int(PmcConstant::Linear) << 2.380952 << 14.285714 << 63.654405;
    }
    void performanceManagement()
    {
        QFETCH(int, constant);
        QFETCH(double, ctl0);
        QFETCH(double, atl0);
        QFETCH(double, ctl41);
        TwinSettings s;
        s.pmcConstant = PmcConstant(constant);
        const TwinEngine engine(s);
        TwinState twin;
        engine.start(twin, male(), 20000);
        std::vector<TwinDay> days;
        for (int i = 0; i < 42; ++i) {
            engine.addLoad(twin, 100);
            days.push_back(engine.closeDay(twin));
        }
        QVERIFY(std::abs(days[0].ctl - ctl0) < 1e-5);
        QVERIFY(std::abs(days[0].atl - atl0) < 1e-5);
        QCOMPARE(days[0].tsb, 0.0); // form is yesterday's CTL − ATL: 0 − 0
        QVERIFY(std::abs(days[1].tsb - (ctl0 - atl0)) < 1e-5);
        QVERIFY(std::abs(days[41].ctl - ctl41) < 1e-5);
        QCOMPARE(days[0].day, 20000);
        QCOMPARE(days[41].day, 20041);
        QVERIFY(!hasValue(days[6].rampRate));
        QVERIFY(std::abs(days[7].rampRate - (days[7].ctl - days[0].ctl)) < 1e-5); // CTL history is kept as floats
    }

    void acwrEwmaAndRolling()
    {
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        std::vector<TwinDay> days;
        for (int i = 0; i < 28; ++i) {
            engine.addLoad(twin, 100);
            days.push_back(engine.closeDay(twin));
        }
        engine.addLoad(twin, 200);
        days.push_back(engine.closeDay(twin));
        // No EWMA ratio in the first 28 days (indices 0–27); rolling ratios from the 28th day (index 27).
        QVERIFY(!hasValue(days[27].acwrEwma));
        QCOMPARE(days[27].acwrRollingCoupled, 1.0);
        QVERIFY(!hasValue(days[26].acwrRollingCoupled));
        // Day 28 load 200 after 28 days of 100 (seeded at 100):
        //   acute = 100 + 2/8·(200 − 100) = 125; chronic = 100 + 2/29·100 = 106.897 → 1.169355
        //   rolling acute = (6·100 + 200)/7 = 114.286; coupled chronic = (27·100 + 200)/28 = 103.571 → 1.103448;
        //   uncoupled chronic = mean of the 21 days before the acute week = 100 → 1.142857
        QVERIFY(std::abs(days[28].acwrEwma - 1.1693548) < 1e-6);
        QVERIFY(std::abs(days[28].acwrRollingCoupled - 1.1034483) < 1e-6);
        QVERIFY(std::abs(days[28].acwrRollingUncoupled - 1.1428571) < 1e-6);
    }

    void acwrMissingDaysAreZeroAndZeroChronicHasNoRatio()
    {
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        TwinDay last;
        for (int i = 0; i < 40; ++i)
            last = engine.closeDay(twin); // nothing recorded: load 0
        QCOMPARE(last.load, 0.0);
        QVERIFY(!hasValue(last.acwrEwma));
        QVERIFY(!hasValue(last.acwrRollingCoupled));

        // Seeded with day 0's 280, then nothing: acute decays faster than chronic.
        engine.start(twin, male(), 0);
        engine.addLoad(twin, 280);
        engine.closeDay(twin);
        for (int i = 1; i < 28; ++i)
            last = engine.closeDay(twin);
        last = engine.closeDay(twin); // index 28
        const double acute = 280 * std::pow(1 - 2.0 / 8, 28), chronic = 280 * std::pow(1 - 2.0 / 29, 28);
        QVERIFY(std::abs(last.acwrEwma - acute / chronic) < 1e-9);
    }

    void nightlyRmssdAndRestingHr()
    {
        // RR 800, 810, 790, 800: differences 10, −20, 10 → rMSSD = √((100+400+100)/3) = √200 = 14.1421;
        // ln = 2.64916; mean RR 800 ms → 75 bpm.
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        NightEntry n;
        n.rrMs = {800, 810, 790, 800};
        n.inBedMin = 500;
        n.asleepMin = 450;
        engine.addNight(twin, n);
        const TwinDay d = engine.closeDay(twin);
        QVERIFY(std::abs(d.rmssd - 14.142136) < 1e-4);
        QVERIFY(std::abs(d.lnRmssd - 2.649159) < 1e-5);
        QVERIFY(std::abs(d.rhr - 75.0) < 1e-4);
        QCOMPARE(d.sleepEfficiency, 0.9);
        QCOMPARE(d.sleepHours, 7.5);
        QVERIFY(!hasValue(d.hrvBaseline)); // needs 3 nights in the week
    }

    void hrvBaselineAndNormalRange()
    {
        // 14 nights alternating rMSSD 40 and 60: the range's mean is (ln 40 + ln 60)/2 and its sample SD
        // is |ln 60 − ln 40|/2 · √(14/13); the 7-day baseline (nights 7–13: four 60s... ) is computed
        // from the last seven values.
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        std::vector<double> lns;
        TwinDay d;
        for (int i = 0; i < 14; ++i) {
            const float r = i % 2 ? 60.0f : 40.0f;
            lns.push_back(std::log(double(r)));
            engine.addNight(twin, night(i, 1000, r));
            d = engine.closeDay(twin);
            if (i == 12)
                QVERIFY(!hasValue(d.hrvLow)); // 13 nights: too few for a range
        }
        const double mean = (std::log(40.0) + std::log(60.0)) / 2;
        const double sd = (std::log(60.0) - std::log(40.0)) / 2 * std::sqrt(14.0 / 13.0);
        double week = 0;
        for (int i = 7; i < 14; ++i)
            week += lns[i];
        week /= 7;
        QVERIFY(std::abs(d.hrvBaseline - week) < 1e-6);
        QVERIFY(std::abs(d.hrvLow - (mean - 0.5 * sd)) < 1e-6);
        QVERIFY(std::abs(d.hrvHigh - (mean + 0.5 * sd)) < 1e-6);
        // z = (week − mean)/sd, 15 points per SD.
        QVERIFY(std::abs(d.recovery.pointsOf(ContributionInput::Hrv) - 15.0 * (week - mean) / sd) < 1e-4);
    }

    void restingHrAgainstBaselineMovesRecovery()
    {
        // Seven nights at mean RR 1000 ms (60 bpm), then one at 800 ms (75 bpm): 15 bpm above the
        // baseline, clamped to 10 → −3·10 = −30 points.
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        for (int i = 0; i < 7; ++i) {
            engine.addNight(twin, night(i, 1000, 40));
            engine.closeDay(twin);
        }
        engine.addNight(twin, night(7, 800, 40));
        const TwinDay d = engine.closeDay(twin);
        QVERIFY(std::abs(d.rhrBaseline - 60.0) < 1e-3);
        QVERIFY(std::abs(d.rhr - 75.0) < 1e-3);
        QVERIFY(std::abs(d.recovery.pointsOf(ContributionInput::RestingHr) + 30.0) < 1e-4);
    }

    void scoresOfAShortNight()
    {
        // First day, 6 h asleep of 8 h in bed (efficiency 0.75), no load:
        //   recovery  = 70 + 8·(6 − 8) + 6·(0.75 − 0.85)/0.1 = 70 − 16 − 6 = 48
        //   readiness = 70 + (48 − 70) = 48 (no CTL yet, no ACWR, too few nights for regularity)
        //   energy    = 60 carried + min(11·6, 100 − 60) − 2.5·(24 − 6) − 0 = 60 + 40 − 45 = 55
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        NightEntry n = night(0, 1000, 40, 480, 360);
        engine.addNight(twin, n);
        const TwinDay d = engine.closeDay(twin);
        QCOMPARE(d.recovery.value, 48.0f);
        QCOMPARE(d.recovery.pointsOf(ContributionInput::SleepDuration), -16.0f);
        QVERIFY(std::abs(d.recovery.pointsOf(ContributionInput::SleepEfficiency) + 6.0f) < 1e-5);
        QVERIFY(!d.recovery.has(ContributionInput::Hrv));
        QCOMPARE(d.readiness.value, 48.0f);
        QCOMPARE(d.readiness.pointsOf(ContributionInput::Recovery), -22.0f);
        QVERIFY(!d.readiness.has(ContributionInput::Form));
        QCOMPARE(d.energy.value, 55.0f);
        QCOMPARE(d.energy.pointsOf(ContributionInput::SleepRecharge), 40.0f);
        QCOMPARE(d.energy.pointsOf(ContributionInput::WakingHours), -45.0f);
    }

    void contributionsAddUpToTheScore()
    {
        const TwinEngine engine;
        TwinState twin;
        engine.start(twin, male(), 0);
        for (int i = 0; i < 90; ++i) {
            engine.addLoad(twin, (i * 37) % 150);
            engine.addNight(twin, night(i, 950 + (i * 13) % 90, 30 + (i * 7) % 40, 480, 380 + (i * 11) % 100));
            const TwinDay d = engine.closeDay(twin);
            for (const Score* s : {&d.readiness, &d.recovery, &d.energy}) {
                double sum = 0;
                for (int c = 0; c < s->count; ++c)
                    sum += s->contributions[c].points;
                QVERIFY(s->value >= 0.0f && s->value <= 100.0f);
                QVERIFY2(std::abs(std::clamp(sum, 0.0, 100.0) - s->value) < 1e-3, qPrintable(QString::number(i)));
            }
        }
    }

    void liveSamplesIntegrateLikeAWorkout()
    {
        // 30 min at 150 bpm at 1 Hz, via the live path, equals the workout computation of the same
        // samples (x = 0.75 ≥ the 0.3 training threshold).
        const TwinEngine engine;
        TwinState live;
        live.profile = male();
        const TimestampUs t0 = startOfDayUs(20000) + 8 * 3600 * kUsPerSecond;
        WorkoutEntry w;
        for (int s = 0; s <= 1800; ++s) {
            engine.addHrSample(live, t0 + s * kUsPerSecond, 150.0f, 2);
            w.hrSamples.push_back({float(s), 150.0f});
        }
        const double expected = trimp::ofWorkout(w, male()).banister; // 30 · 2.025934 = 60.778
        QVERIFY(std::abs(expected - 60.778) < 1e-3);
        const TwinDay preview = engine.preview(live);
        QVERIFY(std::abs(preview.trimp - expected) < 1e-6);
        QCOMPARE(preview.load, preview.trimp);
        QCOMPARE(preview.day, 20000);
    }

    void liveDayRolloverRestingHrAndDeterminism()
    {
        // Day 1: 2 h of rest at 52 bpm with no steps, then 1 h walking at 95 bpm; a sample on day 2
        // closes day 1, whose resting HR is the lowest inactive 5-minute mean: 52.
        const TwinEngine engine;
        auto feed = [&](TwinState& twin) {
            twin.profile = male();
            const TimestampUs t0 = startOfDayUs(20000);
            for (int s = 0; s < 7200; ++s)
                engine.addHrSample(twin, t0 + s * kUsPerSecond, 52.0f, 0);
            for (int s = 7200; s < 10800; ++s)
                engine.addHrSample(twin, t0 + s * kUsPerSecond, 95.0f, 1);
            engine.addHrSample(twin, startOfDayUs(20001) + 60 * kUsPerSecond, 60.0f, 0);
        };
        TwinState a, b;
        feed(a);
        feed(b);
        QCOMPARE(a.day, 20001);
        QCOMPARE(a.ctlHistory.size(), 1);
        QVERIFY(std::abs(a.rhr.at(0) - 52.0) < 1e-4);
        QCOMPARE(a.today.sawSamples, true);
        // Same samples, same twin: compare what a day close derives.
        const TwinDay da = engine.preview(a), db = engine.preview(b);
        QCOMPARE(da.energy.value, db.energy.value);
        QCOMPARE(da.readiness.value, db.readiness.value);
        QCOMPARE(a.ctl, b.ctl);
        QCOMPARE(a.rhr.at(0), b.rhr.at(0));
        QCOMPARE(a.today.awakeMinutes, b.today.awakeMinutes);
        // Preview leaves the twin as it was.
        const TwinState before = a;
        engine.preview(a);
        QCOMPARE(before.ctlHistory.size(), a.ctlHistory.size());
        QCOMPARE(before.energy, a.energy);
        QCOMPARE(before.day, a.day);
        // Late samples are ignored.
        engine.addHrSample(a, startOfDayUs(20000), 180.0f, 0);
        QCOMPARE(a.day, 20001);
        QCOMPARE(a.today.trimp, 0.0);
    }

    void retainedStateFitsInOneKilobyte()
    {
        QVERIFY2(sizeof(TwinState) <= 1024, qPrintable(QString::number(sizeof(TwinState))));
    }
};

QTEST_GUILESS_MAIN(TestTwinEngine)
#include "tst_twin_engine.moc"
