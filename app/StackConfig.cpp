#include "app/StackConfig.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace nexus {

namespace {

bool parseInt(const QString& text, int lo, int hi, const QString& what, int& out, QString& error)
{
    bool ok = false;
    const int v = text.trimmed().toInt(&ok);
    if (!ok || v < lo || v > hi) {
        error = QStringLiteral("%1 must be a whole number from %2 to %3, not '%4'").arg(what).arg(lo).arg(hi).arg(text);
        return false;
    }
    out = v;
    return true;
}

bool parseSpeed(const QString& text, const QString& what, double& out, QString& error)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !(v > 0.0) || v > 100000.0) {
        error = QStringLiteral("%1 must be a number above 0 and at most 100000, not '%2'").arg(what, text);
        return false;
    }
    out = v;
    return true;
}

bool parseBool(const QString& text, const QString& what, bool& out, QString& error)
{
    const QString t = text.trimmed().toLower();
    if (t == "true" || t == "yes" || t == "on" || t == "1")
        out = true;
    else if (t == "false" || t == "no" || t == "off" || t == "0")
        out = false;
    else {
        error = QStringLiteral("%1 must be true or false, not '%2'").arg(what, text);
        return false;
    }
    return true;
}

bool setBootstrap(const QString& bootstrap, const QString& what, StackConfig& config, QString& error)
{
    if (!isValidBootstrapList(bootstrap)) {
        error = QStringLiteral("%1 must be host:port[,host:port…], not '%2'").arg(what, bootstrap);
        return false;
    }
    config.runtime.bus.bootstrap = bootstrap.trimmed().toStdString();
    config.runtime.bus.embedded = false;
    config.simulate = false;
    return true;
}

} // namespace

bool isValidBootstrapList(const QString& bootstrap)
{
    const QStringList entries = bootstrap.trimmed().split(',', Qt::SkipEmptyParts);
    if (entries.isEmpty())
        return false;
    for (const QString& entry : entries) {
        const int colon = entry.lastIndexOf(':');
        bool ok = false;
        const int port = colon > 0 ? entry.mid(colon + 1).toInt(&ok) : 0;
        if (colon <= 0 || !ok || port < 1 || port > 65535)
            return false;
    }
    return true;
}

QString defaultConfigPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + "/nexus-twin/nexus-twin.ini";
}

bool loadConfigFile(const QString& path, StackConfig& config, QString& error)
{
    if (!QFileInfo(path).isReadable()) {
        error = QStringLiteral("cannot read config file %1").arg(path);
        return false;
    }
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError) {
        error = QStringLiteral("config file %1 is not a valid INI file").arg(path);
        return false;
    }
    const auto where = [&](const QString& key) { return QStringLiteral("%1: %2").arg(path, key); };

    if (ini.contains("kafka/bootstrap") && !setBootstrap(ini.value("kafka/bootstrap").toString(),
                                                          where("kafka/bootstrap"), config, error))
        return false;
    if (ini.contains("kafka/brokers") &&
        !parseInt(ini.value("kafka/brokers").toString(), 1, 9, where("kafka/brokers"), config.runtime.embeddedBrokers,
                  error))
        return false;
    ini.beginGroup("kafka-properties");
    for (const QString& key : ini.childKeys())
        config.runtime.bus.properties[key.toStdString()] = ini.value(key).toString().toStdString();
    ini.endGroup();

    if (ini.contains("simulator/enabled") &&
        !parseBool(ini.value("simulator/enabled").toString(), where("simulator/enabled"), config.simulate, error))
        return false;
    if (ini.contains("simulator/users") &&
        !parseInt(ini.value("simulator/users").toString(), 1, 10'000'000, where("simulator/users"),
                  config.simulator.users, error))
        return false;
    if (ini.contains("simulator/seed")) {
        bool ok = false;
        config.simulator.seed = ini.value("simulator/seed").toString().toULongLong(&ok);
        if (!ok) {
            error = where("simulator/seed") + " must be a non-negative whole number";
            return false;
        }
    }
    if (ini.contains("simulator/speed") &&
        !parseSpeed(ini.value("simulator/speed").toString(), where("simulator/speed"), config.simulator.speed, error))
        return false;
    if (ini.contains("simulator/upload_interval") &&
        !parseInt(ini.value("simulator/upload_interval").toString(), 1, 3600, where("simulator/upload_interval"),
                  config.simulator.uploadIntervalSeconds, error))
        return false;
    return true;
}

void addStackOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {"config", "Read settings from this INI file (default: $NEXUS_TWIN_CONFIG, else " + defaultConfigPath() +
                       " if it exists).",
         "file"},
        {"kafka-bootstrap", "Use these Kafka brokers instead of the embedded cluster (host:port[,host:port…]).",
         "servers"},
        {"users", "Simulated users (default 1000).", "n"},
        {"seed", "Simulator seed (default 42): the same seed gives the same users.", "n"},
        {"speed", "Event seconds per wall second; 10 streams ten times the data (default 1).", "x"},
        {"upload-interval", "Seconds of samples a device gathers before it uploads them (default 5).", "s"},
        {"simulate", "Run the simulator even against external brokers."},
        {"no-simulator", "Do not run the simulator."},
    });
}

bool resolveStackConfig(const QCommandLineParser& parser, StackConfig& config, QString& error)
{
    QString path = parser.value("config");
    if (path.isEmpty())
        path = qEnvironmentVariable("NEXUS_TWIN_CONFIG");
    if (path.isEmpty() && QFileInfo::exists(defaultConfigPath()))
        path = defaultConfigPath();
    if (!path.isEmpty() && !loadConfigFile(path, config, error))
        return false;

    if (parser.isSet("kafka-bootstrap") &&
        !setBootstrap(parser.value("kafka-bootstrap"), "--kafka-bootstrap", config, error))
        return false;
    if (parser.isSet("users") &&
        !parseInt(parser.value("users"), 1, 10'000'000, "--users", config.simulator.users, error))
        return false;
    if (parser.isSet("seed")) {
        bool ok = false;
        config.simulator.seed = parser.value("seed").toULongLong(&ok);
        if (!ok) {
            error = "--seed must be a non-negative whole number";
            return false;
        }
    }
    if (parser.isSet("speed") && !parseSpeed(parser.value("speed"), "--speed", config.simulator.speed, error))
        return false;
    if (parser.isSet("upload-interval") &&
        !parseInt(parser.value("upload-interval"), 1, 3600, "--upload-interval", config.simulator.uploadIntervalSeconds,
                  error))
        return false;
    if (parser.isSet("simulate") && parser.isSet("no-simulator")) {
        error = "--simulate and --no-simulator contradict each other";
        return false;
    }
    if (parser.isSet("simulate"))
        config.simulate = true;
    if (parser.isSet("no-simulator"))
        config.simulate = false;
    return true;
}

} // namespace nexus
