#pragma once

#include "app/StackConfig.h"
#include "models/metrics/LatencyHistogram.h"
#include "models/metrics/StackSnapshot.h"
#include "simulator/SimulatorOptions.h"
#include "simulator/load/HeartRateSpikes.h"
#include "simulator/load/RateProfile.h"

#include <cstdint>
#include <vector>

/// What `nexus-twin bench` ran and measured, and its two report formats.
namespace nexus::cli {

struct BenchOptions
{
    load::RateProfile profile;
    SimulatorOptions simulator;
    load::HeartRateSpikes spikes{0.10};
    StackConfig stack;
    bool json = false;
    bool generateOnly = false;
};

/// One second of the run, as the progress line shows it and the JSON timeline keeps it.
struct Tick
{
    double tS = 0;
    double requested = 0; ///< events/s the profile asks for now
    double sent = 0;      ///< events/s sent in the last second
    double processed = 0; ///< events/s the processor consumed in the last second
    std::int64_t lag = -1; ///< the processor's lag on health-metrics, messages
    double p99Ms = 0;     ///< update latency p99 so far
};

struct BenchRun
{
    double seconds = 0;
    double joinSeconds = 0;
    std::uint64_t requested = 0, sent = 0, samples = 0, errors = 0;
    DurationUs maxLateUs = 0;
    StackSnapshot last;
    LatencyHistogram received, applied, alertReceived;
    std::uint64_t updates = 0, alerts = 0;
    std::uint64_t spiked = 0; ///< uploads sent with a heart-rate spike
    std::vector<Tick> ticks;
};

/// The report as one JSON object on stdout (--json).
void printJson(const BenchOptions& o, const BenchRun& r);
/// The report as a terminal table on stdout.
void printTable(const BenchOptions& o, const BenchRun& r);

} // namespace nexus::cli
