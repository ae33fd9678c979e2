// `nexus-twin bench --drain N`: how fast one processor works through a backlog, against how fast
// a bare librdkafka consumer reads the same messages in the same run.

#include "app/cli/DrainBench.h"

#include "app/StackConfig.h"
#include "backend/analysis/HealthAnalyzer.h"
#include "backend/codec/AlertCodec.h"
#include "backend/codec/HealthBatchCodec.h"
#include "backend/codec/TwinUpdateCodec.h"
#include "backend/processing/TwinTable.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/processing/HealthProcessor.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "models/events/Topics.h"
#include "simulator/HealthSimulator.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <thread>

namespace nexus::cli {

namespace {

constexpr const char* kName = "nexus-twin bench --drain";

struct Fill
{
    std::uint64_t messages = 0;
    std::uint64_t samples = 0;
    double seconds = 0.0;
};

/// Produces `count` uploads of the simulated population to health-metrics as fast as it can.
Fill fillBacklog(const BusSettings& bus, int users, int samplesPerUpload, std::uint64_t count, std::string& error)
{
    auto producer = KafkaProducer::create(bus, error);
    if (!producer)
        return {};
    KafkaHealthSink sink(std::move(producer));
    SimulatorOptions options;
    options.users = users;
    options.uploadIntervalSeconds = samplesPerUpload;
    const TimestampUs start = 1'793'577'600'000'000;
    HealthSimulator simulator(options, start);
    Fill fill;
    const std::int64_t t0 = steadyClockUs();
    // Each second of event time yields users / samplesPerUpload uploads (phases spread them).
    TimestampUs eventUs = start;
    while (fill.messages < count) {
        eventUs += kUsPerSecond;
        fill.messages += simulator.advanceTo(eventUs, wallClockUs(), sink);
    }
    fill.samples = simulator.samplesGenerated();
    sink.producer().flush(60000);
    fill.seconds = double(steadyClockUs() - t0) / 1e6;
    return fill;
}

/// Reads every message of health-metrics with a fresh group; seconds from the first to the last.
/// Keeps the payloads in `payloads` (after the clock stopped).
double bareConsumerSeconds(const BusSettings& bus, std::uint64_t expected, std::vector<std::string>& payloads,
                           std::string& error)
{
    auto consumer = KafkaConsumer::create(bus, "nexus-drain-bare", error);
    if (!consumer || !consumer->subscribe({std::string(topics::kHealthMetrics)}, error))
        return -1;
    std::vector<KafkaMessagePtr> messages;
    std::uint64_t read = 0;
    std::int64_t first = 0, last = 0;
    // Copying the payloads is not the consumer's time: a copy that happened before the last
    // message read is taken out of the span.
    std::int64_t copiesUs = 0, lastCopyUs = 0;
    const std::int64_t deadline = steadyClockUs() + 300 * kUsPerSecond;
    while (read < expected && steadyClockUs() < deadline) {
        consumer->consumeBatch(messages, 5000, 100);
        bool gotData = false;
        for (const KafkaMessagePtr& m : messages) {
            if (m->err)
                continue;
            if (read++ == 0)
                first = steadyClockUs();
            last = steadyClockUs();
            gotData = true;
        }
        if (gotData) {
            copiesUs += lastCopyUs;
            const std::int64_t copyStart = steadyClockUs();
            for (const KafkaMessagePtr& m : messages)
                if (!m->err)
                    payloads.emplace_back(static_cast<const char*>(m->payload), m->len);
            lastCopyUs = steadyClockUs() - copyStart;
        }
    }
    first += copiesUs;
    consumer->close();
    if (read < expected) {
        error = "the bare consumer read " + std::to_string(read) + " of " + std::to_string(expected);
        return -1;
    }
    return double(last - first) / 1e6;
}

/// How much of the processor's work workAloneSeconds() does: each stage adds to the one before.
enum class Stages { Decode, Twins, Detectors, Outputs };

/// The processor's work on the payloads without Kafka, on this thread, up to `stages`: decode,
/// twins, detectors, encoding the twin updates and alerts. Seconds.
double workAloneSeconds(const std::vector<std::string>& payloads, Stages stages)
{
    HealthBatchDecoder decoder;
    HealthBatch batch;
    TwinTable table;
    HealthAnalyzer analyzer;
    std::vector<AlertEvent> alerts;
    std::string encoded;
    const std::int64_t t0 = steadyClockUs();
    for (const std::string& payload : payloads) {
        if (!decoder.decode(payload, batch).ok() || stages == Stages::Decode)
            continue;
        const TwinTable::ApplyResult r = table.apply(batch);
        if (stages == Stages::Twins)
            continue;
        alerts.clear();
        analyzer.analyze(batch, alerts);
        if (stages == Stages::Detectors)
            continue;
        for (const AlertEvent& a : alerts)
            alertcodec::encode(a, encoded);
        if (r.due)
            twincodec::encode(*r.due, encoded);
    }
    return double(steadyClockUs() - t0) / 1e6;
}

/// Runs a HealthProcessor (twins, detectors, outputs) over the backlog; seconds from its first
/// applied batch to the last.
double processorSeconds(const BusSettings& bus, std::uint64_t expected, ProcessorStats& stats, std::string& error)
{
    ProcessorOptions options;
    options.groupId = "nexus-drain-processor";
    options.topicsStartEmpty = true;
    HealthProcessor processor(bus, options);
    if (!processor.start(error))
        return -1;
    std::int64_t first = 0, last = 0;
    const std::int64_t deadline = steadyClockUs() + 600 * kUsPerSecond;
    std::uint64_t done = 0;
    while (done < expected && steadyClockUs() < deadline) {
        // stats() copies shared state under the processor's lock: poll gently, not in its way.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const ProcessorStats s = processor.stats();
        const std::uint64_t now = s.batches + s.malformed;
        if (now > 0 && first == 0)
            first = steadyClockUs();
        if (now > done)
            last = steadyClockUs();
        done = now;
    }
    stats = processor.stats();
    processor.stop();
    if (done < expected) {
        error = "the processor handled " + std::to_string(done) + " of " + std::to_string(expected);
        return -1;
    }
    return double(last - first) / 1e6;
}

} // namespace

void addDrainBenchOptions(QCommandLineParser& parser)
{
    parser.addOption({"drain", "Instead of a load run: fill health-metrics with N uploads, then time one processor "
                               "(decode, twins, detectors, outputs) working through them against a bare librdkafka "
                               "consumer reading the same messages (default N 300000: the embedded cluster keeps "
                               "~5 MiB per partition).",
                      "N"});
}

int runDrainBench(const QCommandLineParser& parser)
{
    bool ok = false;
    const qlonglong count = parser.value("drain").toLongLong(&ok);
    if (!ok || count < 1000 || count > 100'000'000) {
        std::fprintf(stderr, "%s: N must be a whole number from 1000 to 100000000, not '%s'\n", kName,
                     qPrintable(parser.value("drain")));
        return 2;
    }
    int samplesPerUpload = 5;
    if (parser.isSet("samples-per-event")) {
        samplesPerUpload = parser.value("samples-per-event").toInt(&ok);
        if (!ok || samplesPerUpload < 1 || samplesPerUpload > 3600) {
            std::fprintf(stderr, "%s: --samples-per-event must be 1..3600\n", kName);
            return 2;
        }
    }
    const int users = parser.isSet("users") ? parser.value("users").toInt() : 10000;

    std::string error;
    auto cluster = EmbeddedCluster::start(3, error);
    if (!cluster) {
        std::fprintf(stderr, "%s: cannot start the embedded cluster: %s\n", kName, error.c_str());
        return 1;
    }
    BusSettings bus;
    bus.bootstrap = cluster->bootstrap();
    std::fprintf(stderr, "filling health-metrics with %lld uploads of %d samples…\n", count, samplesPerUpload);
    const Fill fill = fillBacklog(bus, users, samplesPerUpload, std::uint64_t(count), error);
    if (fill.messages == 0) {
        std::fprintf(stderr, "%s: %s\n", kName, error.c_str());
        return 1;
    }
    std::fprintf(stderr, "reading them with a bare consumer…\n");
    std::vector<std::string> payloads;
    payloads.reserve(fill.messages);
    const double bare = bareConsumerSeconds(bus, fill.messages, payloads, error);
    double stageSeconds[4] = {};
    for (const Stages stage : {Stages::Decode, Stages::Twins, Stages::Detectors, Stages::Outputs})
        stageSeconds[int(stage)] = workAloneSeconds(payloads, stage);
    const double alone = stageSeconds[int(Stages::Outputs)];
    payloads = {};
    std::fprintf(stderr, "processing them…\n");
    ProcessorStats stats;
    const double processed = bare < 0 ? -1 : processorSeconds(bus, fill.messages, stats, error);
    if (bare < 0 || processed < 0) {
        std::fprintf(stderr, "%s: %s\n", kName, error.c_str());
        return 1;
    }
    const double bareRate = fill.messages / std::max(bare, 1e-6);
    const double processorRate = fill.messages / std::max(processed, 1e-6);
    const double ratio = processorRate / bareRate;
    if (parser.isSet("json")) {
        const QJsonObject o{{"mode", "drain"},
                            {"uploads", double(fill.messages)},
                            {"samples", double(fill.samples)},
                            {"bare_consumer_msgs_per_s", bareRate},
                            {"processor_msgs_per_s", processorRate},
                            {"processor_samples_per_s", fill.samples / std::max(processed, 1e-6)},
                            {"work_alone_msgs_per_s", fill.messages / std::max(alone, 1e-6)},
                            {"ratio", ratio},
                            {"alerts_opened", double(stats.alertsOpened)},
                            {"twin_updates", double(stats.twinUpdates)},
                            {"lost", double(stats.lostMessages)}};
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("backlog: %llu uploads, %llu samples (%d users), produced in %.1f s\n",
                static_cast<unsigned long long>(fill.messages), static_cast<unsigned long long>(fill.samples), users,
                fill.seconds);
    std::printf("bare librdkafka consumer: %10.0f msgs/s (%.2f s)\n", bareRate, bare);
    std::printf("processor (end to end):   %10.0f msgs/s (%.2f s), %.0f samples/s, %llu twin updates, %llu alerts "
                "opened, %llu lost\n",
                processorRate, processed, fill.samples / std::max(processed, 1e-6),
                static_cast<unsigned long long>(stats.twinUpdates), static_cast<unsigned long long>(stats.alertsOpened),
                static_cast<unsigned long long>(stats.lostMessages));
    std::printf("processor / bare consumer: %.0f %% (goal ≥ 70 %%)\n", 100.0 * ratio);
    std::printf("the processor's work alone (no Kafka, one thread): %.0f msgs/s; per message: decode %.2f µs, "
                "twins %.2f µs, detectors %.2f µs, encoding outputs %.2f µs\n",
                fill.messages / std::max(alone, 1e-6), 1e6 * stageSeconds[0] / fill.messages,
                1e6 * (stageSeconds[1] - stageSeconds[0]) / fill.messages,
                1e6 * (stageSeconds[2] - stageSeconds[1]) / fill.messages,
                1e6 * (stageSeconds[3] - stageSeconds[2]) / fill.messages);
    return 0;
}

} // namespace nexus::cli
