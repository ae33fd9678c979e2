// nexus-twin: the command-line entry point. Dispatches to one command per subcommand.

#include "app/cli/Commands.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>

namespace {

struct Command
{
    const char* name;
    const char* summary;
    int (*run)(const QStringList&);
};

constexpr Command kCommands[] = {
    {"demo", "start the stack and the simulator, print a live summary every second", nexus::cli::runDemo},
    {"broker", "run the embedded Kafka cluster on its own and print its bootstrap address", nexus::cli::runBroker},
    {"serve", "run the processors headless, with /health and /metrics over HTTP", nexus::cli::runServe},
    {"twin", "compute a user's twin (load, fitness, HRV, scores, forecast) from a history file", nexus::cli::runTwin},
    {"simulate", "stream a scenario (simulated users, workouts, app events, labelled anomalies) into Kafka",
     nexus::cli::runSimulate},
    {"bench", "run an open-loop load profile through the stack and report throughput and latency", nexus::cli::runBench},
};

void printHelp()
{
    std::printf("Usage: nexus-twin <command> [options]\n\n"
                "NexusTwin Console's command-line tool: the embedded stack, headless.\n\n"
                "Commands:\n");
    for (const Command& c : kCommands)
        std::printf("  %-8s %s\n", c.name, c.summary);
    std::printf("\nOptions:\n"
                "  -h, --help     show this help (or `nexus-twin <command> --help` for a command's options)\n"
                "  -v, --version  show the version\n");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("nexus-twin");
    QCoreApplication::setOrganizationName("nexus-twin");
    QCoreApplication::setApplicationVersion(NEXUS_VERSION);

    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help") {
        printHelp();
        return args.size() < 2 ? 2 : 0;
    }
    if (args[1] == "-v" || args[1] == "--version") {
        std::printf("nexus-twin %s\n", NEXUS_VERSION);
        return 0;
    }
    for (const Command& c : kCommands) {
        if (args[1] == QLatin1String(c.name)) {
            QStringList rest = args.mid(1);
            rest[0] = QStringLiteral("nexus-twin ") + c.name;
            return c.run(rest);
        }
    }
    std::fprintf(stderr, "nexus-twin: unknown command '%s'\n\n", qPrintable(args[1]));
    printHelp();
    return 2;
}
