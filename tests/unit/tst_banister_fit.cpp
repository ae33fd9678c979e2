#include "backend/twin/BanisterFitter.h"

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using nexus::BanisterParameters;
using nexus::DayNumber;
using nexus::PerformanceMarker;

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(std::vector<nexus::PerformanceMarker>)

namespace {

constexpr DayNumber kFirstDay = 19000; // 2022-01-08; any day works, a non-zero one catches offset bugs

/// p(t) straight from the definition, a double sum over days: the reference the fitter's
/// recurrences are checked against. loads[i] is the load of day firstDay + i.
double directPerformance(const BanisterParameters& p, const std::vector<double>& loads, DayNumber firstDay,
                         DayNumber day)
{
    double g = 0.0;
    double h = 0.0;
    for (std::size_t i = 0; i < loads.size(); ++i) {
        const double s = static_cast<double>(firstDay) + static_cast<double>(i);
        if (s >= day)
            break;
        g += loads[i] * std::exp(-(day - s) / p.tau1);
        h += loads[i] * std::exp(-(day - s) / p.tau2);
    }
    return p.p0 + p.k1 * g - p.k2 * h;
}

/// Two years of daily loads: three building weeks then a recovery week, about one rest day in
/// seven, the rest uniform in [40, 140). Uses mt19937's raw output (fixed by the standard), not a
/// distribution (implementation-defined), so every platform gets the same numbers.
std::vector<double> twoYearsOfLoads()
{
    std::mt19937 rng(7);
    std::vector<double> loads(730);
    for (std::size_t d = 0; d < loads.size(); ++d) {
        const double block = (d / 7) % 4 == 3 ? 0.6 : 1.2;
        const bool rest = rng() % 7 == 0;
        const double load = 40.0 + static_cast<double>(rng() % 1000) / 10.0;
        loads[d] = rest ? 0.0 : block * load;
    }
    return loads;
}

/// Markers every 7 days from day 6 to the day after the history, from the direct sum, plus
/// uniform noise in [-noise, noise) (again from raw mt19937 output).
std::vector<PerformanceMarker> weeklyMarkers(const BanisterParameters& p, const std::vector<double>& loads,
                                             double noise)
{
    std::mt19937 rng(11);
    std::vector<PerformanceMarker> markers;
    for (std::size_t i = 6; i <= loads.size(); i += 7) {
        const DayNumber day = kFirstDay + static_cast<DayNumber>(i);
        const double u = static_cast<double>(rng()) / 4294967296.0; // [0, 1)
        markers.push_back({day, directPerformance(p, loads, kFirstDay, day) + noise * (2.0 * u - 1.0)});
    }
    return markers;
}

BanisterParameters truth()
{
    BanisterParameters p;
    p.p0 = 400.0;
    p.k1 = 0.9;
    p.k2 = 1.8;
    p.tau1 = 45.0;
    p.tau2 = 9.0;
    return p;
}

bool near(double actual, double expected, double relative)
{
    return std::abs(actual - expected) <= relative * std::abs(expected);
}

} // namespace

class TestBanisterFit : public QObject
{
    Q_OBJECT

private slots:
    void forecastMatchesHandComputed_data();
    void forecastMatchesHandComputed();
    void recoversParameters_data();
    void recoversParameters();
    void fewMarkersHoldTimeConstants_data();
    void fewMarkersHoldTimeConstants();
    void refuses_data();
    void refuses();
    void forecastDays();
};

void TestBanisterFit::forecastMatchesHandComputed_data()
{
    QTest::addColumn<int>("historyDays");
    QTest::addColumn<int>("forecastIndex");
    QTest::addColumn<double>("planLoad");
    QTest::newRow("day after a one-day history") << 1 << 0 << 0.0;
    QTest::newRow("day 1 of a one-day history, plan 0") << 1 << 1 << 0.0;
    QTest::newRow("day 10 of a 3-day history, plan 0") << 3 << 7 << 0.0;
    QTest::newRow("day 3 of a one-day history, plan 60") << 1 << 3 << 60.0;
    QTest::newRow("day 40 of a 30-day history, plan 25") << 30 << 10 << 25.0;
}

void TestBanisterFit::forecastMatchesHandComputed()
{
    QFETCH(int, historyDays);
    QFETCH(int, forecastIndex);
    QFETCH(double, planLoad);
    const BanisterParameters p{50.0, 1.0, 2.0, 42.0, 7.0};
    std::vector<double> history(static_cast<std::size_t>(historyDays), 0.0);
    history[0] = 100.0;
    const std::vector<double> plan(static_cast<std::size_t>(forecastIndex) + 1, planLoad);

    const auto days = nexus::banister::forecast(p, history, kFirstDay, plan);
    QCOMPARE(days.size(), plan.size());
    const auto& d = days.back();
    QCOMPARE(d.day, kFirstDay + historyDays + forecastIndex);

    std::vector<double> all = history;
    all.insert(all.end(), plan.begin(), plan.end());
    const double expected = directPerformance(p, all, kFirstDay, d.day);
    QVERIFY2(
        std::abs(d.performance - expected) <= 1e-9 * std::abs(expected),
        qPrintable(QString("performance %1, direct sum %2").arg(d.performance, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    if (historyDays == 1 && forecastIndex == 0) {
        // The textbook case: 100 units on day 0 seen on day 1.
        const double byHand = 50.0 + 100.0 * std::exp(-1.0 / 42.0) - 200.0 * std::exp(-1.0 / 7.0);
        QVERIFY(std::abs(d.performance - byHand) <= 1e-12 * std::abs(byHand));
        QVERIFY(std::abs(d.fitness - 100.0 * std::exp(-1.0 / 42.0)) <= 1e-12);
        QVERIFY(std::abs(d.fatigue - 200.0 * std::exp(-1.0 / 7.0)) <= 1e-12);
    }
}

void TestBanisterFit::recoversParameters_data()
{
    QTest::addColumn<double>("noise");          // half-width of the uniform marker noise
    QTest::addColumn<double>("paramTolerance"); // relative, on every parameter
    QTest::addColumn<double>("maxRmse");
    QTest::addColumn<bool>("reversed"); // markers handed over newest first
    QTest::newRow("noise-free") << 0.0 << 0.01 << 1e-3 << false;
    QTest::newRow("noise-free, markers newest first") << 0.0 << 0.01 << 1e-3 << true;
    // ±10 uniform (σ ≈ 5.8) on markers spanning 120–2700. Measured with noise seeds 11–15: worst
    // relative error 2.2% (p0, the least determined), the others under 1.7%; rmse 0.91–1.05 σ.
    QTest::newRow("noise ±10") << 10.0 << 0.05 << 10.0 / std::sqrt(3.0) * 1.2 << false;
}

void TestBanisterFit::recoversParameters()
{
    QFETCH(double, noise);
    QFETCH(double, paramTolerance);
    QFETCH(double, maxRmse);
    QFETCH(bool, reversed);
    const BanisterParameters want = truth();
    const std::vector<double> loads = twoYearsOfLoads();
    std::vector<PerformanceMarker> markers = weeklyMarkers(want, loads, noise);
    if (reversed)
        std::reverse(markers.begin(), markers.end());

    const nexus::BanisterFit fit = nexus::banister::fit(loads, kFirstDay, markers);
    QVERIFY2(fit.fitted, fit.refusal.c_str());
    QVERIFY(fit.timeConstantsFitted);
    QCOMPARE(fit.markers, static_cast<int>(markers.size()));
    QVERIFY(fit.iterations > 0);
    const BanisterParameters& got = fit.params;
    const QString report = QString("p0 %1 k1 %2 k2 %3 tau1 %4 tau2 %5 rmse %6")
                               .arg(got.p0)
                               .arg(got.k1)
                               .arg(got.k2)
                               .arg(got.tau1)
                               .arg(got.tau2)
                               .arg(fit.rmse);
    QVERIFY2(near(got.p0, want.p0, paramTolerance), qPrintable(report));
    QVERIFY2(near(got.k1, want.k1, paramTolerance), qPrintable(report));
    QVERIFY2(near(got.k2, want.k2, paramTolerance), qPrintable(report));
    QVERIFY2(near(got.tau1, want.tau1, paramTolerance), qPrintable(report));
    QVERIFY2(near(got.tau2, want.tau2, paramTolerance), qPrintable(report));
    QVERIFY2(fit.rmse < maxRmse, qPrintable(report));
    if (noise > 0.0) // least squares fits some noise, but not much with 5 parameters and ~100 markers
        QVERIFY2(fit.rmse > 0.8 * noise / std::sqrt(3.0), qPrintable(report));

    // The reported rmse is that of the returned parameters, computed independently here.
    double sse = 0.0;
    for (const auto& m : markers) {
        const double r = directPerformance(got, loads, kFirstDay, m.day) - m.performance;
        sse += r * r;
    }
    QVERIFY(std::abs(std::sqrt(sse / static_cast<double>(markers.size())) - fit.rmse) <= 1e-6 + 1e-6 * fit.rmse);
}

void TestBanisterFit::fewMarkersHoldTimeConstants_data()
{
    QTest::addColumn<int>("markerCount");
    QTest::newRow("3 markers") << 3;
    QTest::newRow("4 markers") << 4;
}

void TestBanisterFit::fewMarkersHoldTimeConstants()
{
    QFETCH(int, markerCount);
    const BanisterParameters want{400.0, 0.9, 1.8, 42.0, 7.0};
    const std::vector<double> loads = twoYearsOfLoads();
    std::vector<PerformanceMarker> markers;
    for (int i = 0; i < markerCount; ++i) {
        const DayNumber day = kFirstDay + 100 + 150 * i + 3 * i * i;
        markers.push_back({day, directPerformance(want, loads, kFirstDay, day)});
    }

    const nexus::BanisterFit fit = nexus::banister::fit(loads, kFirstDay, markers);
    QVERIFY2(fit.fitted, fit.refusal.c_str());
    QVERIFY(!fit.timeConstantsFitted);
    QCOMPARE(fit.params.tau1, 42.0);
    QCOMPARE(fit.params.tau2, 7.0);
    QCOMPARE(fit.markers, markerCount);
    QVERIFY2(fit.rmse < 1e-6, qPrintable(QString::number(fit.rmse)));
    QVERIFY(near(fit.params.p0, want.p0, 1e-6));
    QVERIFY(near(fit.params.k1, want.k1, 1e-6));
    QVERIFY(near(fit.params.k2, want.k2, 1e-6));
}

void TestBanisterFit::refuses_data()
{
    QTest::addColumn<std::vector<double>>("loads");
    QTest::addColumn<std::vector<PerformanceMarker>>("markers");
    QTest::addColumn<QString>("reason"); // must appear in the refusal; empty: must fit

    const std::vector<double> loads(20, 50.0); // days kFirstDay .. kFirstDay + 19
    auto at = [](std::initializer_list<int> offsets) {
        std::vector<PerformanceMarker> ms;
        double perf = 100.0;
        for (int o : offsets)
            ms.push_back({kFirstDay + o, perf += 7.0 * (o % 3) + 1.0});
        return ms;
    };
    QTest::newRow("no markers") << loads << std::vector<PerformanceMarker>{} << "got 0";
    QTest::newRow("2 markers") << loads << at({5, 10}) << "needs at least 3 performance markers, got 2";
    QTest::newRow("marker before the history") << loads << at({-1, 5, 10}) << QString("day %1").arg(kFirstDay - 1);
    QTest::newRow("marker two days after the history")
        << loads << at({5, 10, 21}) << QString("day %1").arg(kFirstDay + 21);
    QTest::newRow("two markers on one day")
        << loads << at({5, 10, 5}) << QString("two performance markers on day %1").arg(kFirstDay + 5);
    std::vector<double> negative = loads;
    negative[3] = -5.0;
    QTest::newRow("negative load") << negative << at({5, 10, 15})
                                   << QString("day %1 is negative (-5)").arg(kFirstDay + 3);
    std::vector<double> nan = loads;
    nan[4] = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("NaN load") << nan << at({5, 10, 15}) << QString("day %1 is not a finite").arg(kFirstDay + 4);
    std::vector<PerformanceMarker> infinite = at({5, 10, 15});
    infinite[1].performance = std::numeric_limits<double>::infinity();
    QTest::newRow("infinite marker") << loads << infinite << QString("day %1 is not a finite").arg(kFirstDay + 10);
    QTest::newRow("no load at all") << std::vector<double>(20, 0.0) << at({5, 10, 15}) << "no training load";
    // Boundaries that are allowed: the first history day and the day after the last one.
    QTest::newRow("markers on the first day and the day after the history") << loads << at({0, 10, 20}) << "";
}

void TestBanisterFit::refuses()
{
    QFETCH(std::vector<double>, loads);
    QFETCH(std::vector<PerformanceMarker>, markers);
    QFETCH(QString, reason);
    const nexus::BanisterFit fit = nexus::banister::fit(loads, kFirstDay, markers);
    if (reason.isEmpty()) {
        QVERIFY2(fit.fitted, fit.refusal.c_str());
        QVERIFY(fit.refusal.empty());
        return;
    }
    QVERIFY(!fit.fitted);
    QVERIFY2(QString::fromStdString(fit.refusal).contains(reason), fit.refusal.c_str());
}

void TestBanisterFit::forecastDays()
{
    const BanisterParameters p{400.0, 0.9, 1.8, 45.0, 9.0};
    std::vector<double> history(10, 0.0);
    history.back() = 80.0; // only the last history day trains
    const std::vector<double> plan{0.0, 0.0, 0.0, 50.0, 0.0, 0.0};

    const auto days = nexus::banister::forecast(p, history, kFirstDay, plan);
    QCOMPARE(days.size(), plan.size());
    const double a1 = std::exp(-1.0 / p.tau1);
    const double a2 = std::exp(-1.0 / p.tau2);
    // Day after the history: the last history day's load, one day decayed.
    QVERIFY(std::abs(days[0].fitness - p.k1 * 80.0 * a1) <= 1e-12);
    QVERIFY(std::abs(days[0].fatigue - p.k2 * 80.0 * a2) <= 1e-12);
    for (std::size_t j = 0; j < days.size(); ++j) {
        const auto& d = days[j];
        QCOMPARE(d.day, kFirstDay + 10 + static_cast<DayNumber>(j));
        QCOMPARE(d.plannedLoad, plan[j]);
        QCOMPARE(d.performance, p.p0 + d.fitness - d.fatigue);
        QCOMPARE(d.ctl, 0.0);
        QCOMPARE(d.atl, 0.0);
        QCOMPARE(d.tsb, 0.0);
        if (j == 0)
            continue;
        // A day's planned load shows the next day; with none, both decay by exactly e^(-1/tau).
        const double wantFitness = (days[j - 1].fitness + p.k1 * plan[j - 1]) * a1;
        const double wantFatigue = (days[j - 1].fatigue + p.k2 * plan[j - 1]) * a2;
        QVERIFY2(std::abs(d.fitness - wantFitness) <= 1e-12 * wantFitness, qPrintable(QString::number(j)));
        QVERIFY2(std::abs(d.fatigue - wantFatigue) <= 1e-12 * wantFatigue, qPrintable(QString::number(j)));
        if (plan[j - 1] == 0.0) {
            QVERIFY(std::abs(d.fitness / days[j - 1].fitness - a1) <= 1e-14);
            QVERIFY(std::abs(d.fatigue / days[j - 1].fatigue - a2) <= 1e-14);
        }
    }
    QVERIFY(days[4].fitness > days[3].fitness); // the planned 50 on forecast day 3 shows on day 4

    // No plan, no days; an empty history starts from nothing.
    QVERIFY(nexus::banister::forecast(p, history, kFirstDay, {}).empty());
    const auto fresh = nexus::banister::forecast(p, {}, kFirstDay, {0.0});
    QCOMPARE(fresh.size(), std::size_t{1});
    QCOMPARE(fresh[0].day, kFirstDay);
    QCOMPARE(fresh[0].performance, p.p0);
}

QTEST_GUILESS_MAIN(TestBanisterFit)
#include "tst_banister_fit.moc"
