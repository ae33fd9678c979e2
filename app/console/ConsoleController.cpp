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
    m_starter = std::thread([this, stack = m_stack.get()] {
        std::string error;
        const bool ok = stack->start(error);
        // Back on the GUI thread (queued; dropped if the controller is gone by then).
        QMetaObject::invokeMethod(
            this,
            [this, ok, error] {
                if (m_starter.joinable())
                    m_starter.join();
                if (!m_stack)
                    return; // stop() came first
                if (!ok) {
                    m_stack.reset();
                    emit failed(QString::fromStdString(error));
                    return;
                }
                onStarted();
            },
            Qt::QueuedConnection);
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

void ConsoleController::stop()
{
    m_timer.stop();
    if (m_starter.joinable())
        m_starter.join(); // m_stack is in use by the starter until then
    if (m_stack)
        m_stack->stop();
    m_stack.reset();
}

void ConsoleController::tick()
{
    // The timer runs only once the stack has started (onStarted), so m_stack is ready.
    m_operations->update(m_stack->snapshot());
}

} // namespace nexus
