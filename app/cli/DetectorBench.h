#pragma once

class QCommandLineParser;

namespace nexus::cli {

/// Adds --detectors and --scenario to the bench command's parser.
void addDetectorBenchOptions(QCommandLineParser& parser);

/// Runs `nexus-twin bench --detectors`: prints precision and recall per anomaly kind on the
/// labelled scenarios and the false-alert rate on a normal population. Returns the exit code.
int runDetectorBench(const QCommandLineParser& parser);

} // namespace nexus::cli
