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
    if (m_stack || m_starter.joinable())
        return;
    auto stack = std::make_shared<std::unique_ptr<ConsoleStack>>(std::make_unique<ConsoleStack>(m_config));
    m_starter = std::thread([this, stack] {
        std::string error;
        const bool ok = (*stack)->start(error);
        // Back to the GUI thread (queued): hand the running stack over, or report the error.
        QMetaObject::invokeMethod(
            this,
            [this, stack, ok, error] {
                if (m_starter.joinable())
                    m_starter.join();
                if (!ok) {
                    emit failed(QString::fromStdString(error));
                    return;
                }
                m_stack = std::move(*stack);
                onStarted();
            },
            Qt::QueuedConnection);
    });
}

void ConsoleController::onStarted()
{
    m_operations->clear();
    m_timer.start();
    emit started(QString::fromStdString(m_stack->runtime().bus().bootstrap), m_stack->startMs());
}

void ConsoleController::stop()
{
    m_timer.stop();
    if (m_starter.joinable())
        m_starter.join();
    if (m_stack)
        m_stack->stop();
    m_stack.reset();
}

void ConsoleController::tick()
{
    if (m_stack)
        m_operations->update(m_stack->snapshot());
}

} // namespace nexus
