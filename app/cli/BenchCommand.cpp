// `nexus-twin bench`: an open-loop load profile through the stack (or through the JSON encoder
// alone), with latency measured from each event's intended send time. See the --help text.

#include "app/ConsoleStack.h"
#include "app/cli/Commands.h"
#include "app/cli/BenchReport.h"
#include "app/cli/DetectorBench.h"
#include "app/cli/DrainBench.h"
#include "app/cli/SignalWatcher.h"
#include "app/cli/OutputLatencyRecorder.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/codec/HealthBatchCodec.h"
#include "backend/runtime/KafkaHealthSink.h"
#include "models/events/Topics.h"
#include "simulator/load/OpenLoopPacer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace nexus::cli {

namespace {


QString n(double v) { return QLocale(QLocale::English).toString(qint64(std::llround(v))); }
double ms(std::int64_t us) { return double(us) / 1000.0; }
double seconds(DurationUs us) { return double(us) / double(kUsPerSecond); }

void addBenchOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        "Runs an open-loop load profile through the stack and reports throughput and latency.\n"
        "The generator sends each event (one health-metrics upload of --samples-per-event samples, keyed by\n"
        "user id) at its scheduled time whatever the system does, and stamps it with that intended time, so\n"
        "a slow system shows as latency, not as a lower rate (no coordinated omission). Latency is measured\n"
        "from the intended send time to (a) the twin update the upload triggered arriving on twin-updates\n"
        "at this process, (b) the processor applying the upload, and (c) an alert the upload triggered\n"
        "arriving on alerts. The processor publishes a twin update per user at most every 10 s of event\n"
        "time, so only some events yield a sample of (a). For (c), --alert-users of the users carry a\n"
        "one-second heart-rate spike every 15 min of event time, which the analyzer reports as an\n"
        "implausible-reading sensor alert (opened at the spike, closed 10 min of event time later).\n"
        "The stack starts without its built-in simulator and, unlike demo, without PostgreSQL (--store\n"
        "or --pg-url turns it on) and without the activity processor (--activity turns it on): the bench\n"
        "measures the bus and health-processor path. --users defaults to max(1000, peak rate) so that\n"
        "each user uploads at most about once a second; --speed, --upload-interval, --simulate,\n"
        "--no-simulator and --no-activity do not apply. Progress goes to stderr once a second, the report\n"
        "to stdout. Exit codes: 0 completed, 1 the stack could not start, 2 bad options.");
    parser.addHelpOption();
    parser.addOption({"rate", "Requested events/s (default 1000; 50k and 1.5M are understood).", "n"});
    parser.addOption({"ramp", "Rise linearly from 0 to the rate over this time (500ms, 30s, 5m, 1h).", "d"});
    parser.addOption({"duration", "Length of the run (default 60s).", "d"});
    parser.addOption({"step", "From time T on, the rate is RATE (repeatable), e.g. 20000@30s.", "RATE@T"});
    parser.addOption({"spike", "RATE during [T, T+D) (repeatable), e.g. 80000@60s+5s.", "RATE@T+D"});
    parser.addOption({"samples-per-event", "Heart-rate samples in each upload (default 5).", "n"});
    parser.addOption({"alert-users", "Share of users (0 to 1, default 0.1) whose readings carry a heart-rate spike "
                                     "every 15 min of event time, so alerts flow and their latency is measured.",
                      "share"});
    parser.addOption({"json", "Print the report as one JSON object instead of a table."});
    parser.addOption({"generate-only",
                      "No Kafka: generate and serialize uploads to JSON as fast as one core can for --duration, "
                      "and report samples/s (the rate profile is not used)."});
    parser.addOption({"store", "Keep what the processor learns in PostgreSQL (off by default for bench)."});
    parser.addOption({"activity", "Run the activity processor too (off by default for bench: it reads health-metrics "
                                  "again in its own group, which would share the CPU with the path measured)."});
    addDetectorBenchOptions(parser);
    addDrainBenchOptions(parser);
    addStackOptions(parser);
}

/// Fills `out` from the command line; an empty string when fine, else the message (exit 2).
QString parseBenchOptions(const QCommandLineParser& parser, BenchOptions& out)
{
    load::RateProfileText text;
    if (parser.isSet("rate"))
        text.rate = parser.value("rate").toStdString();
    text.ramp = parser.value("ramp").toStdString();
    if (parser.isSet("duration"))
        text.duration = parser.value("duration").toStdString();
    for (const QString& s : parser.values("step"))
        text.steps.push_back(s.toStdString());
    for (const QString& s : parser.values("spike"))
        text.spikes.push_back(s.toStdString());
    std::string error;
    if (!load::parseRateProfile(text, out.profile, error))
        return QString::fromStdString(error);

    bool ok = true;
    if (parser.isSet("samples-per-event")) {
        out.simulator.uploadIntervalSeconds = parser.value("samples-per-event").toInt(&ok);
        if (!ok || out.simulator.uploadIntervalSeconds < 1 || out.simulator.uploadIntervalSeconds > 3600)
            return "--samples-per-event must be a whole number from 1 to 3600, not '" +
                   parser.value("samples-per-event") + "'";
    }
    if (parser.isSet("alert-users")) {
        out.spikes.userShare = parser.value("alert-users").toDouble(&ok);
        if (!ok || !(out.spikes.userShare >= 0 && out.spikes.userShare <= 1))
            return "--alert-users must be a share from 0 to 1, not '" + parser.value("alert-users") + "'";
    }
    if (parser.isSet("store") && parser.isSet("no-store"))
        return "--store and --no-store contradict each other";
    QString stackError;
    if (!resolveStackConfig(parser, out.stack, stackError))
        return stackError;
    out.stack.simulate = false; // the bench drives its own generator
    out.stack.runtime.store.enabled = parser.isSet("store") || parser.isSet("pg-url");
    out.stack.runtime.runActivity = parser.isSet("activity"); // the bench measures the health path
    out.simulator.seed = out.stack.simulator.seed;
    out.simulator.users = parser.isSet("users") ? out.stack.simulator.users
                                                : int(std::min(10e6, std::max(1000.0, std::ceil(out.profile.peakRate()))));
    out.json = parser.isSet("json");
    out.generateOnly = parser.isSet("generate-only");
    return {};
}

/// Serializes each upload to JSON, as the Kafka sink would, and counts what it made.
class EncodingSink : public HealthBatchSink
{
public:
    bool publish(const HealthBatch& batch) override
    {
        healthcodec::encode(batch, m_buffer);
        bytes += m_buffer.size();
        return true;
    }
    std::uint64_t bytes = 0;

private:
    std::string m_buffer;
};

int runGenerateOnly(const BenchOptions& options)
{
    // Far above what one core can do, so the generator is always behind and runs flat out.
    const load::RateProfile flatOut(1e9, 0, options.profile.durationUs());
    EncodingSink sink;
    load::SteadyPacerClock clock;
    load::OpenLoopGenerator generator(flatOut, options.simulator, sink, clock);
    const std::int64_t t0 = steadyClockUs();
    std::atomic<bool> stop{false};
    generator.run(stop); // on this thread: one core
    const double s = seconds(steadyClockUs() - t0);
    const double samplesPerS = double(generator.samplesSent()) / s;
    if (options.json) {
        const QJsonObject o{{"mode", "generate-only"}, {"seconds", s}, {"users", options.simulator.users},
                            {"events", double(generator.sent())}, {"samples", double(generator.samplesSent())},
                            {"bytes", double(sink.bytes)}, {"events_per_s", double(generator.sent()) / s},
                            {"samples_per_s", samplesPerS}, {"bytes_per_s", double(sink.bytes) / s}};
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("generate-only (HealthSimulator + JSON encoding, one thread, %d users) for %.1f s:\n"
                    "  %s events/s, %s samples/s, %s MB/s of JSON (%s bytes/event)\n",
                    options.simulator.users, s, qPrintable(n(double(generator.sent()) / s)), qPrintable(n(samplesPerS)),
                    qPrintable(QString::number(double(sink.bytes) / s / 1e6, 'f', 1)),
                    qPrintable(n(double(sink.bytes) / std::max(1.0, double(generator.sent())))));
    }
    return 0;
}


/// Waits until the processor's group and the recorder's own group are both assigned (the first
/// join holds messages back for ~3 s, which would otherwise land in the latency figures).
double waitForGroups(const ConsoleStack& stack, const OutputLatencyRecorder& recorder)
{
    const std::int64_t t0 = steadyClockUs();
    while (steadyClockUs() - t0 < 30 * kUsPerSecond && (stack.snapshot().consumerLag < 0 || !recorder.assigned()))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return seconds(steadyClockUs() - t0);
}

/// After the generator stopped: until the processor has seen everything sent (or 20 s), then a
/// moment for the last twin updates to reach the recorder.
void drain(const ConsoleStack& stack, std::uint64_t sent)
{
    for (int i = 0; i < 200; ++i) {
        const StackSnapshot s = stack.snapshot();
        if (s.batchesConsumed + s.malformedMessages + s.lostMessages >= sent)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
}

/// Once a second until the generator is done: a progress line on stderr (one line rewritten in
/// place on a terminal) and a tick for the report.
void followProgress(const BenchOptions& o, const ConsoleStack& stack, const load::OpenLoopGenerator& generator,
                    const OutputLatencyRecorder& recorder, const std::atomic<bool>& done, StackSnapshot previous,
                    std::vector<Tick>& ticks)
{
    const bool tty = ::isatty(2);
    std::uint64_t previousSent = 0;
    const std::int64_t t0 = steadyClockUs();
    for (int second = 1;; ++second) {
        // processEvents() returns at once when nothing is pending (its time limit does not make it
        // wait): sleep between looks, or this loop takes a core from the stack it measures.
        while (steadyClockUs() < t0 + second * kUsPerSecond && !done) {
            QCoreApplication::processEvents(); // Ctrl-C, at most 20 ms late
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (done)
            break;
        const StackSnapshot now = stack.snapshot();
        const double dt = seconds(now.wallUs - previous.wallUs);
        const std::uint64_t sentNow = generator.sent();
        const LatencyHistogram latency = recorder.updateLatency();
        const Tick t{double(second), o.profile.rateAt(now.wallUs - generator.startUs()),
                     double(sentNow - previousSent) / dt, double(now.batchesConsumed - previous.batchesConsumed) / dt,
                     now.consumerLag, ms(latency.percentileUs(0.99))};
        ticks.push_back(t);
        std::fprintf(stderr, "%s[%4.0fs] requested %s ev/s | sent %s ev/s | processed %s ev/s | lag %s | late %.1f ms | "
                     "p99 %.1f ms (%s samples)%s", tty ? "\r" : "", t.tS, qPrintable(n(t.requested)),
                     qPrintable(n(t.sent)), qPrintable(n(t.processed)), qPrintable(n(double(t.lag))),
                     ms(generator.lateUs()), t.p99Ms, qPrintable(n(double(latency.count()))), tty ? "\033[K" : "\n");
        previous = now;
        previousSent = sentNow;
    }
    if (tty)
        std::fprintf(stderr, "\n");
}

int runStackBench(const BenchOptions& o)
{
    ConsoleStack stack(o.stack);
    std::string error;
    OutputLatencyRecorder recorder;
    std::unique_ptr<KafkaHealthSink> sink;
    if (!stack.start(error) || !(sink = stack.runtime().createHealthSink(error)) ||
        !recorder.start(stack.runtime().bus(), error)) {
        std::fprintf(stderr, "nexus-twin bench: cannot start the stack: %s\n", error.c_str());
        return 1;
    }
    std::fprintf(stderr, "Kafka bootstrap: %s (%s); waiting for the consumer groups to join…\n",
                 stack.runtime().bus().bootstrap.c_str(), o.stack.runtime.bus.embedded ? "embedded" : "external");
    BenchRun r;
    r.joinSeconds = waitForGroups(stack, recorder);

    load::SteadyPacerClock clock;
    load::OpenLoopGenerator generator(o.profile, o.simulator, *sink, clock);
    generator.setHeartRateSpikes(o.spikes);
    recorder.setSinceUs(clock.nowUs());
    const StackSnapshot first = stack.snapshot();
    std::atomic<bool> stop{false};
    std::atomic<bool> done{false};
    std::thread worker([&] {
        generator.run(stop);
        done = true;
    });
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, [&] { stop = true; });

    followProgress(o, stack, generator, recorder, done, first, r.ticks);
    stop = true;
    worker.join();
    r.seconds = seconds(std::min(clock.nowUs(), generator.startUs() + o.profile.durationUs()) - generator.startUs());
    sink->producer().flush(10000);
    std::fprintf(stderr, "load done; draining the processor…\n");
    drain(stack, generator.sent());
    recorder.stop();

    r.requested = generator.due();
    r.sent = generator.sent();
    r.samples = generator.samplesSent();
    r.errors = generator.failed() + sink->producer().failed();
    r.maxLateUs = generator.maxLateUs();
    r.last = stack.snapshot();
    r.received = recorder.updateLatency();
    r.applied = r.last.endToEnd.minus(first.endToEnd);
    r.alertReceived = recorder.alertLatency();
    r.updates = recorder.updates();
    r.alerts = recorder.alerts();
    r.spiked = generator.spiked();
    sink.reset(); // its producer before the cluster goes away
    stack.stop();
    o.json ? printJson(o, r) : printTable(o, r);
    return 0;
}

} // namespace

int runBench(const QStringList& args)
{
    QCommandLineParser parser;
    addBenchOptions(parser);
    parser.process(args);
    if (parser.isSet("detectors"))
        return runDetectorBench(parser);
    if (parser.isSet("drain"))
        return runDrainBench(parser);
    BenchOptions options;
    const QString error = parseBenchOptions(parser, options);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "nexus-twin bench: %s\n", qPrintable(error));
        return 2;
    }
    return options.generateOnly ? runGenerateOnly(options) : runStackBench(options);
}

} // namespace nexus::cli
