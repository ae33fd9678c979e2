// nexus-console: the GUI entry point.

#include "app/StackConfig.h"
#include "app/console/ConnectController.h"
#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "models/ops/AlertFeedModel.h"
#include "models/ops/ClusterModel.h"
#include "models/ops/OperationsModel.h"
#include "widgets/ops/Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStatusBar>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("nexus-console");
    QApplication::setOrganizationName("nexus-twin");
    QApplication::setApplicationDisplayName("NexusTwin Console");
    QApplication::setApplicationVersion(NEXUS_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("NexusTwin Console: operations console and simulator for the NEXUS-TWIN "
                                     "fitness platform.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"demo", "Start the embedded stack with the simulator (ignores a configured Kafka)."});
    nexus::addStackOptions(parser);
    parser.process(app);

    nexus::StackConfig config;
    QString error;
    if (!nexus::resolveStackConfig(parser, config, error)) {
        std::fprintf(stderr, "nexus-console: %s\n", qPrintable(error));
        return 2;
    }
    if (parser.isSet("demo")) {
        config.runtime.bus = {};
        config.simulate = !parser.isSet("no-simulator");
    }

    nexus::Theme::apply(nexus::Theme::savedMode());
    nexus::OperationsModel operations;
    nexus::AlertFeedModel alerts;
    nexus::ClusterModel cluster;
    nexus::MainWindow window(&operations, &alerts, &cluster);
    nexus::ConsoleController controller(config, &operations);
    nexus::connectConsole(controller, window, &alerts, &cluster);
    // File › Connection…: test and switch to another stack; the choice is saved for the next start.
    nexus::ConnectController connection(controller.config(), nexus::connectionConfigPath(parser.value("config")),
                                        [&controller](const nexus::StackConfig& c) { controller.restart(c); }, &window);
    QObject::connect(window.connectionAction(), &QAction::triggered, &connection, &nexus::ConnectController::open);
    QObject::connect(&connection, &nexus::ConnectController::switched, &window,
                     [&window](const nexus::StackConfig&, const QString& saveError) {
                         if (!saveError.isEmpty())
                             window.statusBar()->showMessage(saveError, 15000);
                     });
    window.show();
    controller.start();
    const int rc = QApplication::exec();
    controller.stop();
    return rc;
}
