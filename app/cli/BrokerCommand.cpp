#include "app/cli/Commands.h"
#include "app/cli/SignalWatcher.h"
#include "backend/bus/EmbeddedCluster.h"
#include "models/events/Topics.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace nexus::cli {

int runBroker(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs the embedded Kafka cluster (librdkafka's mock cluster) on its own, with every topic of the\n"
        "platform, and prints its bootstrap address, so that `serve`, the console (--kafka-bootstrap) and\n"
        "kcat in other processes can share it. Stops on Ctrl-C.");
    parser.addHelpOption();
    parser.addOption({"brokers", "Number of brokers (default 3).", "n", "3"});
    parser.process(args);
    bool ok = false;
    const int brokers = parser.value("brokers").toInt(&ok);
    if (!ok || brokers < 1 || brokers > 9) {
        std::fprintf(stderr, "nexus-twin broker: --brokers must be 1..9, not '%s'\n", qPrintable(parser.value("brokers")));
        return 2;
    }
    std::string error;
    auto cluster = EmbeddedCluster::start(brokers, error);
    if (!cluster) {
        std::fprintf(stderr, "nexus-twin broker: %s\n", error.c_str());
        return 1;
    }
    std::printf("Kafka bootstrap: %s\n", cluster->bootstrap().c_str());
    for (const TopicSpec& t : kTopicCatalogue)
        std::printf("  topic %-16s %2d partitions\n", std::string(t.name).c_str(), t.partitions);
    std::fflush(stdout);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    return 0;
}

} // namespace nexus::cli
