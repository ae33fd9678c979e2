// The processor's per-user statistics on known input: last/mean HR, counts, steps, duplicates,
// event-time publication cadence and the most-active ranking.

#include "backend/processing/TwinTable.h"
#include "backend/twin/TwinEngine.h"

#include <QtTest>

#include <optional>
#include <set>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'764'000'000'000'000; // a multiple of 10 s

HealthBatch batch(const std::string& user, TimestampUs start, std::initializer_list<std::pair<int, int>> hrSteps)
{
    HealthBatch b;
    b.userId = user;
    b.deviceId = "d-" + user;
    TimestampUs t = start;
    for (auto [hr, steps] : hrSteps) {
        b.samples.push_back({t, std::uint16_t(hr), std::uint16_t(steps)});
        t += kUsPerSecond;
    }
    return b;
}
} // namespace

class TestTwinTable : public QObject
{
    Q_OBJECT
private slots:
    void statsOnKnownInput()
    {
        TwinTable table(10 * kUsPerSecond);
        // HR 60, 70, 80, 90 → mean 75; steps 0+2+3+5 = 10.
        auto r = table.apply(batch("alice", kT0 + kUsPerSecond, {{60, 0}, {70, 2}}));
        QCOMPARE(r.applied, std::size_t(2));
        r = table.apply(batch("alice", kT0 + 3 * kUsPerSecond, {{80, 3}, {90, 5}}));
        QCOMPARE(r.applied, std::size_t(2));
        const TwinSummary* a = table.find("alice");
        QVERIFY(a);
        QCOMPARE(a->sampleCount, std::uint64_t(4));
        QCOMPARE(a->lastHrBpm, std::uint16_t(90));
        QCOMPARE(a->meanHrBpm, 75.0);
        QCOMPARE(a->stepsTotal, std::uint64_t(10));
        QCOMPARE(a->lastEventUs, kT0 + 4 * kUsPerSecond);
        QCOMPARE(table.size(), std::size_t(1));
        QVERIFY(!table.find("bob"));
    }

    void redeliveredSamplesCountOnce()
    {
        TwinTable table;
        const HealthBatch b = batch("alice", kT0, {{60, 1}, {62, 1}, {64, 1}});
        table.apply(b);
        const auto again = table.apply(b); // a producer retry delivered it twice
        QCOMPARE(again.applied, std::size_t(0));
        QCOMPARE(again.skipped, std::size_t(3));
        QCOMPARE(table.find("alice")->sampleCount, std::uint64_t(3));
        QCOMPARE(table.find("alice")->stepsTotal, std::uint64_t(3));
        QVERIFY(!again.due);
    }

    void lateUploadsCountAndDuplicatesDoNot()
    {
        TwinTable table(10 * kUsPerSecond, {}, 10 * 60 * kUsPerSecond); // lateness 10 min
        // A training session at HR 160: minutes 0–4, then 10–14 arrive; 5–9 were held back.
        const auto minutes = [](const std::string& user, int from, int hr) {
            HealthBatch b = batch(user, 0, {});
            for (int m = from; m < from + 5; ++m)
                b.samples.push_back({kT0 + m * 60 * kUsPerSecond, std::uint16_t(hr), std::uint16_t(100)});
            return b;
        };
        table.apply(minutes("ann", 0, 160));
        table.apply(minutes("ann", 10, 160));
        const TwinDay before = TwinEngine().preview(*table.findState("ann"));
        const auto late = table.apply(minutes("ann", 5, 160));
        QCOMPARE(late.applied, std::size_t(5));
        QCOMPARE(late.late, std::size_t(5));
        QCOMPARE(late.skipped, std::size_t(0));
        QCOMPARE(late.tooLate, std::size_t(0));
        const TwinSummary* ann = table.find("ann");
        QCOMPARE(ann->sampleCount, std::uint64_t(15));
        QCOMPARE(ann->stepsTotal, std::uint64_t(1500));
        QCOMPARE(ann->lastEventUs, kT0 + 14 * 60 * kUsPerSecond); // the newest stays the newest
        // The late minutes' training counts: four 1-min intervals inside the late upload.
        const TwinDay after = TwinEngine().preview(*table.findState("ann"));
        QVERIFY2(after.load > before.load * 1.3, qPrintable(QString("%1 → %2").arg(before.load).arg(after.load)));

        // Re-delivered, in order or late, it counts once.
        for (const int from : {5, 0, 10}) {
            const auto again = table.apply(minutes("ann", from, 160));
            QCOMPARE(again.applied, std::size_t(0));
            QCOMPARE(again.skipped, std::size_t(5));
        }
        QCOMPARE(table.find("ann")->sampleCount, std::uint64_t(15));

        // Older than the lateness: not counted, reported as too late.
        table.apply(minutes("ann", 40, 70)); // the newest is now minute 44
        const auto old = table.apply(minutes("ann", 25, 70)); // minutes 25–29: 15–19 min behind
        QCOMPARE(old.applied, std::size_t(0));
        QCOMPARE(old.tooLate, std::size_t(5));
        QCOMPARE(table.find("ann")->sampleCount, std::uint64_t(20));
        // Partly within: minute 34 is exactly 10 min behind minute 44 (allowed), 30–33 are more.
        const auto edge = table.apply(minutes("ann", 30, 70));
        QCOMPARE(edge.tooLate, std::size_t(4));
        QCOMPARE(edge.late, std::size_t(1));
    }

    void publishesOncePerIntervalOfEventTime()
    {
        TwinTable table(10 * kUsPerSecond);
        std::vector<TimestampUs> dueAt;
        for (int i = 1; i <= 65; ++i) { // one sample per second, uploaded one by one
            const auto r = table.apply(batch("u", kT0 + i * kUsPerSecond, {{60 + i % 7, 0}}));
            if (r.due) {
                QCOMPARE(r.due->lastEventUs, kT0 + i * kUsPerSecond);
                QCOMPARE(r.due->sampleCount, std::uint64_t(i));
                dueAt.push_back(r.due->lastEventUs);
            }
        }
        // The first sample arms the schedule; every boundary crossed after it publishes: 6 or 7 in
        // the 64 s from t0+1 to t0+65 (depending on the user's phase), exactly 10 s apart.
        QVERIFY2(dueAt.size() == 6 || dueAt.size() == 7, QByteArray::number(int(dueAt.size())));
        for (std::size_t i = 1; i < dueAt.size(); ++i)
            QCOMPARE(dueAt[i] - dueAt[i - 1], 10 * kUsPerSecond);
    }

    void usersPublishAtDifferentPhases()
    {
        TwinTable table(10 * kUsPerSecond);
        std::set<TimestampUs> firstDue;
        for (int u = 0; u < 20; ++u) {
            const std::string user = "user-" + std::to_string(u);
            for (int i = 1; i <= 25; ++i) {
                const auto r = table.apply(batch(user, kT0 + i * kUsPerSecond, {{60, 0}}));
                if (r.due) {
                    firstDue.insert(r.due->lastEventUs % (10 * kUsPerSecond));
                    break;
                }
            }
        }
        QVERIFY2(firstDue.size() >= 5, "updates of different users should spread over the interval");
    }

    void updatesCarryTheTwinEnginesDay()
    {
        // 30 minutes at 150 bpm (x = 0.726 for the assumed 35-year-old: rest 60, max 183.5) in 5-sample
        // batches: the published day's load is the Banister TRIMP so far, and the scores are filled in.
        TwinTable table(10 * kUsPerSecond);
        const AthleteProfile& p = TwinTable::kAssumedProfile;
        const double x = (150.0 - p.hrRestBpm) / (p.effectiveHrMaxBpm() - p.hrRestBpm);
        std::optional<TwinSummary> published;
        for (int i = 0; i < 1800; i += 5) {
            const auto r = table.apply(batch("runner", kT0 + i * kUsPerSecond, {{150, 3}, {150, 3}, {150, 3}, {150, 3}, {150, 3}}));
            if (r.due)
                published = *r.due; // a copy: the table's summary moves on with later batches
        }
        QVERIFY(published);
        const TwinSummary* last = &*published;
        const double minutes = double(last->lastEventUs - kT0) / kUsPerSecond / 60.0;
        const double expected = minutes * x * 0.64 * std::exp(1.92 * x);
        QVERIFY2(std::abs(last->loadToday - expected) < 1e-6, qPrintable(QString("%1 vs %2 at %3 min").arg(last->loadToday).arg(expected).arg(minutes)));
        QCOMPARE(last->day, dayOf(kT0));
        QVERIFY(last->ctl > 0.0);
        QVERIFY(last->energy.has(ContributionInput::TrainingLoad));
        QVERIFY(last->energy.value < 100.0f);
        QVERIFY(last->readiness.has(ContributionInput::Recovery));
        QVERIFY(!hasValue(last->acwrEwma)); // first day: no ratio
    }

    void partitionSnapshotsRestoreTwinsExactly()
    {
        // Twins of partition 3 saved and restored into a fresh table continue exactly as the
        // originals do; partition 4's are not in the snapshot.
        TwinTable original(10 * kUsPerSecond);
        for (int i = 0; i < 600; i += 5)
            for (const char* user : {"ann", "bob"})
                original.apply(batch(user, kT0 + i * kUsPerSecond, {{140, 2}, {142, 2}, {150, 3}, {151, 3}, {149, 2}}), 3);
        original.apply(batch("cyd", kT0, {{60, 0}}), 4);
        int twins = 0;
        const std::string bytes = original.savePartition(3, &twins);
        QCOMPARE(twins, 2);

        TwinTable restored(10 * kUsPerSecond);
        QVERIFY(restored.restorePartition(3, bytes));
        QCOMPARE(restored.size(), std::size_t(2));
        QVERIFY(!restored.find("cyd"));
        QCOMPARE(restored.find("ann")->sampleCount, original.find("ann")->sampleCount);
        std::optional<TwinSummary> a, b;
        for (int i = 600; i < 1200; i += 5) {
            const auto next = batch("ann", kT0 + i * kUsPerSecond, {{150, 3}, {152, 3}, {155, 3}, {151, 2}, {150, 2}});
            const auto ra = original.apply(next, 3), rb = restored.apply(next, 3);
            QCOMPARE(ra.due != nullptr, rb.due != nullptr);
            if (ra.due) {
                a = *ra.due;
                b = *rb.due;
            }
        }
        QVERIFY(a && b);
        QCOMPARE(*b, *a); // statistics, load, CTL/ATL/TSB and scores alike
        QVERIFY(a->loadToday > 0.0);

        // A re-delivered recent upload is still recognised after a restore (the recent uploads'
        // spans are in the snapshot).
        const HealthBatch bobsLast = batch("bob", kT0 + 595 * kUsPerSecond, {{140, 2}, {142, 2}, {150, 3}, {151, 3}, {149, 2}});
        QCOMPARE(restored.apply(bobsLast, 3).skipped, std::size_t(5));

        QVERIFY(!restored.restorePartition(3, bytes.substr(0, bytes.size() - 1))); // truncated
        QVERIFY(!restored.restorePartition(3, "not a snapshot"));
        QCOMPARE(restored.size(), std::size_t(2)); // unchanged by the refusals
        restored.dropPartition(3);
        QCOMPARE(restored.size(), std::size_t(0));
    }

    void mostActiveRanksBySteps()
    {
        TwinTable table;
        table.apply(batch("carol", kT0, {{60, 5}}));
        table.apply(batch("alice", kT0, {{60, 9}}));
        table.apply(batch("bob", kT0, {{60, 5}, {60, 0}})); // ties carol on steps, more samples
        const auto top = table.mostActive(2);
        QCOMPARE(top.size(), std::size_t(2));
        QCOMPARE(top[0].userId, std::string("alice"));
        QCOMPARE(top[1].userId, std::string("bob"));
        QCOMPARE(table.mostActive(10).size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestTwinTable)
#include "tst_twin_table.moc"
