#include "app/console/ConnectController.h"

#include "backend/runtime/ConnectionProbe.h"
#include "models/ops/ProbeResult.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QWidget>

namespace nexus {

namespace {

/// The librdkafka properties with a field of their own in the dialog.
struct NamedProperty
{
    const char* name;
    QString ConnectionSettings::*field;
};
const NamedProperty kNamedProperties[] = {
    {"security.protocol", &ConnectionSettings::securityProtocol},
    {"sasl.mechanism", &ConnectionSettings::saslMechanism},
    {"sasl.mechanisms", &ConnectionSettings::saslMechanism}, // librdkafka's alias
    {"sasl.username", &ConnectionSettings::saslUsername},
    {"sasl.password", &ConnectionSettings::saslPassword},
    {"ssl.ca.location", &ConnectionSettings::sslCaLocation},
};

/// The remote settings last entered, so choosing "connect" again does not mean typing them again.
/// The password is not kept here (it is in the INI config file while it is in use).
constexpr const char* kRememberedGroup = "connection";

void remember(const ConnectionSettings& s)
{
    QSettings settings;
    settings.beginGroup(kRememberedGroup);
    settings.setValue("bootstrap", s.bootstrap);
    settings.setValue("securityProtocol", s.securityProtocol);
    settings.setValue("saslMechanism", s.saslMechanism);
    settings.setValue("saslUsername", s.saslUsername);
    settings.setValue("sslCaLocation", s.sslCaLocation);
    settings.setValue("extraProperties", formatPropertyLines(s.extra));
    settings.setValue("pgUrl", s.pgUrl);
    settings.setValue("apiUrl", s.apiUrl);
}

ConnectionSettings remembered()
{
    QSettings settings;
    settings.beginGroup(kRememberedGroup);
    ConnectionSettings s;
    s.bootstrap = settings.value("bootstrap").toString();
    s.securityProtocol = settings.value("securityProtocol").toString();
    s.saslMechanism = settings.value("saslMechanism").toString();
    s.saslUsername = settings.value("saslUsername").toString();
    s.sslCaLocation = settings.value("sslCaLocation").toString();
    QString ignored;
    parsePropertyLines(settings.value("extraProperties").toString(), s.extra, ignored);
    s.pgUrl = settings.value("pgUrl").toString();
    s.apiUrl = settings.value("apiUrl").toString();
    return s;
}

} // namespace

ConnectionSettings connectionFromConfig(const StackConfig& config)
{
    ConnectionSettings s;
    const BusSettings& bus = config.runtime.bus;
    s.embedded = bus.embedded;
    s.bootstrap = bus.embedded ? QString() : QString::fromStdString(bus.bootstrap);
    for (const auto& [name, value] : bus.properties) {
        const QString v = QString::fromStdString(value);
        const auto named = std::find_if(std::begin(kNamedProperties), std::end(kNamedProperties),
                                        [&](const NamedProperty& p) { return name == p.name; });
        if (named != std::end(kNamedProperties))
            s.*(named->field) = v;
        else
            s.extra.append({QString::fromStdString(name), v});
    }
    s.securityProtocol = s.securityProtocol.toLower();
    s.pgUrl = QString::fromStdString(config.runtime.store.url);
    s.apiUrl = QString::fromStdString(config.apiUrl);
    return s;
}

StackConfig applyConnection(StackConfig config, const ConnectionSettings& settings)
{
    if (settings.embedded) {
        config.runtime.bus = {};
        config.runtime.store.url.clear();
        config.apiUrl.clear();
        config.simulate = true;
        return config;
    }
    config.runtime.bus = ConnectionProbe::busSettings(settings);
    config.runtime.store.url = settings.pgUrl.trimmed().toStdString();
    config.apiUrl = settings.apiUrl.trimmed().toStdString();
    if (!config.runtime.store.url.empty())
        config.runtime.store.enabled = true;
    config.simulate = false;
    return config;
}

bool saveConnection(const ConnectionSettings& s, const QString& path, QString& error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        error = QStringLiteral("cannot create the directory of %1").arg(path);
        return false;
    }
    {
        QSettings ini(path, QSettings::IniFormat);
        ini.remove("kafka/bootstrap");
        ini.remove("kafka-properties");
        ini.remove("postgres/url");
        ini.remove("api/url");
        if (!s.embedded) {
            ini.setValue("kafka/bootstrap", s.bootstrap.trimmed());
            ini.beginGroup("kafka-properties");
            for (const auto& [name, value] : kafkaProperties(s))
                ini.setValue(name, value);
            ini.endGroup();
            if (!s.pgUrl.trimmed().isEmpty())
                ini.setValue("postgres/url", s.pgUrl.trimmed());
            if (!s.apiUrl.trimmed().isEmpty())
                ini.setValue("api/url", s.apiUrl.trimmed());
        }
        ini.sync();
        if (ini.status() != QSettings::NoError) {
            error = QStringLiteral("cannot write %1").arg(path);
            return false;
        }
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

QString connectionConfigPath(const QString& configOption)
{
    if (!configOption.isEmpty())
        return configOption;
    const QString fromEnvironment = qEnvironmentVariable("NEXUS_TWIN_CONFIG");
    return fromEnvironment.isEmpty() ? defaultConfigPath() : fromEnvironment;
}

ConnectController::ConnectController(StackConfig current, QString configPath, Restart restart, QWidget* window)
    : QObject(window), m_current(std::move(current)), m_configPath(std::move(configPath)),
      m_restart(std::move(restart)), m_window(window)
{
    m_pool.setMaxThreadCount(int(kProbeParts.size()));
}

ConnectController::~ConnectController()
{
    if (m_probe)
        m_probe->cancel();
    m_pool.waitForDone(); // a PostgreSQL connect cannot be interrupted: at most its timeout
}

void ConnectController::open()
{
    if (!m_dialog) {
        m_dialog = new ConnectDialog(m_window);
        m_dialog->setWindowModality(Qt::WindowModal);
        m_dialog->setValidator([this](const ConnectionSettings& s) { return checkSettings(s); });
        connect(m_dialog, &ConnectDialog::testRequested, this, &ConnectController::runTest);
        connect(m_dialog, &ConnectDialog::testCancelled, this, &ConnectController::cancelTest);
        connect(m_dialog, &ConnectDialog::switchRequested, this, &ConnectController::switchTo);
    }
    if (m_dialog->isVisible()) { // keep what the user is typing
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    // What runs now; the remote fields keep the last ones entered when the embedded stack runs.
    ConnectionSettings s = connectionFromConfig(m_current);
    const ConnectionSettings last = remembered();
    if (s.embedded) {
        s = last;
        s.embedded = true;
    }
    if (s.apiUrl.isEmpty())
        s.apiUrl = last.apiUrl;
    m_dialog->setSettings(s);
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

QString ConnectController::checkSettings(const ConnectionSettings& s) const
{
    if (s.embedded)
        return {};
    if (!isValidBootstrapList(s.bootstrap))
        return tr("Kafka bootstrap servers must be host:port[,host:port…], not '%1'").arg(s.bootstrap);
    if (const QString problem = ConnectionProbe::checkKafkaProperties(s); !problem.isEmpty())
        return problem;
    if (!s.apiUrl.isEmpty() && !isWebSocketUrl(s.apiUrl))
        return tr("The API URL must be ws://host:port/… or wss://…, not '%1'").arg(s.apiUrl);
    // The rest as the next start will read it: save to a scratch file and load that.
    QTemporaryDir scratch;
    const QString path = scratch.filePath("nexus-twin.ini");
    StackConfig loaded;
    QString error;
    if (!saveConnection(s, path, error) || !loadConfigFile(path, loaded, error))
        return redactSecrets(error.remove(path + ": "));
    return {};
}

void ConnectController::runTest(const ConnectionSettings& settings)
{
    cancelTest();
    const unsigned id = ++m_testId;
    m_probe = std::make_shared<ConnectionProbe>(settings, m_timeoutMs);
    m_pending = int(kProbeParts.size());
    for (const ProbePart part : kProbeParts) {
        m_pool.start([this, id, part, probe = m_probe] {
            const ProbeResult result = probe->run(part);
            // Back to the GUI thread; the pool outlives no controller (see ~ConnectController).
            QMetaObject::invokeMethod(
                this,
                [this, id, result] {
                    if (id != m_testId)
                        return; // cancelled, or a newer test runs
                    if (m_dialog)
                        m_dialog->showResult(result);
                    if (--m_pending == 0) {
                        m_probe.reset();
                        emit testFinished();
                    }
                },
                Qt::QueuedConnection);
        });
    }
}

void ConnectController::cancelTest()
{
    if (!m_probe)
        return;
    m_probe->cancel();
    m_probe.reset();
    ++m_testId;
    m_pending = 0;
    emit testFinished();
}

void ConnectController::switchTo(const ConnectionSettings& settings)
{
    cancelTest();
    if (!settings.embedded)
        remember(settings);
    QString saveError;
    saveConnection(settings, m_configPath, saveError);
    m_current = applyConnection(m_current, settings);
    // After the dialog has closed: stopping the running stack blocks for a moment.
    QMetaObject::invokeMethod(
        this,
        [this, config = m_current, saveError] {
            if (m_restart)
                m_restart(config);
            emit switched(config, saveError);
        },
        Qt::QueuedConnection);
}

} // namespace nexus
