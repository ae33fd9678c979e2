// The Stack health and Latency panels in the console, offscreen, against a real embedded stack
// (mock Kafka cluster, PostgreSQL, processors, the console's API): components come up and say so,
// the processor row lists its partitions, the API answers, latency and rate lines gain points
// while the simulator streams, and the window choice, Clear and Export PNG work. A stack that
// cannot reach its brokers shows Kafka failed. Saves screenshots to the build directory
// (screenshots/console-stack-health.png, screenshots/console-latency.png).

#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "models/metrics/StackComponents.h"
#include "models/ops/LatencyThroughputModel.h"
#include "models/ops/OperationsModel.h"
#include "models/ops/StackHealthModel.h"
#include "tests/support/LoopbackPorts.h"
#include "widgets/ops/LatencyPanel.h"
#include "widgets/ops/StackHealthPanel.h"
#include "widgets/ops/TrendChart.h"
#include "widgets/ops/TrendControls.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

#include <cmath>
#include <random>

using namespace nexus;
using M = LatencyThroughputModel;

namespace {
QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
    QDir().mkpath(dir);
    return dir;
}

QString stateOf(const StackHealthModel& model, const char* component)
{
    const int row = model.rowOf(QString::fromLatin1(component));
    return row < 0 ? QString() : model.index(row, StackHealthModel::State).data().toString();
}

QString cell(const StackHealthModel& model, const char* component, int column)
{
    const int row = model.rowOf(QString::fromLatin1(component));
    return row < 0 ? QString() : model.index(row, column).data().toString();
}

/// GET `url`; the status code and body (status 0 when there was no answer).
std::pair<int, QByteArray> httpGet(const QString& url)
{
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(url)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(5000))
        return {0, {}};
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return {status, body};
}

/// Closes the error dialog a failed start opens (modal), so the test goes on.
void acceptMessageBoxes(QObject* owner)
{
    auto* timer = new QTimer(owner);
    QObject::connect(timer, &QTimer::timeout, [] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            box->accept();
    });
    timer->start(50);
}
} // namespace

class TestStackHealthPanels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void liveStack()
    {
        StackConfig config;
        config.simulator.users = 300;
        config.simulator.speed = 3;
        config.runtime.store.dataDir = (qEnvironmentVariable("TMPDIR") + "/pg-health").toStdString();
        // A backend API to watch that is down: its row says why.
        const std::string backendUrl = "ws://127.0.0.1:" + std::to_string(test::closedLoopbackPort()) + "/api";
        config.apiUrl = backendUrl;
        OperationsModel operations;
        MainWindow window(&operations);
        ConsoleController controller(config, &operations);
        connectConsole(controller, window);
        StackHealthModel& health = *window.stackHealthModel();
        StackHealthPanel* panel = window.stackHealth();
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QCOMPARE(health.rowCount(), 0);

        // Ctrl+Shift+H opens the panel.
        auto* tabs = window.findChild<QTabWidget*>("operationsPanels");
        QVERIFY(tabs);
        QTest::keyClick(&window, Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(panel));

        QSignalSpy started(&controller, &ConsoleController::started);
        QSignalSpy failed(&controller, &ConsoleController::failed);
        controller.start();
        // At once, before the runtime answers: every part it will bring up is starting.
        QVERIFY(health.rowCount() >= 4);
        QCOMPARE(stateOf(health, stackhealth::kKafka), QStringLiteral("starting"));
        QCOMPARE(stateOf(health, stackhealth::kHealthProcessor), QStringLiteral("starting"));
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1 || failed.count() == 1, 15000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const QString bootstrap = started.first().first().toString();

        QTRY_COMPARE_WITH_TIMEOUT(stateOf(health, stackhealth::kKafka), QStringLiteral("running"), 10000);
        QCOMPARE(cell(health, stackhealth::kKafka, StackHealthModel::Address), bootstrap);
        QVERIFY2(cell(health, stackhealth::kKafka, StackHealthModel::Detail).startsWith("embedded mock cluster, 3 brokers"),
                 qPrintable(cell(health, stackhealth::kKafka, StackHealthModel::Detail)));
        // The processor runs once the group assigned it partitions (the first join takes ~3 s):
        // the only member, it holds all 24 of health-metrics.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(health, stackhealth::kHealthProcessor), QStringLiteral("running"), 20000);
        const QString processorDetail = cell(health, stackhealth::kHealthProcessor, StackHealthModel::Detail);
        QVERIFY2(processorDetail.startsWith("health-metrics partitions 0–23"), qPrintable(processorDetail));
        QCOMPARE(stateOf(health, stackhealth::kStore), QStringLiteral("running"));
        QVERIFY(cell(health, stackhealth::kStore, StackHealthModel::Address).startsWith("postgresql://"));
        QCOMPARE(stateOf(health, stackhealth::kApi), QStringLiteral("running"));
        const QString api = cell(health, stackhealth::kApi, StackHealthModel::Address);
        QCOMPARE(api, controller.apiAddress());
        QVERIFY2(api.startsWith("http://127.0.0.1:"), qPrintable(api));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(health, stackhealth::kBackendApi), QStringLiteral("failed"), 10000);
        QCOMPARE(cell(health, stackhealth::kBackendApi, StackHealthModel::Address), QString::fromStdString(backendUrl));
        QCOMPARE(cell(health, stackhealth::kBackendApi, StackHealthModel::LastError), QStringLiteral("Connection refused"));
        QVERIFY2(panel->headline().contains("Kafka: embedded · PostgreSQL: embedded"), qPrintable(panel->headline()));
        QVERIFY2(panel->headline().contains(bootstrap), qPrintable(panel->headline()));

        // The API row is real: its address answers with the same components.
        const auto [status, body] = httpGet(api + "/health");
        QVERIFY2(status == 200 || status == 503, qPrintable(QString::number(status)));
        const QJsonArray parts = QJsonDocument::fromJson(body).object().value("components").toArray();
        QVERIFY2(parts.size() == health.rowCount(), body.constData());
        bool processorListed = false;
        for (const QJsonValue& part : parts)
            processorListed |= part.toObject().value("name").toString() == stackhealth::kHealthProcessor &&
                               part.toObject().value("detail").toString().contains("partitions 0–23");
        QVERIFY2(processorListed, body.constData());
        QVERIFY(httpGet(api + "/metrics").second.contains("nexus_"));

        // Uptime counts while the parts run.
        const QString uptime = cell(health, stackhealth::kKafka, StackHealthModel::Uptime);
        QVERIFY2(uptime.endsWith(" s"), qPrintable(uptime));
        QTRY_VERIFY_WITH_TIMEOUT(cell(health, stackhealth::kKafka, StackHealthModel::Uptime) != uptime, 3000);

        // Selecting the processor shows its whole story.
        QTableView* table = panel->table();
        QVERIFY(panel->details().isEmpty());
        const QModelIndex processorCell = table->model()->index(
            health.rowOf(QString::fromLatin1(stackhealth::kHealthProcessor)), StackHealthModel::Component);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(processorCell).center());
        QVERIFY2(panel->details().startsWith("health processor: running since"), qPrintable(panel->details()));
        QVERIFY2(panel->details().contains("partitions 0–23"), qPrintable(panel->details()));
        QVERIFY2(panel->details().contains("group nexus-processors"), qPrintable(panel->details()));
        QTest::qWait(1200); // a new uptime second: the selection stays
        QVERIFY2(panel->details().startsWith("health processor"), qPrintable(panel->details()));
        const QString healthShot = screenshotDir() + "/console-stack-health.png";
        QVERIFY(window.grab().save(healthShot));
        qInfo("screenshot: %s", qPrintable(healthShot));

        // Ctrl+Shift+L: the latency panel; its lines gain points while the simulator streams.
        LatencyPanel* latency = window.latency();
        const M& trends = *window.latencyModel();
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(latency));
        QTRY_VERIFY_WITH_TIMEOUT(trends.latency().size(M::kP99) >= 3, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(trends.topicRates().latest("health-metrics") > 0, 10000);
        QVERIFY2(trends.latency().latest(M::kP50) > 0 && trends.latency().latest(M::kP50) <= trends.latency().latest(M::kP99),
                 qPrintable(QString("p50 %1, p99 %2").arg(trends.latency().latest(M::kP50)).arg(trends.latency().latest(M::kP99))));
        QTRY_VERIFY_WITH_TIMEOUT(latency->latencyChart()->pointCount(M::kP50) >= 3, 5000);
        QVERIFY(latency->topicsChart()->pointCount("health-metrics") > 0);
        QCOMPARE(latency->errorsChart()->pointCount(M::kDeadLetters), trends.errorRates().size(M::kDeadLetters));
        QVERIFY2(latency->summary().contains("p99"), qPrintable(latency->summary()));
        const int before = trends.latency().size(M::kP50);
        QTRY_VERIFY_WITH_TIMEOUT(trends.latency().size(M::kP50) > before, 5000);

        // The window choice: 15 min by default, each length shown on the time axis.
        QComboBox* lengths = latency->windowChoice();
        QCOMPARE(lengths->currentText(), QStringLiteral("15 min"));
        const qint64 seconds[] = {300, 900, 3600, 21600, 86400};
        for (int i = 0; i < lengths->count(); ++i) {
            lengths->setCurrentIndex(i);
            QCOMPARE(trends.window(), seconds[i] * kUsPerSecond);
            QCOMPARE(latency->latencyChart()->rangeStart().msecsTo(latency->latencyChart()->rangeEnd()), seconds[i] * 1000);
            QCOMPARE(latency->topicsChart()->rangeStart().msecsTo(latency->topicsChart()->rangeEnd()), seconds[i] * 1000);
        }
        lengths->setCurrentIndex(TrendControls::FiveMinutes);
        QTest::qWait(3000); // a few more seconds for the picture
        QVERIFY(window.grab().save(screenshotDir() + "/console-latency-live.png"));

        const QString png = qEnvironmentVariable("TMPDIR") + "/latency.png";
        QVERIFY(latency->exportPng(png));
        QVERIFY(QImage(png).height() > 3 * 150);
        QVERIFY2(latency->controls()->note().contains("Saved"), qPrintable(latency->controls()->note()));

        // Clear forgets the history; new points come with the next seconds of traffic.
        QTest::mouseClick(latency->controls()->clearButton(), Qt::LeftButton);
        QCOMPARE(trends.latency().size(M::kP50), 0);
        QCOMPARE(trends.topicRates().size("health-metrics"), 0);
        QCOMPARE(latency->latencyChart()->pointCount(), 0);
        QCOMPARE(latency->topicsChart()->pointCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(latency->latencyChart()->pointCount(M::kP50) > 0, 5000);

        controller.stop();
        // What ran is stopped; what had failed keeps its failure on screen.
        for (int row = 0; row < health.rowCount(); ++row)
            QCOMPARE(health.index(row, StackHealthModel::State).data().toString(),
                     row == health.rowOf(stackhealth::kBackendApi) ? QStringLiteral("failed") : QStringLiteral("stopped"));
    }

    void unreachableBrokersShowKafkaFailed()
    {
        StackConfig config;
        config.simulate = false;
        config.runtime.bus.embedded = false;
        config.runtime.bus.bootstrap = "127.0.0.1:9"; // nothing listens on discard
        config.runtime.connectTimeoutMs = 1500;
        config.runtime.store.enabled = false;
        OperationsModel operations;
        MainWindow window(&operations);
        ConsoleController controller(config, &operations);
        connectConsole(controller, window);
        acceptMessageBoxes(&window);
        QSignalSpy failed(&controller, &ConsoleController::failed);
        window.show();
        controller.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);

        const StackHealthModel& health = *window.stackHealthModel();
        QCOMPARE(stateOf(health, stackhealth::kKafka), QStringLiteral("failed"));
        const QString error = cell(health, stackhealth::kKafka, StackHealthModel::LastError);
        QVERIFY2(error.contains("127.0.0.1:9"), qPrintable(error));
        QCOMPARE(cell(health, stackhealth::kKafka, StackHealthModel::Address), QStringLiteral("127.0.0.1:9"));
        QCOMPARE(stateOf(health, stackhealth::kHealthProcessor), QStringLiteral("stopped"));
        QCOMPARE(cell(health, stackhealth::kHealthProcessor, StackHealthModel::Detail), QStringLiteral("not started"));
        QCOMPARE(stateOf(health, stackhealth::kStore), QStringLiteral("stopped"));
        QVERIFY(cell(health, stackhealth::kStore, StackHealthModel::Detail).startsWith("off"));
        QCOMPARE(stateOf(health, stackhealth::kApi), QStringLiteral("stopped"));
        QVERIFY2(window.stackHealth()->headline().contains("Kafka: connected · PostgreSQL: off"),
                 qPrintable(window.stackHealth()->headline()));
        QVERIFY2(window.stackHealth()->headline().contains("1 component needs attention"),
                 qPrintable(window.stackHealth()->headline()));
    }

    /// The picture for the README: a quarter of an hour of the demo's figures (1 s intervals,
    /// 80 uploads/s, a 2-minute slowdown with a backlog and some lost uploads), fed through the
    /// model as cumulative snapshots like the controller's.
    void latencyScreenshot()
    {
        LatencyThroughputModel model;
        LatencyPanel panel(&model);
        panel.resize(1280, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        std::mt19937 random(7);
        std::lognormal_distribution<double> typical(std::log(9.0), 0.45); // ms
        StackSnapshot s;
        s.running = true;
        const TimestampUs end = wallClockUs();
        double health = 0, twins = 0, alerts = 0;
        for (int second = 15 * 60; second >= 0; --second) {
            s.wallUs = end - second * kUsPerSecond;
            const int t = 15 * 60 - second;
            const bool slow = t > 420 && t < 540;
            const double uploads = 80 + 6 * std::sin(t / 23.0) + (slow ? -35 : 0) + (t >= 540 && t < 570 ? 120 : 0);
            for (int i = 0; i < int(uploads); ++i)
                s.endToEnd.record(std::int64_t(1000 * typical(random) * (slow ? 9 + (t - 420) / 12.0 : 1)));
            s.batchesConsumed += std::uint64_t(uploads);
            health += uploads;
            twins += uploads * 0.45;
            alerts += 0.3;
            s.malformedMessages += t % 97 == 0 ? 1 : 0;
            s.deadLetters = s.malformedMessages;
            s.lostMessages += t == 540 ? 6 : 0;
            s.topicsSampledAtUs = s.wallUs;
            s.topics = {{"health-metrics", 24, std::int64_t(health)},
                        {"twin-updates", 24, std::int64_t(twins)},
                        {"alerts", 6, std::int64_t(alerts)},
                        {"dead-letters", 6, std::int64_t(s.deadLetters)},
                        {"user-events", 12, 0}};
            model.update(s);
        }
        QCOMPARE(model.latency().size(M::kP99), 15 * 60);
        QCOMPARE(model.topicRates().names(), QStringList({"health-metrics", "twin-updates", "alerts", "dead-letters"}));
        QCOMPARE(panel.windowChoice()->currentText(), QStringLiteral("15 min"));
        QTest::qWait(50);
        QVERIFY(panel.latencyChart()->axisTop() >= 100); // the slowdown shows
        const QString path = screenshotDir() + "/console-latency.png";
        QVERIFY(panel.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

QTEST_MAIN(TestStackHealthPanels)
#include "tst_stack_health_panels.moc"
