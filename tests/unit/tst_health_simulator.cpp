// The wearable simulator: determinism, 1 Hz samples in order, physiological bounds, uploads
// batched per device and keyed by user.

#include "simulator/HealthSimulator.h"

#include <QtTest>

#include <map>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'764'000'000'000'000;

struct VectorSink : HealthBatchSink
{
    std::vector<HealthBatch> batches;
    bool publish(const HealthBatch& b) override
    {
        batches.push_back(b);
        return true;
    }
};

std::vector<HealthBatch> run(const SimulatorOptions& o, DurationUs duration)
{
    HealthSimulator sim(o, kT0);
    VectorSink sink;
    // Advance in uneven steps: the output must not depend on how time is sliced.
    for (TimestampUs t = kT0; t < kT0 + duration; t += 1'700 * kUsPerMs)
        sim.advanceTo(t, t, sink);
    sim.advanceTo(kT0 + duration, kT0 + duration, sink);
    return sink.batches;
}
} // namespace

class TestHealthSimulator : public QObject
{
    Q_OBJECT
private slots:
    void sameSeedSameStream()
    {
        SimulatorOptions o;
        o.users = 50;
        const auto a = run(o, 600 * kUsPerSecond);
        const auto b = run(o, 600 * kUsPerSecond);
        QVERIFY(!a.empty());
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QCOMPARE(a[i].samples, b[i].samples);
        o.seed = 43;
        const auto c = run(o, 600 * kUsPerSecond);
        QVERIFY(c.size() != a.size() || c[0].samples != a[0].samples);
    }

    void samplesAreOneHertzOrderedAndPlausible()
    {
        SimulatorOptions o;
        o.users = 200;
        o.uploadIntervalSeconds = 5;
        const auto batches = run(o, 3600 * kUsPerSecond);
        std::map<std::string, TimestampUs> last;
        std::size_t samples = 0;
        int maxHr = 0, minHr = 1000;
        for (const HealthBatch& b : batches) {
            QVERIFY(!b.samples.empty());
            QVERIFY(b.samples.size() <= 5);
            QCOMPARE(b.deviceId.substr(1), b.userId.substr(1));
            for (const HealthSample& s : b.samples) {
                QCOMPARE(s.tsUs % kUsPerSecond, 0);
                QVERIFY(s.tsUs > last[b.userId]); // strictly increasing per user, across batches
                last[b.userId] = s.tsUs;
                QVERIFY(s.hrBpm >= 35 && s.hrBpm <= 215);
                QVERIFY(s.steps <= 4);
                maxHr = std::max<int>(maxHr, s.hrBpm);
                minHr = std::min<int>(minHr, s.hrBpm);
                ++samples;
            }
        }
        QCOMPARE(last.size(), std::size_t(200));
        // Devices are off part of the time: well below 1 sample/s per user, well above none.
        const double perUserPerSecond = double(samples) / 200.0 / 3600.0;
        QVERIFY2(perUserPerSecond > 0.5 && perUserPerSecond < 1.0, QByteArray::number(perUserPerSecond));
        QVERIFY2(maxHr > 140, "someone should have been running");
        QVERIFY2(minHr < 75, "someone should have been resting");
    }

    void idsAreZeroPadded()
    {
        QCOMPARE(HealthSimulator::userId(42), std::string("u0000042"));
        QCOMPARE(HealthSimulator::deviceId(7), std::string("d0000007"));
    }
};

QTEST_GUILESS_MAIN(TestHealthSimulator)
#include "tst_health_simulator.moc"
