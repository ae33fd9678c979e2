#include "app/console/ConsoleWiring.h"

#include "app/console/ConsoleController.h"
#include "app/console/MainWindow.h"

namespace nexus {

void connectConsole(ConsoleController& controller, MainWindow& window)
{
    const StackConfig& config = controller.config();
    const QString simulatorInfo =
        config.simulate ? QObject::tr("%1 users at %2x speed").arg(config.simulator.users).arg(config.simulator.speed)
                        : QObject::tr("off");
    const bool embedded = config.runtime.bus.embedded;
    QObject::connect(&controller, &ConsoleController::started, &window,
                     [&window, embedded, simulatorInfo](const QString& bootstrap, double startMs, const QString& store,
                                                        const QString& storeUrl) {
                         qInfo("stack started in %.0f ms; Kafka bootstrap: %s; PostgreSQL: %s", startMs,
                               qPrintable(bootstrap), qPrintable(storeUrl.isEmpty() ? store : storeUrl));
                         window.showStarted(bootstrap, embedded, startMs, simulatorInfo, store, storeUrl);
                     });
    QObject::connect(&controller, &ConsoleController::failed, &window, [&window](const QString& error) {
        qWarning("the stack did not start: %s", qPrintable(error));
        window.showFailed(error);
    });
}

} // namespace nexus
