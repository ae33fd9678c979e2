#pragma once

#include "backend/runtime/Runtime.h"
#include "simulator/SimulatorOptions.h"

#include <QString>

class QCommandLineParser;

namespace nexus {

/// Everything needed to bring up a stack: where Kafka is, what the processor does, and whether
/// (and how) the simulator streams. Built from defaults, then the config file, then the command
/// line, each overriding the one before.
struct StackConfig
{
    RuntimeOptions runtime;
    SimulatorOptions simulator;
    bool simulate = true; ///< by default on with the embedded cluster, off with external brokers
    std::string apiUrl;   ///< the backend's WebSocket API the console watches; empty: none
};

/// The config file used when neither --config nor $NEXUS_TWIN_CONFIG names one:
/// <user config dir>/nexus-twin/nexus-twin.ini (read only if it exists).
QString defaultConfigPath();

/// Reads an INI config file into `config`. Sections and keys:
///   [kafka]            bootstrap=host:port[,host:port…]   (absent: the embedded cluster)
///                      brokers=3                          (embedded cluster size)
///   [kafka-properties] any librdkafka client property, e.g. security.protocol=SASL_SSL
///   [postgres]         url=postgresql://…  (absent: the embedded cluster), data_dir=…, enabled=true|false
///   [activity]         enabled=true|false                 (the activity processor; default true)
///   [api]              url=ws://host:port/path            (the backend API the console watches)
///   [simulator]        enabled=true|false, users=1000, seed=42, speed=1.0, upload_interval=5
/// False with `error` naming the file, key and problem.
bool loadConfigFile(const QString& path, StackConfig& config, QString& error);

/// Who reads the simulator options: the live simulator (demo, console) or a scenario (simulate),
/// whose own values are the defaults and which has no --simulate / --no-simulator.
enum class StackOptionUse { LiveSimulator, Scenario };

/// Adds the options every entry point shares (--config, --kafka-bootstrap, --pg-url,
/// --pg-data-dir, --no-store, --no-activity, --users, --seed, --speed, --upload-interval,
/// --simulate, --no-simulator) to `parser`.
void addStackOptions(QCommandLineParser& parser, StackOptionUse use = StackOptionUse::LiveSimulator);

/// Loads the config file (if any) and applies the shared options. False with `error` on a bad
/// file or value.
bool resolveStackConfig(const QCommandLineParser& parser, StackConfig& config, QString& error);

/// True when `bootstrap` looks like host:port[,host:port…] with ports 1..65535.
bool isValidBootstrapList(const QString& bootstrap);

} // namespace nexus
