#include "app/StackConfig.h"

#include "models/ops/ConnectionSettings.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
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

bool setSeed(const QString& text, const QString& what, StackConfig& config, QString& error)
{
    bool ok = false;
    const qulonglong seed = text.trimmed().toULongLong(&ok);
    if (!ok) {
        error = QStringLiteral("%1 must be a non-negative whole number, not '%2'").arg(what, text);
        return false;
    }
    config.simulator.seed = seed;
    return true;
}

bool setPgUrl(const QString& text, const QString& what, StackConfig& config, QString& error)
{
    const QString url = text.trimmed();
    // libpq takes a URL or key=value pairs; anything else would fail later with a vaguer message.
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://") && !url.contains('=')) {
        error = QStringLiteral("%1 must be a PostgreSQL URL (postgresql://user@host:5432/db) or libpq "
                               "key=value settings, not '%2'")
                    .arg(what, text);
        return false;
    }
    config.runtime.store.url = url.toStdString();
    config.runtime.store.enabled = true;
    return true;
}

bool setApiUrl(const QString& text, const QString& what, StackConfig& config, QString& error)
{
    const QString url = text.trimmed();
    if (!url.isEmpty() && !isWebSocketUrl(url)) {
        error = QStringLiteral("%1 must be a WebSocket URL (ws://host:port/path or wss://…), not '%2'").arg(what, text);
        return false;
    }
    config.apiUrl = url.toStdString();
    return true;
}

/// One setting, readable from the config file (`iniKey`) and/or the command line (`option`).
/// `apply` validates the text and stores it; `what` names the source in error messages.
struct Setting
{
    const char* iniKey;    // null: command line only
    const char* option;    // null: config file only
    const char* valueName;
    const char* help;
    bool (*apply)(const QString& text, const QString& what, StackConfig& config, QString& error);
};

const Setting kSettings[] = {
    {"kafka/bootstrap", "kafka-bootstrap", "servers",
     "Use these Kafka brokers instead of the embedded cluster (host:port[,host:port…]).", setBootstrap},
    {"kafka/brokers", nullptr, nullptr, nullptr,
     [](const QString& t, const QString& w, StackConfig& c, QString& e) {
         return parseInt(t, 1, 9, w, c.runtime.embeddedBrokers, e);
     }},
    {"postgres/url", "pg-url", "url",
     "Keep data in this PostgreSQL server (postgresql://user@host:5432/db) instead of the embedded cluster.",
     setPgUrl},
    {"api/url", "api-url", "url",
     "Watch the backend's WebSocket API at this URL (ws:// or wss://) on the console's Stack health panel.",
     setApiUrl},
    {"postgres/data_dir", "pg-data-dir", "dir",
     "The embedded PostgreSQL cluster's directory (default: the user's data directory; "
     "/var/lib/nexus-twin/postgres when run as root).",
     [](const QString& t, const QString&, StackConfig& c, QString&) {
         c.runtime.store.dataDir = QDir::cleanPath(t.trimmed()).toStdString();
         return true;
     }},
    {"postgres/enabled", nullptr, nullptr, nullptr,
     [](const QString& t, const QString& w, StackConfig& c, QString& e) {
         return parseBool(t, w, c.runtime.store.enabled, e);
     }},
    {"activity/enabled", nullptr, nullptr, nullptr,
     [](const QString& t, const QString& w, StackConfig& c, QString& e) {
         return parseBool(t, w, c.runtime.runActivity, e);
     }},
    {"simulator/enabled", nullptr, nullptr, nullptr,
     [](const QString& t, const QString& w, StackConfig& c, QString& e) { return parseBool(t, w, c.simulate, e); }},
    {"simulator/users", "users", "n", "Simulated users (default 1000).",
     [](const QString& t, const QString& w, StackConfig& c, QString& e) {
         return parseInt(t, 1, 10'000'000, w, c.simulator.users, e);
     }},
    {"simulator/seed", "seed", "n", "Simulator seed (default 42): the same seed gives the same users.", setSeed},
    {"simulator/speed", "speed", "x", "Event seconds per wall second; 10 streams ten times the data (default 1).",
     [](const QString& t, const QString& w, StackConfig& c, QString& e) { return parseSpeed(t, w, c.simulator.speed, e); }},
    {"simulator/upload_interval", "upload-interval", "s",
     "Seconds of samples a device gathers before it uploads them (default 5).",
     [](const QString& t, const QString& w, StackConfig& c, QString& e) {
         return parseInt(t, 1, 3600, w, c.simulator.uploadIntervalSeconds, e);
     }},
};

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
    for (const Setting& s : kSettings) {
        const QString key = QString::fromLatin1(s.iniKey);
        if (s.iniKey && ini.contains(key) &&
            !s.apply(ini.value(key).toString(), QStringLiteral("%1: %2").arg(path, key), config, error))
            return false;
    }
    ini.beginGroup("kafka-properties");
    for (const QString& key : ini.childKeys())
        config.runtime.bus.properties[key.toStdString()] = ini.value(key).toString().toStdString();
    ini.endGroup();
    return true;
}

void addStackOptions(QCommandLineParser& parser, StackOptionUse use)
{
    const bool scenario = use == StackOptionUse::Scenario;
    parser.addOption({"config",
                      "Read settings from this INI file (default: $NEXUS_TWIN_CONFIG, else " + defaultConfigPath() +
                          " if it exists).",
                      "file"});
    for (const Setting& s : kSettings) {
        if (!s.option)
            continue;
        QString help = QString::fromUtf8(s.help);
        if (scenario && QByteArray(s.iniKey).startsWith("simulator/"))
            help.replace(QRegularExpression("\\(default [^)]*\\)"), "(default: the scenario's)");
        parser.addOption({QString::fromLatin1(s.option), help, QString::fromLatin1(s.valueName)});
    }
    // A scenario is its own source: the live simulator's switches mean nothing there.
    QCommandLineOption simulate("simulate", "Run the simulator even against external brokers.");
    QCommandLineOption noSimulator("no-simulator", "Do not run the simulator.");
    if (scenario) {
        simulate.setFlags(QCommandLineOption::HiddenFromHelp);
        noSimulator.setFlags(QCommandLineOption::HiddenFromHelp);
    }
    parser.addOption(simulate);
    parser.addOption(noSimulator);
    parser.addOption({"no-store", "Run without PostgreSQL: nothing the stack learns is kept after it stops."});
    parser.addOption({"no-activity", "Do not run the activity processor (daily steps, active minutes and load "
                                     "against goals, published on activity-progress)."});
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

    for (const Setting& s : kSettings) {
        const QString option = QString::fromLatin1(s.option);
        if (s.option && parser.isSet(option) && !s.apply(parser.value(option), "--" + option, config, error))
            return false;
    }
    if (parser.isSet("simulate") && parser.isSet("no-simulator")) {
        error = "--simulate and --no-simulator contradict each other";
        return false;
    }
    if (parser.isSet("simulate"))
        config.simulate = true;
    if (parser.isSet("no-simulator"))
        config.simulate = false;
    if (parser.isSet("no-store") && parser.isSet("pg-url")) {
        error = "--no-store and --pg-url contradict each other";
        return false;
    }
    if (parser.isSet("no-store"))
        config.runtime.store.enabled = false;
    if (parser.isSet("no-activity"))
        config.runtime.runActivity = false;
    return true;
}

} // namespace nexus
