#pragma once

class QCommandLineParser;

namespace nexus::cli {

/// Adds --drain to the bench command's parser.
void addDrainBenchOptions(QCommandLineParser& parser);

/// Runs `nexus-twin bench --drain N`: one processor's end-to-end rate through a backlog against
/// a bare librdkafka consumer's read rate of the same messages. Returns the exit code.
int runDrainBench(const QCommandLineParser& parser);

} // namespace nexus::cli
