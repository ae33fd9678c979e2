// The headless demo's lines: rates over the interval, lag, interval latency, topic totals, and
// loss reported loudly (counted loss, and produced messages that never reached the processor).

#include "app/HeadlessSummary.h"

#include <QtTest>

using namespace nexus;

namespace {
constexpr TimestampUs kT0 = 1'764'000'000'000'000;

StackSnapshot at(TimestampUs t, std::uint64_t produced, std::uint64_t consumed)
{
    StackSnapshot s;
    s.wallUs = t;
    s.bootstrap = "127.0.0.1:1";
    s.batchesProduced = produced;
    s.samplesProduced = produced * 5;
    s.batchesConsumed = consumed;
    s.samplesConsumed = consumed * 5;
    s.consumerLag = std::int64_t(produced - consumed);
    s.topics = {{"health-metrics", 24, std::int64_t(produced)}, {"alerts", 6, 0}};
    return s;
}
} // namespace

class TestHeadlessSummary : public QObject
{
    Q_OBJECT
private slots:
    void addressesNameKafkaAndTheStore()
    {
        QCOMPARE(formatStackAddresses("127.0.0.1:9092", true, "postgresql://nexus@/nexus"),
                 std::string("Kafka bootstrap: 127.0.0.1:9092 (embedded cluster)\nPostgreSQL: postgresql://nexus@/nexus\n"));
        QVERIFY(formatStackAddresses("k:9092", false, "").find("(external brokers)\nPostgreSQL: off (--no-store)") !=
                std::string::npos);
    }

    void lineShowsIntervalRatesAndLatency()
    {
        StackSnapshot before = at(kT0, 1000, 900);
        for (int i = 0; i < 100; ++i)
            before.endToEnd.record(2'000'000); // slow join, before the interval
        StackSnapshot now = at(kT0 + 2 * kUsPerSecond, 5000, 4900);
        now.endToEnd = before.endToEnd;
        for (int i = 0; i < 100; ++i)
            now.endToEnd.record(12'000);
        const QString line = QString::fromStdString(formatSummaryLine(before, now, 7.0));
        QVERIFY2(line.contains("[    7s] produced 2,000 msg/s (10,000 samples/s)"), qPrintable(line));
        QVERIFY2(line.contains("processed 2,000 msg/s"), qPrintable(line));
        QVERIFY2(line.contains("lag 100"), qPrintable(line));
        QVERIFY2(line.contains("e2e p50 12.0 ms p99 12.0 ms"), qPrintable(line));
        QVERIFY2(line.contains("health-metrics=5,000") && !line.contains("alerts="), qPrintable(line));
        QVERIFY(!line.contains("LOST"));
    }

    void lossIsLoud()
    {
        StackSnapshot first = at(kT0, 0, 0);
        StackSnapshot last = at(kT0 + 10 * kUsPerSecond, 10'000, 6'000);
        last.lostMessages = 1'000;
        last.consumerLag = 0;
        last.simulatorBehindUs = 2'500'000;
        last.duplicateSamples = 17;
        last.alertsOpened = 12;
        last.alertMessages = 30;
        last.deadLetters = 4;
        const QString line = QString::fromStdString(formatSummaryLine(first, last, 10));
        QVERIFY2(line.contains("LOST 1,000"), qPrintable(line));
        QVERIFY2(line.contains("simulator 2.5 s behind its requested rate"), qPrintable(line));
        const QString final = QString::fromStdString(formatFinalSummary(first, nullptr, last, 12.0));
        QVERIFY2(final.contains("lost:      1,000 msgs"), qPrintable(final));
        QVERIFY2(final.contains("alerts:    12 opened (30 messages on alerts); 4 messages to dead-letters"),
                 qPrintable(final));
        QVERIFY2(final.contains("NOT PROCESSED: 3,000 of 10,000"), qPrintable(final));
        QVERIFY2(final.contains("alerts[6p]=0"), qPrintable(final));
        QVERIFY2(final.contains("17 duplicate samples skipped"), qPrintable(final));
    }

    void nothingMissingSaysNothing()
    {
        const QString final =
            QString::fromStdString(formatFinalSummary(at(kT0, 0, 0), nullptr, at(kT0 + kUsPerSecond, 500, 500), 9));
        QVERIFY(!final.contains("NOT PROCESSED"));
        QVERIFY2(final.contains("lost:      0 msgs"), qPrintable(final));
        QVERIFY(!final.contains("after warm-up"));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessSummary)
#include "tst_headless_summary.moc"
