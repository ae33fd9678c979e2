// The log-linear latency histogram: exact small values, bounded relative error, interval deltas.

#include "models/metrics/LatencyHistogram.h"

#include <QtTest>

#include <random>

using namespace nexus;

class TestLatencyHistogram : public QObject
{
    Q_OBJECT
private slots:
    void emptyIsZero()
    {
        LatencyHistogram h;
        QCOMPARE(h.count(), std::uint64_t(0));
        QCOMPARE(h.percentileUs(0.99), std::int64_t(0));
    }

    void smallValuesAreExact()
    {
        LatencyHistogram h;
        for (int v = 1; v <= 50; ++v)
            h.record(v);
        QCOMPARE(h.percentileUs(0.5), std::int64_t(25));
        QCOMPARE(h.percentileUs(1.0), std::int64_t(50));
        QCOMPARE(h.maxUs(), std::int64_t(50));
    }

    void bucketsAreContiguous()
    {
        // Every value maps to a bucket whose upper bound is ≥ the value and < the next bucket's.
        for (std::int64_t v : {0LL, 63LL, 64LL, 127LL, 128LL, 1000LL, 123456LL, 9'999'999LL}) {
            const int i = LatencyHistogram::bucketIndex(v);
            QVERIFY(LatencyHistogram::bucketUpperUs(i) >= v);
            if (i > 0)
                QVERIFY(LatencyHistogram::bucketUpperUs(i - 1) < v);
        }
    }

    void uniformDistributionPercentiles()
    {
        // 1..1,000,000 µs uniformly: p50 ≈ 500 ms, p99 ≈ 990 ms, within the 1/64 bucket width.
        LatencyHistogram h;
        std::mt19937_64 rng(7);
        std::uniform_int_distribution<std::int64_t> d(1, 1'000'000);
        for (int i = 0; i < 200'000; ++i)
            h.record(d(rng));
        const auto near = [](std::int64_t got, double want) { return std::abs(double(got) - want) / want < 0.025; };
        QVERIFY2(near(h.percentileUs(0.50), 500'000), QByteArray::number(qint64(h.percentileUs(0.50))));
        QVERIFY2(near(h.percentileUs(0.90), 900'000), QByteArray::number(qint64(h.percentileUs(0.90))));
        QVERIFY2(near(h.percentileUs(0.99), 990'000), QByteArray::number(qint64(h.percentileUs(0.99))));
        QVERIFY(std::abs(h.meanUs() - 500'000.0) < 5'000.0);
    }

    void intervalDeltaSeesOnlyNewValues()
    {
        LatencyHistogram h;
        for (int i = 0; i < 1000; ++i)
            h.record(5'000'000); // a slow warm-up
        const LatencyHistogram before = h;
        for (int i = 0; i < 1000; ++i)
            h.record(2000);
        const LatencyHistogram interval = h.minus(before);
        QCOMPARE(interval.count(), std::uint64_t(1000));
        QVERIFY(interval.percentileUs(0.99) <= 2000 + 2000 / 64);
        QVERIFY(interval.maxUs() < 2100);
        QCOMPARE(h.maxUs(), std::int64_t(5'000'000));
    }

    void negativeAndHugeValuesAreClamped()
    {
        LatencyHistogram h;
        h.record(-5);
        h.record(std::int64_t(1) << 50);
        QCOMPARE(h.count(), std::uint64_t(2));
        QCOMPARE(h.percentileUs(0.0), std::int64_t(0));
        QVERIFY(h.percentileUs(1.0) > 0);
    }
};

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latency_histogram.moc"
