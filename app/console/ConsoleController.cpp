#include "app/console/ConsoleController.h"

#include "app/ConsoleStack.h"
#include "models/ops/OperationsModel.h"

namespace nexus {

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
                    stop();
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

void ConsoleController::stop()
{
    emit stopping();
    m_timer.stop();
    {
        std::lock_guard lock(m_ownerMutex);
        m_releaseOwner = true;
    }
    m_ownerWake.notify_all();
    if (m_owner.joinable())
        m_owner.join(); // the owner stops the stack before it ends
    m_stack.reset();
}

void ConsoleController::tick()
{
    // The timer runs only once the stack has started (onStarted), so m_stack is ready.
    m_operations->update(m_stack->snapshot());
}

} // namespace nexus
