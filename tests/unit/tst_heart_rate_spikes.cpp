// The bench's heart-rate spikes (simulator/load/HeartRateSpikes.h): which users and samples they
// touch, and that the health analyzer turns each one into exactly one implausible-reading episode,
// so the bench's input-to-alert latency has a known stream of alerts behind it.

#include "backend/analysis/HealthAnalyzer.h"
#include "simulator/HealthSimulator.h"
#include "simulator/load/HeartRateSpikes.h"

#include <QtTest>

#include <map>
#include <set>

using namespace nexus;

namespace {
constexpr TimestampUs kStart = 1'767'225'600 * kUsPerSecond; // 2026-01-01T00:00Z

/// Every upload of a simulated population over `hours` of event time, in order.
class Uploads : public HealthBatchSink
{
public:
    bool publish(const HealthBatch& batch) override
    {
        batches.push_back(batch);
        return true;
    }
    std::vector<HealthBatch> batches;
};

std::vector<HealthBatch> simulate(int users, int hours)
{
    SimulatorOptions options;
    options.users = users;
    HealthSimulator sim(options, kStart);
    Uploads uploads;
    sim.advanceTo(kStart + hours * 3600 * kUsPerSecond, 0, uploads);
    return std::move(uploads.batches);
}
} // namespace

class TestHeartRateSpikes : public QObject
{
    Q_OBJECT

private slots:
    void spikeOneSampleAndLeaveTheRest()
    {
        load::HeartRateSpikes spikes{1.0};
        HealthBatch batch;
        batch.userId = "u-1";
        for (int s = 0; s < 900; ++s) // a whole period at 1 Hz, so the user's spike second is in it
            batch.samples.emplace_back(kStart + s * kUsPerSecond, 70, 0);
        const HealthBatch before = batch;
        QVERIFY(spikes.apply(batch));
        int changed = 0;
        for (std::size_t i = 0; i < batch.samples.size(); ++i) {
            if (batch.samples[i].hrBpm != before.samples[i].hrBpm) {
                ++changed;
                QCOMPARE(batch.samples[i].hrBpm, std::uint16_t(130));
                QVERIFY(i + 1 < batch.samples.size()); // it comes back down inside the batch
            }
        }
        QCOMPARE(changed, 1);
        HealthBatch again = before;
        QVERIFY(spikes.apply(again));
        QVERIFY(again == batch); // pure: the same batch, the same spike

        HealthBatch workout = before;
        for (HealthSample& s : workout.samples)
            s.workout = true;
        QVERIFY(!spikes.apply(workout)); // a workout's HR jumps are real
        HealthBatch high = before;
        for (HealthSample& s : high.samples)
            s.hrBpm = 170;
        QVERIFY(!spikes.apply(high)); // 230 bpm would be out of range, another detector's case
        QVERIFY(!load::HeartRateSpikes{0.0}.apply(batch));
    }

    void theShareOfUsersIsChosenByUserId()
    {
        const load::HeartRateSpikes spikes{0.25};
        int chosen = 0;
        for (int u = 0; u < 4000; ++u) {
            HealthBatch batch;
            batch.userId = HealthSimulator::userId(u);
            for (int s = 0; s < 900; ++s)
                batch.samples.emplace_back(kStart + s * kUsPerSecond, 70, 0);
            chosen += spikes.apply(batch);
        }
        QVERIFY2(std::abs(chosen - 1000) < 100, qPrintable(QString::number(chosen)));
    }

    void eachSpikeOpensOneImplausibleReadingEpisode()
    {
        const load::HeartRateSpikes spikes{1.0};
        HealthAnalyzer analyzer;
        std::vector<AlertEvent> alerts;
        std::map<std::string, int> spikedPerUser;
        for (HealthBatch& batch : simulate(50, 3)) {
            if (spikes.apply(batch))
                ++spikedPerUser[batch.userId];
            analyzer.analyze(batch, alerts);
        }
        std::map<std::string, int> openedPerUser;
        for (const AlertEvent& a : alerts)
            if (a.detector == detector::kSensorImplausible && a.state == AlertState::Open)
                ++openedPerUser[a.userId];
        int spiked = 0;
        for (const auto& [user, n] : spikedPerUser)
            spiked += n;
        QVERIFY2(spiked >= 50 * 3 * 2, qPrintable(QString::number(spiked))); // ~4 an hour for users wearing the device
        QCOMPARE(openedPerUser, spikedPerUser);

        // Without spikes the same population raises none.
        HealthAnalyzer plain;
        std::vector<AlertEvent> none;
        for (const HealthBatch& batch : simulate(50, 3))
            plain.analyze(batch, none);
        for (const AlertEvent& a : none)
            QVERIFY2(a.detector != detector::kSensorImplausible, a.userId.c_str());
    }
};

QTEST_GUILESS_MAIN(TestHeartRateSpikes)
#include "tst_heart_rate_spikes.moc"
