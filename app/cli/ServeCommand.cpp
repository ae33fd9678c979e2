// `nexus-twin serve`: the processors headless, with /health and /metrics over HTTP.

#include "app/ConsoleStack.h"
#include "app/HeadlessSummary.h"
#include "app/cli/Commands.h"
#include "app/cli/SignalWatcher.h"
#include "backend/api/ActivityMetrics.h"
#include "backend/api/PrometheusMetrics.h"
#include "backend/api/StatusHttpServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace nexus::cli {

namespace {

/// Healthy while the stack runs and neither the bus monitor nor the store reports a problem.
StatusHttpServer::Health healthOf(const ConsoleStack& stack)
{
    const StackSnapshot s = stack.snapshot();
    const std::string busProblem = stack.runtime().busProblem();
    const bool healthy = s.running && busProblem.empty() && s.storeProblem.empty();
    QJsonObject activity{{"enabled", stack.runtime().activityRunning()}};
    if (stack.runtime().activityRunning()) {
        const ActivityProcessorStats a = stack.runtime().activityStats();
        activity.insert("consumer_lag", double(a.lag));
        activity.insert("messages_consumed", double(a.healthMessages + a.workoutMessages + a.userEventMessages));
        activity.insert("users_tracked", double(a.usersTracked));
        activity.insert("partitions_owned", double(a.partitions.size()));
    }
    const QJsonObject body{
        {"status", healthy ? "ok" : "degraded"},
        {"kafka", QJsonObject{{"bootstrap", QString::fromStdString(s.bootstrap)},
                              {"embedded", s.embedded},
                              {"problem", QString::fromStdString(busProblem)}}},
        {"processor", QJsonObject{{"consumer_lag", double(s.consumerLag)},
                                  {"messages_consumed", double(s.batchesConsumed)},
                                  {"users_tracked", double(s.usersTracked)}}},
        {"activity", activity},
        {"store", QJsonObject{{"url", QString::fromStdString(s.storeUrl)},
                              {"rows_stored", double(s.rowsStored)},
                              {"problem", QString::fromStdString(s.storeProblem)}}},
    };
    return {healthy, QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString()};
}

} // namespace

int runServe(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs the stream processors headless with the same configuration as the console (embedded or\n"
        "external Kafka and PostgreSQL), without the simulator unless --simulate is given. Serves\n"
        "GET /health (JSON; 200 healthy, 503 degraded) and GET /metrics (Prometheus text) over HTTP.\n"
        "Runs the health processor and, unless --no-activity, the activity processor (its own consumer group\n"
        "nexus-activity; counters nexus_activity_* in /metrics).\n"
        "Stops cleanly on SIGTERM or Ctrl-C: the processors leave their groups and the store is flushed.");
    parser.addHelpOption();
    parser.addOption({"http-address", "Address for /health and /metrics (default 127.0.0.1).", "ip", "127.0.0.1"});
    parser.addOption({"http-port", "Port for /health and /metrics (default 9464; 0: any free port).", "port", "9464"});
    addStackOptions(parser);
    parser.process(args);

    StackConfig config;
    config.simulate = false;
    QString error;
    if (!resolveStackConfig(parser, config, error)) {
        std::fprintf(stderr, "nexus-twin serve: %s\n", qPrintable(error));
        return 2;
    }
    bool ok = false;
    const uint port = parser.value("http-port").toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "nexus-twin serve: --http-port must be 0..65535, not '%s'\n",
                     qPrintable(parser.value("http-port")));
        return 2;
    }

    ConsoleStack stack(config);
    std::string startError;
    if (!stack.start(startError)) {
        std::fprintf(stderr, "nexus-twin serve: cannot start the stack: %s\n", startError.c_str());
        return 1;
    }
    const auto metrics = [&stack] {
        std::string text = prometheusText(stack.snapshot());
        if (stack.runtime().activityRunning())
            text += activityPrometheusText(stack.runtime().activityStats());
        return text;
    };
    StatusHttpServer http([&stack] { return healthOf(stack); }, metrics);
    if (!http.listen(parser.value("http-address"), quint16(port), error)) {
        std::fprintf(stderr, "nexus-twin serve: %s\n", qPrintable(error));
        stack.stop();
        return 1;
    }
    std::printf("%s", formatStackAddresses(stack.runtime().bus().bootstrap, config.runtime.bus.embedded,
                                           stack.runtime().storeUrl())
                          .c_str());
    std::printf("serving http://%s:%u/health and /metrics\n", qPrintable(parser.value("http-address")), http.port());
    std::fflush(stdout);

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    stack.stop();
    std::printf("stopped\n");
    return 0;
}

} // namespace nexus::cli
