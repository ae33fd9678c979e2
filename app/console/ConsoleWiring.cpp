#include "app/console/ConsoleWiring.h"

#include "app/console/AlertFeedController.h"
#include "app/console/ClusterController.h"
#include "app/console/ConsoleController.h"
#include "app/console/MainWindow.h"
#include "app/console/MessageBrowserController.h"
#include "app/console/TwinController.h"
#include "models/ops/LatencyThroughputModel.h"
#include "models/ops/StackHealthModel.h"
#include "widgets/ops/AlertsPanel.h"

namespace nexus {

void connectConsole(ConsoleController& controller, MainWindow& window, AlertFeedModel* alerts, ClusterModel* cluster)
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
    // The Messages panel reads the stack's bus once it is up, and lets go before it stops.
    auto* messages = new MessageBrowserController(window.messages(), &controller);
    QObject::connect(&controller, &ConsoleController::started, messages,
                     [&controller, messages] { messages->attach(controller.bus()); });
    QObject::connect(&controller, &ConsoleController::stopping, messages, &MessageBrowserController::detach);
    // The Alerts panel follows the alerts topic the same way; acknowledgements go to the store.
    if (alerts) {
        auto* feed = new AlertFeedController(window.alerts(), alerts, &controller);
        QObject::connect(&controller, &ConsoleController::started, feed, [&controller, feed] {
            feed->attach(controller.bus(), controller.storeConnection());
        });
        QObject::connect(&controller, &ConsoleController::stopping, feed, &AlertFeedController::detach);
    }
    // Topics and consumer groups: watermarks and committed offsets, read off the GUI thread.
    if (cluster) {
        auto* inspector = new ClusterController(cluster, &controller);
        QObject::connect(&controller, &ConsoleController::started, inspector, [&controller, inspector] {
            std::string error;
            if (!inspector->attach(controller.bus(), controller.processorGroups(),
                                   [&controller] { return controller.localConsumers(); }, error))
                qWarning("topics and consumer groups are not inspected: %s", error.c_str());
        });
        QObject::connect(&controller, &ConsoleController::stopping, inspector, &ClusterController::detach);
    }
    // The Twins workspace reads the store off the GUI thread; an alert's "Open twin" jumps there.
    auto* twins = new TwinController(window.twins(), window.twinModel(), &controller);
    QObject::connect(&controller, &ConsoleController::started, twins,
                     [&controller, twins] { twins->attach(controller.storeConnection()); });
    QObject::connect(&controller, &ConsoleController::stopping, twins, &TwinController::detach);
    QObject::connect(window.alerts(), &AlertsPanel::twinRequested, twins, [&window, twins](const QString& userId) {
        window.showTwins();
        twins->showUser(userId);
    });
    // Stack health and Latency: both follow the controller's tick (coalesced there, no I/O).
    StackHealthModel* health = window.stackHealthModel();
    QObject::connect(&controller, &ConsoleController::componentsReported, health, &StackHealthModel::setComponents);
    QObject::connect(&controller, &ConsoleController::stopping, health, [health] { health->markStopped(wallClockUs()); });
    QObject::connect(&controller, &ConsoleController::snapshotTaken, window.latencyModel(),
                     &LatencyThroughputModel::update);
    QObject::connect(&controller, &ConsoleController::failed, &window, [&window](const QString& error) {
        qWarning("the stack did not start: %s", qPrintable(error));
        window.showFailed(error);
    });
}

} // namespace nexus
