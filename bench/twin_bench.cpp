// nexus-bench-twin: the twin engine's speed and memory figures (issue: the digital twin).
//   1. twin updates from a stream of heart-rate samples, on one core (engine alone, and through the
//      processor's TwinTable with its per-batch lookup and de-duplication);
//   2. a twin's retained state, measured at 100,000 twins;
//   3. Banister fit plus 14-day forecast on 2 years of daily history.
// Prints its figures; asserts nothing. Run: build/bench/nexus-bench-twin [--quick]

#include "backend/processing/TwinTable.h"
#include "backend/twin/BanisterFitter.h"
#include "backend/twin/TwinEngine.h"
#include "backend/twin/TwinReport.h"

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

using namespace nexus;

namespace {

constexpr TimestampUs kT0 = 1'767'225'600'000'000; // 2026-01-01T00:00:00Z

double seconds(std::int64_t us) { return double(us) / 1e6; }

/// Bytes malloc has handed out, including large blocks it mapped directly.
std::size_t heapInUse()
{
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

/// A day of 1 Hz heart rate: mostly rest, a walk and a 45-minute run, so that both the resting and
/// the training (exp) paths of the engine run.
float heartRateAt(int second, int user)
{
    const int s = (second + user * 97) % 86400;
    if (s >= 7 * 3600 && s < 7 * 3600 + 2700)
        return 150.0f + float((s / 7) % 11);
    if (s >= 12 * 3600 && s < 13 * 3600)
        return 100.0f + float((s / 5) % 7);
    return 58.0f + float((s / 3) % 9);
}

/// `trainingOnly`: every sample at 150–160 bpm, so each one takes the TRIMP (exp) path — the
/// engine's worst case; otherwise the day mix of heartRateAt.
void benchSampleThroughput(int users, int secondsPerUser, bool trainingOnly)
{
    const TwinEngine engine;
    std::vector<TwinState> twins(static_cast<std::size_t>(users));
    for (auto& t : twins)
        t.profile = TwinTable::kAssumedProfile;
    // Pre-computed HR so the loop measures the engine, not the generator.
    std::vector<float> hr(static_cast<std::size_t>(secondsPerUser));
    for (int s = 0; s < secondsPerUser; ++s)
        hr[std::size_t(s)] = trainingOnly ? 150.0f + float(s % 11) : heartRateAt(s * 13, 0);
    const std::int64_t start = steadyClockUs();
    // Users interleaved in 5-sample uploads, the way batches arrive from the bus.
    for (int s = 0; s < secondsPerUser; s += 5)
        for (int u = 0; u < users; ++u)
            for (int k = s; k < s + 5 && k < secondsPerUser; ++k)
                engine.addHrSample(twins[std::size_t(u)], kT0 + TimestampUs(k) * kUsPerSecond, hr[std::size_t(k)],
                                   hr[std::size_t(k)] > 90.0f ? 2 : 0);
    const std::int64_t us = steadyClockUs() - start;
    const double samples = double(users) * secondsPerUser;
    std::printf("  engine alone, %7d twins x %6d s, %-13s: %6.1f M samples/s  (%.1f ns/sample)\n", users,
                secondsPerUser, trainingOnly ? "all training" : "day mix", samples / seconds(us) / 1e6,
                1e3 * double(us) / samples);
}

void benchTableThroughput(int users, int secondsPerUser)
{
    TwinTable table(10 * kUsPerSecond);
    std::vector<HealthBatch> batches;
    const int perUpload = 5;
    std::int64_t us = 0;
    std::size_t samples = 0, published = 0;
    for (int s = 0; s < secondsPerUser; s += perUpload) {
        // Build one upload round (not timed), then apply it (timed).
        batches.clear();
        for (int u = 0; u < users; ++u) {
            HealthBatch b;
            char id[16];
            std::snprintf(id, sizeof id, "u%07d", u);
            b.userId = id;
            for (int k = s; k < s + perUpload; ++k)
                b.samples.push_back({kT0 + TimestampUs(k) * kUsPerSecond, std::uint16_t(heartRateAt(k, u)), 0});
            batches.push_back(std::move(b));
        }
        const std::int64_t start = steadyClockUs();
        for (const HealthBatch& b : batches) {
            const auto r = table.apply(b);
            samples += r.applied;
            published += r.due != nullptr;
        }
        us += steadyClockUs() - start;
    }
    std::printf("  TwinTable,    %7d twins x %6d s, day mix      : %6.1f M samples/s  (%zu twin updates computed)\n", users,
                secondsPerUser, double(samples) / seconds(us) / 1e6, published);
}

void benchMemory(int twinsCount)
{
    const std::size_t before = heapInUse();
    std::vector<TwinState>* states = new std::vector<TwinState>(static_cast<std::size_t>(twinsCount));
    const std::size_t afterStates = heapInUse();
    // Age a thousand of them by 90 days of samples (one a minute): the state must not grow.
    const TwinEngine engine;
    for (int u = 0; u < 1000; ++u) {
        TwinState& t = (*states)[std::size_t(u)];
        t.profile = TwinTable::kAssumedProfile;
        for (int m = 0; m < 90 * 1440; ++m)
            engine.addHrSample(t, kT0 + TimestampUs(m) * 60 * kUsPerSecond, heartRateAt(m * 60, u), 0);
    }
    const std::size_t afterAging = heapInUse();
    std::printf("  TwinState: sizeof %zu bytes; %d twins take %.1f MB = %.0f bytes/twin; after 90 days of samples\n"
                "             on 1,000 of them the heap grew by %zd bytes (rings are inline, nothing allocates)\n",
                sizeof(TwinState), twinsCount, double(afterStates - before) / 1e6,
                double(afterStates - before) / twinsCount, std::ptrdiff_t(afterAging) - std::ptrdiff_t(afterStates));
    delete states;

    const std::size_t tableBefore = heapInUse();
    auto* table = new TwinTable(10 * kUsPerSecond);
    for (int u = 0; u < twinsCount; ++u) {
        HealthBatch b;
        char id[16];
        std::snprintf(id, sizeof id, "u%07d", u);
        b.userId = id;
        b.samples.push_back({kT0, 60, 0});
        table->apply(b);
    }
    const std::size_t tableAfter = heapInUse();
    std::printf("  processor's TwinTable entry (twin state + published summary + user id + hash node): %.0f bytes/user\n",
                double(tableAfter - tableBefore) / twinsCount);
    delete table;
}

void benchFitAndForecast(int repeats)
{
    // Two years of daily load (hard weeks and recovery weeks), markers every 7 days from a known
    // model plus noise.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> noise(-3.0, 3.0);
    std::vector<double> loads(730);
    for (std::size_t d = 0; d < loads.size(); ++d)
        loads[d] = (d % 7 == 0) ? 0.0 : ((d / 7) % 4 == 3 ? 40.0 : 80.0) + 20.0 * std::sin(double(d));
    const BanisterParameters truth{400, 0.9, 1.8, 45, 9};
    std::vector<PerformanceMarker> markers;
    for (int t = 7; t < 730; t += 7) {
        double g = 0, h = 0;
        for (int s = 0; s < t; ++s) {
            g += loads[std::size_t(s)] * std::exp(-(t - s) / truth.tau1);
            h += loads[std::size_t(s)] * std::exp(-(t - s) / truth.tau2);
        }
        markers.push_back({20000 + t, truth.p0 + truth.k1 * g - truth.k2 * h + noise(rng)});
    }
    const std::vector<double> plan(14, 60.0);
    std::vector<double> ms;
    BanisterFit fit;
    for (int i = 0; i < repeats; ++i) {
        const std::int64_t start = steadyClockUs();
        fit = banister::fit(loads, 20000, markers);
        const auto forecast = banister::forecast(fit.params, loads, 20000, plan);
        ms.push_back(double(steadyClockUs() - start) / 1e3);
        if (forecast.size() != 14)
            std::printf("unexpected forecast length\n");
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  fit + 14-day forecast, 730 days, %zu markers: median %.3f ms, p99 %.3f ms, max %.3f ms over %d runs\n"
                "    (rmse %.2f, %d iterations; fitted tau1 %.1f, tau2 %.1f vs 45, 9)\n",
                markers.size(), ms[ms.size() / 2], ms[std::size_t(double(ms.size()) * 0.99)], ms.back(), repeats,
                fit.rmse, fit.iterations, fit.params.tau1, fit.params.tau2);

    // The whole `nexus-twin twin` computation on the same two years with nightly RR intervals.
    UserHistory history;
    history.profile = TwinTable::kAssumedProfile;
    for (std::size_t d = 0; d < loads.size(); ++d) {
        history.dailyLoad.push_back({DayNumber(20000 + d), loads[d]});
        NightEntry n;
        n.day = DayNumber(20000 + d);
        for (int k = 0; k < 300; ++k)
            n.rrMs.push_back(float(1000 + (k % 2 ? 30 : -30) + int(d % 13)));
        n.inBedMin = 480;
        n.asleepMin = 430;
        history.nights.push_back(std::move(n));
    }
    history.markers = markers;
    TwinReport report;
    std::string error;
    const std::int64_t start = steadyClockUs();
    const bool ok = computeTwinReport(history, TwinSettings{}, report, error);
    std::printf("  whole twin report (730 days, 300 RR per night, fit, forecast): %.2f ms%s\n",
                double(steadyClockUs() - start) / 1e3, ok ? "" : " (FAILED)");
}

} // namespace

int main(int argc, char** argv)
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf("Twin engine benchmark (one thread)%s\n\n1. Heart-rate samples into twins\n", quick ? " — quick" : "");
    for (const bool trainingOnly : {false, true}) {
        benchSampleThroughput(1, quick ? 86400 : 7 * 86400, trainingOnly);
        benchSampleThroughput(10'000, quick ? 600 : 3600, trainingOnly);
        benchSampleThroughput(100'000, quick ? 60 : 600, trainingOnly);
    }
    benchTableThroughput(10'000, quick ? 300 : 1800);
    std::printf("\n2. Retained state\n");
    benchMemory(100'000);
    std::printf("\n3. Banister fit and forecast\n");
    benchFitAndForecast(quick ? 20 : 200);
    return 0;
}
