#include "app/console/ConsoleController.h"

#include "app/ConsoleStack.h"
#include "backend/api/PrometheusMetrics.h"
#include "backend/api/StatusHttpServer.h"
#include "backend/runtime/RemoteApiWatcher.h"
#include "models/events/Topics.h"
#include "models/ops/OperationsModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nexus {

namespace {
/// The components a config will bring up, all starting.
std::vector<ComponentStatus> startingComponents(const StackConfig& config)
{
    std::vector<std::string> processors;
    if (config.runtime.runProcessor)
        processors.emplace_back(stackhealth::kHealthProcessor);
    if (config.runtime.runActivity)
        processors.emplace_back(stackhealth::kActivityProcessor);
    std::vector<ComponentStatus> parts =
        stackhealth::starting(config.runtime.bus.embedded, config.runtime.bus.bootstrap, processors,
                              config.runtime.store.enabled, config.runtime.store.url, wallClockUs());
    if (!config.apiUrl.empty()) {
        stackhealth::RemoteApiFacts unchecked;
        unchecked.url = config.apiUrl;
        parts.push_back(stackhealth::remoteApi(unchecked));
    }
    return parts;
}

/// GET /health: 200 with every component running (or off), 503 otherwise; the components as JSON.
StatusHttpServer::Health healthOf(const std::vector<ComponentStatus>& components)
{
    QJsonArray parts;
    for (const ComponentStatus& c : components)
        parts.append(QJsonObject{{"name", QString::fromStdString(c.name)},
                                 {"state", stackhealth::stateName(c.state)},
                                 {"embedded", c.embedded},
                                 {"since_us", double(c.sinceUs)},
                                 {"address", QString::fromStdString(c.address)},
                                 {"detail", QString::fromStdString(c.detail)},
                                 {"error", QString::fromStdString(c.lastError)}});
    const bool healthy = stackhealth::healthy(components);
    const QJsonObject body{{"status", healthy ? "ok" : "degraded"}, {"components", parts}};
    return {healthy, QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString()};
}
} // namespace

ConsoleController::ConsoleController(StackConfig config, OperationsModel* operations, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_operations(operations)
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &ConsoleController::tick);
}

ConsoleController::~ConsoleController() { stop(); }

void ConsoleController::start()
{
    if (m_stack)
        return;
    m_stack = std::make_unique<ConsoleStack>(m_config);
    emit componentsReported(startingComponents(m_config), wallClockUs());
    {
        std::lock_guard lock(m_ownerMutex);
        m_releaseOwner = false;
    }
    // The owner thread starts the stack and stays alive until stop(): the embedded PostgreSQL
    // server is its child with PR_SET_PDEATHSIG, which Linux delivers when the *thread* that
    // forked it exits, so a short-lived starter thread would shut the server down at once.
    m_owner = std::thread([this, stack = m_stack.get()] {
        std::string error;
        const bool ok = stack->start(error);
        // Back on the GUI thread (queued; dropped if the controller is gone by then).
        QMetaObject::invokeMethod(
            this,
            [this, ok, error] {
                if (!m_stack)
                    return; // stop() came first
                if (!ok) {
                    // Which part failed, before the stack goes (a runtime that is up failed later, in the simulator).
                    const Runtime& runtime = m_stack->runtime();
                    std::vector<ComponentStatus> parts = runtime.components(runtime.running() ? std::string() : error);
                    parts.push_back(stackhealth::api({}));
                    stop();
                    emit componentsReported(parts, wallClockUs());
                    emit failed(QString::fromStdString(error));
                    return;
                }
                onStarted();
            },
            Qt::QueuedConnection);
        std::unique_lock lock(m_ownerMutex);
        m_ownerWake.wait(lock, [this] { return m_releaseOwner; });
        stack->stop(); // on this thread, while the server's parent is still alive
    });
}

void ConsoleController::onStarted()
{
    m_operations->clear();
    startApi();
    if (!m_config.apiUrl.empty()) {
        m_backendApi = std::make_unique<RemoteApiWatcher>(QUrl(QString::fromStdString(m_config.apiUrl)));
        m_backendApi->start();
    }
    m_timer.start();
    const std::string storeUrl = m_stack->runtime().storeUrl();
    const QString store = storeUrl.empty()                      ? tr("off (nothing is kept)")
                          : m_stack->runtime().storeEmbedded() ? tr("embedded")
                                                               : QString::fromStdString(storeUrl);
    emit started(QString::fromStdString(m_stack->runtime().bus().bootstrap), m_stack->startMs(), store,
                 QString::fromStdString(storeUrl));
}

BusSettings ConsoleController::bus() const { return m_stack ? m_stack->runtime().bus() : m_config.runtime.bus; }

std::string ConsoleController::storeConnection() const
{
    return m_stack ? m_stack->runtime().storeConnection() : std::string();
}

QString ConsoleController::apiAddress() const { return QString::fromStdString(m_apiFacts.address); }

std::vector<std::string> ConsoleController::processorGroups() const
{
    return {m_config.runtime.processor.groupId, m_config.runtime.activity.groupId};
}

std::vector<LocalConsumer> ConsoleController::localConsumers() const
{
    std::vector<LocalConsumer> local;
    if (!m_stack || !m_stack->runtime().running())
        return local;
    const Runtime& runtime = m_stack->runtime();
    // One processor per group here, so the group names which one; the member is this process.
    const std::string input(topics::kHealthMetrics);
    const std::string me = tr("this console").toStdString();
    if (m_config.runtime.runProcessor)
        local.push_back({m_config.runtime.processor.groupId, input, me, runtime.processorStats().partitions});
    if (runtime.activityRunning())
        local.push_back({m_config.runtime.activity.groupId, input, me, runtime.activityStats().partitions});
    return local;
}

void ConsoleController::startApi()
{
    // On the GUI thread: the providers copy a snapshot (no I/O), like the tick.
    m_api = std::make_unique<StatusHttpServer>([this] { return healthOf(snapshot().components); },
                                               [this] { return prometheusText(snapshot()); });
    QString error;
    if (m_api->listen(QStringLiteral("127.0.0.1"), 0, error)) {
        m_apiFacts = {QStringLiteral("http://127.0.0.1:%1").arg(m_api->port()).toStdString(), wallClockUs(), {}};
    } else {
        qWarning("the console's API does not run: %s", qPrintable(error));
        m_apiFacts = {{}, 0, error.toStdString()};
        m_api.reset();
    }
}

StackSnapshot ConsoleController::snapshot() const
{
    StackSnapshot s = m_stack->snapshot();
    s.components.push_back(stackhealth::api(m_apiFacts));
    if (m_backendApi)
        s.components.push_back(stackhealth::remoteApi(m_backendApi->facts()));
    return s;
}

void ConsoleController::stop()
{
    emit stopping();
    m_timer.stop();
    m_api.reset();
    m_apiFacts = {};
    m_backendApi.reset();
    {
        std::lock_guard lock(m_ownerMutex);
        m_releaseOwner = true;
    }
    m_ownerWake.notify_all();
    if (m_owner.joinable())
        m_owner.join(); // the owner stops the stack before it ends
    m_stack.reset();
}

void ConsoleController::restart(StackConfig config)
{
    stop();
    m_config = std::move(config);
    start();
}

void ConsoleController::tick()
{
    // The timer runs only once the stack has started (onStarted), so m_stack is ready.
    const StackSnapshot s = snapshot();
    m_operations->update(s);
    emit snapshotTaken(s);
    emit componentsReported(s.components, s.wallUs);
}

} // namespace nexus
