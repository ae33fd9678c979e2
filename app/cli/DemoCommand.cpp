#include "app/ConsoleStack.h"
#include "app/HeadlessSummary.h"
#include "app/cli/Commands.h"
#include "app/cli/SignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <optional>

#include <cstdio>

namespace nexus::cli {

int runDemo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Starts the stack (by default the embedded Kafka cluster, the health processor and the simulator)\n"
        "and prints a one-line summary every second until Ctrl-C or --seconds, then a final summary.");
    parser.addHelpOption();
    addStackOptions(parser);
    parser.addOption({"seconds", "Stop after this many seconds (default: run until Ctrl-C).", "n"});
    parser.process(args);

    StackConfig config;
    QString error;
    int seconds = 0;
    if (parser.isSet("seconds")) {
        bool ok = false;
        seconds = parser.value("seconds").toInt(&ok);
        if (!ok || seconds < 1) {
            std::fprintf(stderr, "nexus-twin demo: --seconds must be a whole number of at least 1, not '%s'\n",
                         qPrintable(parser.value("seconds")));
            return 2;
        }
    }
    if (!resolveStackConfig(parser, config, error)) {
        std::fprintf(stderr, "nexus-twin demo: %s\n", qPrintable(error));
        return 2;
    }

    ConsoleStack stack(config);
    std::string startError;
    if (!stack.start(startError)) {
        std::fprintf(stderr, "nexus-twin demo: cannot start the stack: %s\n", startError.c_str());
        return 1;
    }
    std::printf("%s", formatStackAddresses(stack.runtime().bus().bootstrap, config.runtime.bus.embedded,
                                           stack.runtime().storeUrl())
                          .c_str());
    std::printf("stack started in %.0f ms; simulator: %s\n", stack.startMs(),
                config.simulate ? qPrintable(QStringLiteral("%1 users at %2x speed, uploads every %3 s")
                                                 .arg(config.simulator.users)
                                                 .arg(config.simulator.speed)
                                                 .arg(config.simulator.uploadIntervalSeconds))
                                : "off");
    std::fflush(stdout);

    const StackSnapshot first = stack.snapshot();
    StackSnapshot previous = first;
    QElapsedTimer clock;
    clock.start();
    bool reportedFirstMessage = false;
    std::optional<StackSnapshot> warm; // the first tick after messages started flowing

    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        StackSnapshot now = stack.snapshot();
        if (reportedFirstMessage && !warm)
            warm = now;
        if (!reportedFirstMessage && now.batchesConsumed > 0) {
            std::printf("first message processed %.1f s after start (consumer group join)\n",
                        double(clock.elapsed()) / 1000.0);
            reportedFirstMessage = true;
        }
        std::printf("%s\n", formatSummaryLine(previous, now, double(clock.elapsed()) / 1000.0).c_str());
        std::fflush(stdout);
        previous = std::move(now);
        if (seconds > 0 && clock.elapsed() >= qint64(seconds) * 1000)
            QCoreApplication::quit();
    });
    tick.start(1000);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, [] { QCoreApplication::quit(); });

    QCoreApplication::exec();
    tick.stop();
    // Stop the source, give the processor and the broker monitor a moment to catch up, so the
    // final totals agree with each other.
    stack.stopSimulator();
    for (int i = 0; i < 30 && stack.snapshot().consumerLag > 0; ++i)
        QThread::msleep(100);
    QThread::msleep(600);
    for (int i = 0; i < 50 && stack.snapshot().storeQueuedSamples > 0; ++i)
        QThread::msleep(100); // the store writer's last transaction
    const StackSnapshot last = stack.snapshot();
    std::printf("%s", formatFinalSummary(first, warm ? &*warm : nullptr, last, stack.startMs()).c_str());
    const ProcessorStats processed = stack.runtime().processorStats();
    if (!processed.malformedByReason.empty()) {
        std::printf("malformed by reason:");
        for (const auto& [reason, count] : processed.malformedByReason)
            std::printf(" %s=%llu", reason.c_str(), static_cast<unsigned long long>(count));
        std::printf("\n");
    }
    const std::string problem = stack.runtime().busProblem();
    if (!problem.empty())
        std::printf("bus monitor: %s\n", problem.c_str());
    std::fflush(stdout);
    stack.stop();
    return 0;
}

} // namespace nexus::cli
