// The wearable population and its daily physiology: determinism, physiological bounds, recovery
// after exercise, the overtraining response seen through the twin engine, and plausible TRIMP.

#include "backend/twin/Trimp.h"
#include "backend/twin/TwinEngine.h"
#include "simulator/wearable/DailyPhysiology.h"
#include "simulator/wearable/Population.h"

#include <QtTest>

#include <cmath>
#include <numeric>

using namespace nexus;
using namespace nexus::wearable;

namespace {

constexpr DayNumber kFirstDay = 20000; // 2024-10-04

std::vector<DayRecord> simulate(const Person& p, int days, const TrainingPlan& plan = {}, DayNumber first = kFirstDay)
{
    PhysiologyState state = initialState(p);
    std::vector<DayRecord> out;
    for (int d = 0; d < days; ++d)
        out.push_back(simulateDay(p, state, first + d, plan));
    return out;
}

bool sameRecords(const std::vector<DayRecord>& a, const std::vector<DayRecord>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const DayRecord &x = a[i], &y = b[i];
        if (x.day != y.day || x.steps != y.steps || x.skinTempC != y.skinTempC || x.night.rrMs != y.night.rrMs ||
            x.night.spo2Pct != y.night.spo2Pct || x.night.bedUs != y.night.bedUs ||
            x.workouts.size() != y.workouts.size())
            return false;
        for (std::size_t k = 0; k < x.workouts.size(); ++k)
            if (x.workouts[k].hrBpm != y.workouts[k].hrBpm || x.workouts[k].startUs != y.workouts[k].startUs)
                return false;
    }
    return true;
}

double mean(const std::vector<double>& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

/// Mean of a 1 Hz series over [from, from + 10 s), to look past the noise.
double windowMean(const std::vector<float>& hr, int from)
{
    double s = 0.0;
    for (int i = from; i < from + 10; ++i)
        s += hr[std::size_t(i)];
    return s / 10.0;
}

struct TwinWeek
{
    double lnRmssd = 0.0;
    double rhr = 0.0;
};

/// Runs the records through the twin engine and averages ln rMSSD and resting HR over [from, to).
TwinWeek throughTwin(const Person& p, const std::vector<DayRecord>& records, int from, int to)
{
    TwinEngine engine;
    TwinState twin;
    engine.start(twin, profileOf(p), records.front().day);
    std::vector<double> ln, rhr;
    for (int i = 0; i < int(records.size()); ++i) {
        const DayRecord& r = records[std::size_t(i)];
        engine.addNight(twin, toNightEntry(r));
        for (const WorkoutRecord& w : r.workouts)
            engine.addWorkout(twin, toWorkoutEntry(w, r.day));
        const TwinDay d = engine.closeDay(twin);
        if (i >= from && i < to) {
            ln.push_back(d.lnRmssd);
            rhr.push_back(d.rhr);
        }
    }
    return {mean(ln), mean(rhr)};
}

} // namespace

class TestWearablePhysiology : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSamePeopleAndRecords()
    {
        const Population a(7, 20), b(7, 20), c(8, 20);
        int differing = 0;
        for (int i = 0; i < a.size(); ++i) {
            QVERIFY(a.person(i) == b.person(i));
            differing += a.person(i) != c.person(i);
        }
        QCOMPARE(differing, a.size());
        for (int i = 0; i < 5; ++i) {
            QVERIFY(sameRecords(simulate(a.person(i), 14), simulate(b.person(i), 14)));
            QVERIFY(!sameRecords(simulate(a.person(i), 14), simulate(c.person(i), 14)));
        }
    }

    void personIndependentOfPopulationSize()
    {
        const Population small(42, 10), large(42, 1000);
        for (int i = 0; i < small.size(); ++i)
            QVERIFY(small.person(i) == large.person(i));
        QVERIFY(sameRecords(simulate(small.person(9), 7), simulate(large.person(9), 7)));
    }

    void populationIsVaried()
    {
        const Population pop(1, 500);
        int men = 0, rings = 0;
        float minAge = 100, maxAge = 0;
        for (const Person& p : pop.people()) {
            men += p.sex == Sex::Male;
            rings += p.deviceType == "ring-c";
            minAge = std::min(minAge, p.ageYears);
            maxAge = std::max(maxAge, p.ageYears);
            QVERIFY(p.ageYears >= 18 && p.ageYears <= 75);
            QVERIFY(p.hrRestBpm >= 40 && p.hrRestBpm <= 85 && p.hrMaxBpm > p.hrRestBpm + 60);
            QVERIFY(std::abs(p.hrMaxBpm - (208 - 0.7f * p.ageYears)) < 25);
            QVERIFY(p.wakeMin > p.bedtimeMin);
            float shares = 0;
            for (const WorkoutHabit& h : p.habits)
                shares += h.share;
            QVERIFY(std::abs(shares - 1.0f) < 1e-4f);
        }
        QVERIFY(men > 200 && men < 300);
        QVERIFY(rings > 50 && rings < 150);
        QVERIFY(minAge < 25 && maxAge > 68);
    }

    void physiologyWithinBounds()
    {
        const Population pop(2026, 200);
        int workouts = 0;
        for (const Person& p : pop.people()) {
            for (const DayRecord& r : simulate(p, 7)) {
                for (const WorkoutRecord& w : r.workouts) {
                    ++workouts;
                    for (float hr : w.hrBpm)
                        QVERIFY2(hr >= 30 && hr <= 220 && hr <= p.hrMaxBpm + 3, qPrintable(QString::number(hr)));
                }
                QCOMPARE(int(r.night.rrMs.size()), kNightBeats);
                for (float rr : r.night.rrMs)
                    QVERIFY2(rr >= 300 && rr <= 2000, qPrintable(QString::number(rr)));
                QVERIFY(!r.night.spo2Pct.empty());
                for (float s : r.night.spo2Pct)
                    QVERIFY(s >= 85 && s <= 100);
                QCOMPARE(int(r.skinTempC.size()), 24);
                for (float t : r.skinTempC)
                    QVERIFY(t >= 30 && t <= 38);
                QVERIFY(r.night.asleepMin > 120 && r.night.asleepMin <= r.night.inBedMin);
                QVERIFY(r.night.wakeUs > r.night.bedUs);
                QVERIFY(r.steps > 0 && r.steps < 60000);
            }
        }
        QVERIFY(workouts > 300); // 200 people × 7 days at ~3 sessions a week
    }

    void heartRateRecoversAfterWorkout()
    {
        const Population pop(3, 30);
        for (const Person& p : pop.people()) {
            const WorkoutSpec spec{WorkoutType::Run, 420, 30 * 60, 0.75f};
            const std::vector<float> hr = workoutHeartRate(p, spec, 99);
            QCOMPARE(int(hr.size()), spec.durationS + kRecoverySeconds);
            const double atEnd = windowMean(hr, spec.durationS - 10);
            const double after5 = windowMean(hr, spec.durationS + 295);
            const double after10 = windowMean(hr, spec.durationS + kRecoverySeconds - 10);
            const double rest = p.hrRestBpm;
            QVERIFY2(atEnd - after5 > 0.5 * (atEnd - rest),
                     qPrintable(QString("%1 %2 %3").arg(atEnd).arg(after5).arg(rest)));
            QVERIFY(after10 < after5 + 2.0);
            QVERIFY(after10 > rest - 5.0);
        }
    }

    void overtrainingLowersHrvAndRaisesRestingHr()
    {
        // Two weeks of habit, then two weeks at 2.5× load; compare the block's second week.
        const Population pop(11, 40);
        const TrainingPlan block{2.5, 0, kFirstDay + 14, kFirstDay + 28};
        std::vector<double> dLn, dRhr;
        for (const Person& p : pop.people()) {
            if (p.sessionsPerWeek < 2.0f)
                continue;
            const TwinWeek normal = throughTwin(p, simulate(p, 28), 21, 28);
            const TwinWeek over = throughTwin(p, simulate(p, 28, block), 21, 28);
            QVERIFY2(over.lnRmssd < normal.lnRmssd, p.userId.c_str());
            QVERIFY2(over.rhr > normal.rhr, p.userId.c_str());
            dLn.push_back(over.lnRmssd - normal.lnRmssd);
            dRhr.push_back(over.rhr - normal.rhr);
        }
        QVERIFY(dLn.size() >= 15);
        qInfo("overtraining: mean Δ ln rMSSD %.3f, mean Δ resting HR %.2f bpm over %d people", mean(dLn), mean(dRhr),
              int(dLn.size()));
        QVERIFY(mean(dLn) < -0.10);
        QVERIFY(mean(dRhr) > 1.5);
    }

    void shortSleepLowersHrv()
    {
        const Population pop(12, 20);
        const TrainingPlan lateNights{1.0, 150, kFirstDay + 7, kFirstDay + 14};
        for (const Person& p : pop.people()) {
            const TwinWeek normal = throughTwin(p, simulate(p, 14), 7, 14);
            const TwinWeek shortSleep = throughTwin(p, simulate(p, 14, lateNights), 7, 14);
            QVERIFY(shortSleep.lnRmssd < normal.lnRmssd);
        }
    }

    void workoutTrimpIsPlausible()
    {
        const Population pop(5, 50);
        for (const Person& p : pop.people()) {
            const AthleteProfile profile = profileOf(p);
            WorkoutRecord easy, hard;
            easy.spec = {WorkoutType::Run, 420, 45 * 60, 0.62f};
            hard.spec = {WorkoutType::Run, 420, 45 * 60, 0.85f};
            easy.hrBpm = workoutHeartRate(p, easy.spec, 1);
            hard.hrBpm = workoutHeartRate(p, hard.spec, 1);
            const double easyTrimp = trimp::ofWorkout(toWorkoutEntry(easy, kFirstDay), profile).banister;
            const double hardTrimp = trimp::ofWorkout(toWorkoutEntry(hard, kFirstDay), profile).banister;
            QVERIFY2(easyTrimp >= 40 && easyTrimp <= 120, qPrintable(QString::number(easyTrimp)));
            QVERIFY2(hardTrimp > 1.5 * easyTrimp, qPrintable(QString("%1 %2").arg(easyTrimp).arg(hardTrimp)));
            // The simulator's own TRIMP (which feeds its load EWMAs) is the backend's.
            QVERIFY(std::abs(banisterTrimp(p, easy.hrBpm, easy.spec.durationS) - easyTrimp) < 0.01 * easyTrimp);
        }
    }
};

QTEST_GUILESS_MAIN(TestWearablePhysiology)
#include "tst_wearable_physiology.moc"
