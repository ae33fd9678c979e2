#pragma once

#include <QStringList>

namespace nexus::cli {

/// Each command takes its own arguments (the command name first, as argv[0]) and returns the
/// process exit code. They run inside an existing QCoreApplication.
int runDemo(const QStringList& args);
int runBroker(const QStringList& args);
int runTwin(const QStringList& args);
int runBench(const QStringList& args);
int runServe(const QStringList& args);
int runSimulate(const QStringList& args);

} // namespace nexus::cli
