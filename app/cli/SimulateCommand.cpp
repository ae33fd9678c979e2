#include "app/ConsoleStack.h"
#include "app/StackConfig.h"
#include "app/cli/Commands.h"
#include "app/cli/SignalWatcher.h"
#include "app/simulate/ScenarioRun.h"
#include "app/simulate/SimulateOutput.h"
#include "backend/bus/KafkaProducer.h"
#include "simulator/anomaly/LabelsFile.h"
#include "simulator/scenario/Scenario.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <memory>

namespace nexus::cli {

namespace {

constexpr const char* kName = "nexus-twin simulate";

void listScenarios()
{
    std::printf("Built-in scenarios (nexus-twin simulate NAME, or a path to your own JSON file):\n");
    for (const std::string& name : scenario::builtInScenarioNames()) {
        QString error;
        const auto s = scenario::loadScenario(QString::fromStdString(name), error);
        std::printf("  %-20s %s\n", name.c_str(), s ? s->description.c_str() : qPrintable(error));
    }
}

/// Applies the shared options that override the scenario (--users, --seed, --speed,
/// --upload-interval, --days, --fast) from the command line.
bool applyOverrides(const QCommandLineParser& parser, const StackConfig& config, scenario::Scenario& s,
                    QString& error)
{
    if (parser.isSet("users"))
        s.users = config.simulator.users;
    if (parser.isSet("seed"))
        s.seed = config.simulator.seed;
    if (parser.isSet("speed"))
        s.speed = config.simulator.speed;
    if (parser.isSet("upload-interval"))
        s.uploadIntervalS = config.simulator.uploadIntervalSeconds;
    if (parser.isSet("fast"))
        s.speed = 0.0;
    if (parser.isSet("days")) {
        bool ok = false;
        const int days = parser.value("days").toInt(&ok);
        if (!ok || days < 1 || days > 3650) {
            error = QStringLiteral("--days must be a whole number from 1 to 3650, not '%1'").arg(parser.value("days"));
            return false;
        }
        s.days = days;
    }
    return true;
}

void printProgress(const ScenarioRunProgress& p)
{
    const double span = double(std::max<TimestampUs>(1, p.endUs - p.firstDueUs));
    const double done = std::clamp(double(p.simulatedUs - p.firstDueUs) / span, 0.0, 1.0);
    std::fprintf(stderr,
                 "\r%5.1f%%  simulated %s  messages %llu (health %llu, workout %llu, user %llu, social %llu, ai %llu)"
                 "  %.0f msg/s%s%s",
                 100.0 * done, calendar::isoDateTimeUtc(p.simulatedUs).c_str(), static_cast<unsigned long long>(p.messages()),
                 static_cast<unsigned long long>(p.sentByTopic[1]), static_cast<unsigned long long>(p.sentByTopic[2]),
                 static_cast<unsigned long long>(p.sentByTopic[0]), static_cast<unsigned long long>(p.sentByTopic[3]),
                 static_cast<unsigned long long>(p.sentByTopic[4]),
                 p.wallSeconds > 0 ? double(p.messages()) / p.wallSeconds : 0.0,
                 p.behindSeconds > 1.0 ? qPrintable(QStringLiteral("  behind %1 s").arg(p.behindSeconds, 0, 'f', 1)) : "",
                 p.failures ? qPrintable(QStringLiteral("  FAILED %1").arg(p.failures)) : "");
    if (p.finished || p.stopped)
        std::fprintf(stderr, "\n");
    std::fflush(stderr);
}

} // namespace

int runSimulate(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Streams a scenario's simulated users into Kafka: health uploads, workouts, app, social and coach events,\n"
        "with the scenario's anomalies injected and their ground-truth labels saved with --labels.\n"
        "With the embedded cluster (the default) the processors and the store run too, and a summary of what\n"
        "they made of the scenario is printed at the end. With --kafka-bootstrap only the messages are sent.\n"
        "--users, --seed, --speed and --upload-interval override the scenario's own values.\n"
        "Scenarios and their format: docs/scenarios.md.");
    parser.addHelpOption();
    parser.addPositionalArgument("scenario", "A built-in scenario name (see --list) or a path to a JSON file "
                                             "(default: normal-day).");
    addStackOptions(parser, StackOptionUse::Scenario);
    parser.addOption({"list", "List the built-in scenarios and exit."});
    parser.addOption({"days", "Simulate this many days instead of the scenario's.", "n"});
    parser.addOption({"fast", "Send as fast as the bus takes it (ignore the scenario's speed)."});
    parser.addOption({"labels", "Write the injected anomalies' ground truth to this CSV file.", "file"});
    parser.addOption({"output", "Write the messages to this file ('-' for stdout), one per line as\n"
                                "due_us<TAB>topic<TAB>key<TAB>payload, instead of sending them to Kafka.",
                      "file"});
    parser.addOption({"stamp", "sent_at_us in the payloads: 'wall' (the clock at sending, for latency; default with "
                               "Kafka) or 'event' (the simulated time: the same scenario gives the same bytes; "
                               "default with --output).",
                      "wall|event"});
    parser.process(args);

    if (parser.isSet("list")) {
        listScenarios();
        return 0;
    }
    if (parser.positionalArguments().size() > 1) {
        std::fprintf(stderr, "%s: give one scenario, not %lld\n", kName,
                     static_cast<long long>(parser.positionalArguments().size()));
        return 2;
    }
    StackConfig config;
    QString error;
    if (!resolveStackConfig(parser, config, error)) {
        std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
        return 2;
    }
    const QString name = parser.positionalArguments().value(0, QStringLiteral("normal-day"));
    std::optional<scenario::Scenario> loaded = scenario::loadScenario(name, error);
    if (!loaded) {
        std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
        return 2;
    }
    if (!applyOverrides(parser, config, *loaded, error)) {
        std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
        return 2;
    }
    const bool toFile = parser.isSet("output");
    bool stampWall = !toFile;
    if (parser.isSet("stamp")) {
        const QString stamp = parser.value("stamp");
        if (stamp != "wall" && stamp != "event") {
            std::fprintf(stderr, "%s: --stamp must be 'wall' or 'event', not '%s'\n", kName, qPrintable(stamp));
            return 2;
        }
        stampWall = stamp == "wall";
    }

    // Where the messages go: a file, external brokers (producer only) or the embedded stack.
    std::unique_ptr<ConsoleStack> stack; // declared first: the producer must go before the cluster
    std::unique_ptr<SimulateOutput> output;
    if (toFile) {
        output = SimulateOutput::toFile(parser.value("output"), error);
    } else {
        const bool embedded = config.runtime.bus.embedded;
        if (embedded) {
            config.simulate = false; // the scenario is the source
            stack = std::make_unique<ConsoleStack>(config);
            std::string startError;
            if (!stack->start(startError)) {
                std::fprintf(stderr, "%s: cannot start the stack: %s\n", kName, startError.c_str());
                return 1;
            }
            std::fprintf(stderr, "embedded stack up: Kafka %s, PostgreSQL %s\n",
                         stack->runtime().bus().bootstrap.c_str(),
                         stack->runtime().storeUrl().empty() ? "off" : stack->runtime().storeUrl().c_str());
        }
        output = SimulateOutput::toKafka(embedded ? stack->runtime().bus() : config.runtime.bus, error);
    }
    if (!output) {
        std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
        return 1;
    }

    const scenario::Scenario& s = *loaded;
    std::fprintf(stderr, "scenario %s: %d users, %d day(s) from %s, %s, uploads every %d s\n", s.name.c_str(), s.users,
                 s.days, calendar::isoDate(s.startDay).c_str(),
                 s.speed > 0 ? qPrintable(QStringLiteral("%1x real time").arg(s.speed)) : "as fast as possible",
                 s.uploadIntervalS);

    std::atomic<bool> stop{false};
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, [&] { stop = true; });

    sim::ScenarioStream stream(s);
    ScenarioRunOptions options;
    options.speed = s.speed;
    options.stampWallClock = stampWall;
    options.send = [&](TimestampUs dueUs, std::string_view topic, std::string_view key, std::string_view payload) {
        return output->send(dueUs, topic, key, payload);
    };
    options.stopRequested = [&] {
        QCoreApplication::processEvents(); // lets the signal watcher's timer run
        return stop.load();
    };
    options.progress = printProgress;
    const ScenarioRunProgress totals = runScenario(stream, options);
    const bool flushed = output->finish(error);

    const std::vector<anomaly::Label> labels = stream.takeLabels();
    if (parser.isSet("labels")) {
        if (!anomaly::writeLabels(parser.value("labels"), labels, error)) {
            std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
            return 1;
        }
    }

    std::printf("%s: %s %llu messages (%llu health uploads with %llu samples) in %.1f s (%.0f samples/s); %llu "
                "malformed on purpose; %zu labelled anomalies%s\n",
                s.name.c_str(), totals.stopped ? "stopped after" : "sent",
                static_cast<unsigned long long>(totals.messages()),
                static_cast<unsigned long long>(totals.sentByTopic[1]),
                static_cast<unsigned long long>(totals.samples), totals.wallSeconds,
                totals.wallSeconds > 0 ? double(totals.samples) / totals.wallSeconds : 0.0,
                static_cast<unsigned long long>(totals.malformed), labels.size(),
                parser.isSet("labels") ? qPrintable(" written to " + parser.value("labels"))
                                       : " (save them with --labels FILE)");
    if (stack)
        printProcessedSummary(*stack);
    std::fflush(stdout);
    if (!flushed || totals.failures > 0) {
        std::fprintf(stderr, "%s: %llu message(s) not delivered%s%s\n", kName,
                     static_cast<unsigned long long>(totals.failures), flushed ? "" : ": ", qPrintable(error));
        return 1;
    }
    return 0;
}

} // namespace nexus::cli
