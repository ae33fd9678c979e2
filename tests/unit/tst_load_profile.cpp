// The load generator's pieces: the rate profile (parsing, rate and its integral on ramps, steps and
// spikes), the open-loop pacer and generator on a simulated clock (rate held, intended send times
// kept through a stall), and the latency histogram's percentiles against known distributions.

#include "models/metrics/LatencyHistogram.h"
#include "simulator/load/OpenLoopPacer.h"
#include "simulator/load/RateProfile.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace nexus;
using namespace nexus::load;

namespace {

constexpr DurationUs kSecond = kUsPerSecond;
constexpr TimestampUs kStart = 1'764'000'000'000'000; // an epoch time, as the real clock gives

/// A clock that moves only when told: sleeping jumps to the deadline plus a fixed oversleep (as
/// a real timer does), work costs `spend()`, and one stall can be armed to freeze the sender.
class SimulatedClock : public PacerClock
{
public:
    TimestampUs t = kStart;
    DurationUs oversleepUs = 80;
    TimestampUs stallAtUs = -1;
    DurationUs stallUs = 0;

    TimestampUs nowUs() override { return t; }
    void sleepUntilUs(TimestampUs deadlineUs) override { t = std::max(t, deadlineUs) + oversleepUs; }
    void spend(DurationUs us)
    {
        t += us;
        if (stallAtUs >= 0 && t >= stallAtUs) {
            t += stallUs;
            stallAtUs = -1;
        }
    }
};

/// Records each batch's stamped (intended) send time and the clock when it was actually sent.
class RecordingSink : public HealthBatchSink
{
public:
    explicit RecordingSink(SimulatedClock& clock) : m_clock(clock) {}
    bool publish(const HealthBatch& batch) override
    {
        m_clock.spend(3); // what a produce call costs
        intended.push_back(batch.sentAtUs);
        actual.push_back(m_clock.t);
        return true;
    }
    std::vector<TimestampUs> intended;
    std::vector<TimestampUs> actual;

private:
    SimulatedClock& m_clock;
};

RateProfile parsed(const RateProfileText& text)
{
    RateProfile p;
    std::string error;
    if (!parseRateProfile(text, p, error))
        qFatal("profile did not parse: %s", error.c_str());
    return p;
}

/// The histogram's documented bound: the reported value is the top of the bucket holding the
/// true one, at most 1/64 (< 1.6%) above it.
bool withinHistogramError(std::int64_t reported, std::int64_t exact)
{
    return reported >= exact && double(reported) <= double(exact) * (1.0 + 1.0 / 64.0) + 1.0;
}

} // namespace

class TestLoadProfile : public QObject
{
    Q_OBJECT
private slots:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("us");
        QTest::newRow("ms") << "500ms" << qint64(500'000);
        QTest::newRow("s") << "30s" << qint64(30'000'000);
        QTest::newRow("fraction") << "1.5s" << qint64(1'500'000);
        QTest::newRow("m") << "5m" << qint64(300'000'000);
        QTest::newRow("h") << "1h" << qint64(3'600'000'000);
        QTest::newRow("bare seconds") << "2" << qint64(2'000'000);
        QTest::newRow("us") << "250us" << qint64(250);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, us);
        DurationUs out = -1;
        std::string error;
        QVERIFY2(parseDuration(text.toStdString(), "--ramp", out, error), error.c_str());
        QCOMPARE(qint64(out), us);
    }

    void badDurationsNameTheOption_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* bad : {"x", "", "-1s", "5d", "s", "10 s", "1e30h"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void badDurationsNameTheOption()
    {
        QFETCH(QString, text);
        DurationUs out = 0;
        std::string error;
        QVERIFY(!parseDuration(text.toStdString(), "--ramp", out, error));
        QVERIFY2(QString::fromStdString(error).startsWith("--ramp: '" + text + "'"), error.c_str());
    }

    void rates()
    {
        double r = 0;
        std::string error;
        QVERIFY(parseRate("50000", "--rate", false, r, error) && r == 50000);
        QVERIFY(parseRate("50k", "--rate", false, r, error) && r == 50000);
        QVERIFY(parseRate("1.5M", "--rate", false, r, error) && r == 1.5e6);
        QVERIFY(parseRate("0", "--step", true, r, error) && r == 0);
        for (const char* bad : {"-5", "0", "abc", "5x", "nan", ""}) {
            QVERIFY2(!parseRate(bad, "--rate", false, r, error), bad);
            QVERIFY2(QString::fromStdString(error).startsWith("--rate: "), error.c_str());
        }
    }

    void badProfilesNameTheOption_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("negative rate") << "rate" << "-5" << "--rate";
        QTest::newRow("ramp not a duration") << "ramp" << "x" << "--ramp";
        QTest::newRow("zero duration") << "duration" << "0s" << "--duration";
        QTest::newRow("step without time") << "step" << "100" << "--step";
        QTest::newRow("step after the end") << "step" << "100@2m" << "--step";
        QTest::newRow("spike without length") << "spike" << "100@2s" << "--spike";
        QTest::newRow("spike of length 0") << "spike" << "100@2s+0s" << "--spike";
        QTest::newRow("spike bad time") << "spike" << "100@later+1s" << "--spike";
    }
    void badProfilesNameTheOption()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        QFETCH(QString, named);
        RateProfileText text;
        const std::string v = value.toStdString();
        if (option == "rate")
            text.rate = v;
        else if (option == "ramp")
            text.ramp = v;
        else if (option == "duration")
            text.duration = v;
        else if (option == "step")
            text.steps = {v};
        else
            text.spikes = {v};
        RateProfile p;
        std::string error;
        QVERIFY(!parseRateProfile(text, p, error));
        QVERIFY2(QString::fromStdString(error).startsWith(named + ": '" + value + "'"), error.c_str());
    }

    void flatRate()
    {
        const RateProfile p(1000, 0, 10 * kSecond);
        QCOMPARE(p.rateAt(0), 1000.0);
        QCOMPARE(p.rateAt(10 * kSecond), 0.0); // after the end
        QCOMPARE(p.eventsDue(kSecond), 1000.0);
        QCOMPARE(p.totalEvents(), 10000.0);
        QCOMPARE(p.timeOfEventUs(1), DurationUs(1000));
        QCOMPARE(p.timeOfEventUs(10000), 10 * kSecond);
        QCOMPARE(p.timeOfEventUs(10001), DurationUs(-1));
    }

    void rampRisesLinearlyFromZero()
    {
        const RateProfile p = parsed({"1000", "10s", "20s", {}, {}});
        QCOMPARE(p.rateAt(5 * kSecond), 500.0);
        QCOMPARE(p.rateAt(15 * kSecond), 1000.0);
        QCOMPARE(p.eventsDue(10 * kSecond), 5000.0); // the triangle: 1000/s · 10 s / 2
        QCOMPARE(p.totalEvents(), 15000.0);
        QCOMPARE(p.timeOfEventUs(1250), 5 * kSecond); // 50·t² = 1250 at t = 5 s
        QCOMPARE(p.timeOfEventUs(10000), 15 * kSecond);
    }

    void stepsChangeTheLevel()
    {
        const RateProfile p = parsed({"1000", "", "10s", {"3000@5s"}, {}});
        QCOMPARE(p.rateAt(5 * kSecond - 1), 1000.0);
        QCOMPARE(p.rateAt(5 * kSecond), 3000.0);
        QCOMPARE(p.totalEvents(), 20000.0);
        QCOMPARE(p.timeOfEventUs(8000), 6 * kSecond);
        QCOMPARE(p.peakRate(), 3000.0);
    }

    void stepInsideARampIsScaled()
    {
        const RateProfile p = parsed({"1000", "10s", "20s", {"2000@5s"}, {}});
        QCOMPARE(p.rateAt(5 * kSecond), 1000.0);   // 2000 · 5/10
        QCOMPARE(p.rateAt(7500'000), 1500.0);      // 2000 · 7.5/10
        QCOMPARE(p.eventsDue(10 * kSecond), 1250.0 + 7500.0);
    }

    void spikesOverrideForTheirLength()
    {
        const RateProfile p = parsed({"1000", "", "5s", {}, {"5000@2s+1s"}});
        QCOMPARE(p.rateAt(2500'000), 5000.0);
        QCOMPARE(p.rateAt(3 * kSecond), 1000.0);
        QCOMPARE(p.totalEvents(), 9000.0);
        QCOMPARE(p.timeOfEventUs(2000 + 2500), 2500'000);
    }

    void inverseMatchesIntegral()
    {
        const RateProfile p = parsed({"20k", "3s", "12s", {"5k@6s", "0@9s", "30k@10s"}, {"50k@4s+500ms"}});
        std::mt19937_64 rng(3);
        std::uniform_real_distribution<double> k(1, p.totalEvents());
        for (int i = 0; i < 2000; ++i) {
            const double n = std::floor(k(rng));
            const DurationUs t = p.timeOfEventUs(n);
            // Rounded to the microsecond: within one µs of the peak rate's worth of events.
            QVERIFY2(std::abs(p.eventsDue(t) - n) <= p.peakRate() * 1e-6 + 1e-6, qPrintable(QString::number(n)));
        }
        QCOMPARE(p.rateAt(9500'000), 0.0); // a step to zero pauses the load
    }

    void pacerHoldsTheRateOnAJitteryClock()
    {
        // 50,000 events/s for 10 s, the sender waking every 137 µs (timer granularity) or so.
        OpenLoopPacer pacer(RateProfile(50'000, 0, 10 * kSecond), kStart);
        std::vector<TimestampUs> intended;
        std::vector<std::uint64_t> perSecond(10, 0);
        for (TimestampUs now = kStart; now <= pacer.endUs(); now += 137) {
            intended.clear();
            const std::size_t n = pacer.takeDue(now, intended, 1'000'000);
            perSecond[std::size_t(std::min<TimestampUs>(9, (now - kStart) / kSecond))] += n;
            QCOMPARE(pacer.taken(), pacer.dueBy(now));
        }
        for (std::size_t s = 0; s < perSecond.size(); ++s)
            QVERIFY2(std::abs(double(perSecond[s]) - 50'000) <= 0.02 * 50'000, qPrintable(QString::number(perSecond[s])));
    }

    void generatorHoldsRateAndKeepsIntendedTimesThroughAStall()
    {
        SimulatedClock clock;
        clock.stallAtUs = kStart + 4'900'000; // the sink blocks for 300 ms across a second boundary
        clock.stallUs = 300'000;
        RecordingSink sink(clock);
        const RateProfile profile(10'000, 0, 10 * kSecond);
        SimulatorOptions options;
        options.users = 2000;
        OpenLoopGenerator generator(profile, options, sink, clock);
        std::atomic<bool> stop{false};
        generator.run(stop);

        QCOMPARE(generator.sent(), std::uint64_t(100'000));
        QCOMPARE(generator.due(), std::uint64_t(100'000));
        QCOMPARE(sink.intended.size(), std::size_t(100'000));
        // Every stamp is the schedule's, including the ones sent late after the stall.
        for (std::size_t k = 0; k < sink.intended.size(); ++k)
            QCOMPARE(sink.intended[k], kStart + profile.timeOfEventUs(double(k + 1)));
        QVERIFY(generator.maxLateUs() >= 290'000);

        // Actual sends per second hold ±2% except in the two seconds the stall straddles.
        std::vector<std::uint64_t> perSecond(10, 0);
        for (TimestampUs t : sink.actual)
            ++perSecond[std::size_t(std::min<TimestampUs>(9, (t - kStart) / kSecond))];
        for (std::size_t s = 0; s < perSecond.size(); ++s) {
            if (s == 4 || s == 5)
                continue;
            QVERIFY2(std::abs(double(perSecond[s]) - 10'000) <= 200, qPrintable(QString::number(perSecond[s])));
        }
        QVERIFY(perSecond[4] < 9'500 && perSecond[5] > 10'500); // the backlog went out right after
    }

    void stopEndsTheRunEarly()
    {
        SimulatedClock clock;
        RecordingSink sink(clock);
        OpenLoopGenerator generator(RateProfile(1000, 0, 10 * kSecond), SimulatorOptions{}, sink, clock);
        std::atomic<bool> stop{true};
        generator.run(stop);
        QCOMPARE(generator.sent(), std::uint64_t(0));
    }

    void histogramUniformPercentiles()
    {
        LatencyHistogram h;
        for (std::int64_t v = 1; v <= 1'000'000; ++v)
            h.record(v);
        for (double q : {0.50, 0.90, 0.99, 0.999}) {
            const auto exact = std::int64_t(std::ceil(q * 1'000'000));
            QVERIFY2(withinHistogramError(h.percentileUs(q), exact),
                     qPrintable(QStringLiteral("q %1: %2 vs %3").arg(q).arg(h.percentileUs(q)).arg(exact)));
        }
        QCOMPARE(h.maxUs(), std::int64_t(1'000'000));
        QCOMPARE(h.percentileUs(1.0), std::int64_t(1'000'000));
    }

    void histogramExponentialPercentiles()
    {
        // Mean 10 ms: against the sample's exact order statistics, and loosely against theory.
        std::mt19937_64 rng(11);
        std::exponential_distribution<double> d(1.0 / 10'000.0);
        std::vector<std::int64_t> values(500'000);
        LatencyHistogram h;
        for (std::int64_t& v : values) {
            v = std::int64_t(d(rng));
            h.record(v);
        }
        std::sort(values.begin(), values.end());
        for (double q : {0.50, 0.90, 0.99, 0.999}) {
            const std::int64_t exact = values[std::size_t(std::ceil(q * double(values.size()))) - 1];
            QVERIFY2(withinHistogramError(h.percentileUs(q), exact),
                     qPrintable(QStringLiteral("q %1: %2 vs %3").arg(q).arg(h.percentileUs(q)).arg(exact)));
            const double theory = -std::log(1.0 - q) * 10'000.0;
            QVERIFY(std::abs(double(h.percentileUs(q)) - theory) < 0.05 * theory);
        }
        QCOMPARE(h.maxUs(), values.back());
    }
};

QTEST_GUILESS_MAIN(TestLoadProfile)
#include "tst_load_profile.moc"
