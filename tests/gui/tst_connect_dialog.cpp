// The Connect dialog and the themes, offscreen: the mode switch enables and disables the fields,
// the extra-properties box rejects a malformed line with a message, Test shows each part's result
// from a real probe run (embedded Kafka ok, a closed PostgreSQL port failed, a WebSocket server
// started here ok) with a busy indicator, Cancel ends a test at once, Switch refuses a property
// librdkafka does not know (by name), then saves the choice to the INI config file and restarts
// the stack with it; the theme switch changes the application palette and open and later charts,
// and persists in QSettings. Screenshots: screenshots/console-connect.png, console-dark.png.

#include "app/console/ConnectController.h"
#include "backend/bus/EmbeddedCluster.h"
#include "models/events/Topics.h"
#include "models/metrics/StackSnapshot.h"
#include "models/ops/OperationsModel.h"
#include "widgets/ops/ConnectDialog.h"
#include "widgets/ops/OperationsWorkspace.h"
#include "widgets/ops/Theme.h"
#include "widgets/ops/ThroughputChart.h"

#include "tests/support/LoopbackPorts.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

#include <cmath>

using namespace nexus;

namespace {

template <typename T> T* child(const QWidget* parent, const char* name)
{
    T* found = parent->findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

/// Clicks a radio button on its indicator (a click in the middle of a wide one misses its text).
void clickRadio(QRadioButton* radio)
{
    QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(8, radio->height() / 2));
}

QString screenshotPath(const char* name)
{
    const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
    QDir().mkpath(dir);
    return dir + '/' + name;
}

/// A minute of made-up traffic, so the dark screenshot has lines on its chart.
void feedTraffic(OperationsModel& model)
{
    const TimestampUs t0 = TimestampUs(QDateTime::currentMSecsSinceEpoch()) * kUsPerMs - 60 * kUsPerSecond;
    for (int i = 0; i <= 60; ++i) {
        StackSnapshot s;
        s.wallUs = t0 + i * kUsPerSecond;
        s.running = true;
        s.bootstrap = "127.0.0.1:9092";
        s.batchesProduced = s.batchesConsumed = std::uint64_t(i) * 400;
        s.samplesProduced = s.samplesConsumed = std::uint64_t(i) * 2000;
        s.consumerLag = 20 + i % 7;
        s.usersTracked = 400;
        s.topicsSampledAtUs = s.wallUs;
        const auto messages = [i](double rate, double swing) {
            return std::int64_t(rate * i + swing * 6 * (1 - std::cos(i / 6.0)));
        };
        s.topics = {{"health-metrics", 24, messages(400, 60)},
                    {"twin-updates", 24, messages(380, 50)},
                    {"alerts", 6, messages(12, 4)}};
        model.update(s);
    }
}

} // namespace

class TestConnectDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    QWebSocketServer m_api{"tst_connect_dialog", QWebSocketServer::NonSecureMode};
    QString m_bootstrap;

    QString iniPath() const { return m_dir.filePath("config/nexus-twin.ini"); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        std::string error;
        m_cluster = EmbeddedCluster::start(3, error);
        QVERIFY2(m_cluster, error.c_str());
        m_bootstrap = QString::fromStdString(m_cluster->bootstrap());
        QVERIFY(m_api.listen(QHostAddress::LocalHost, 0));
        connect(&m_api, &QWebSocketServer::newConnection, this, [this] { delete m_api.nextPendingConnection(); });
    }

    void cleanupTestCase() { Theme::apply(Theme::Mode::System); }

    void modeSwitchEnablesFields()
    {
        ConnectDialog dialog;
        dialog.show();
        auto* bootstrap = child<QLineEdit>(&dialog, "bootstrap");
        auto* username = child<QLineEdit>(&dialog, "saslUsername");
        auto* ca = child<QLineEdit>(&dialog, "sslCaLocation");
        auto* protocol = child<QComboBox>(&dialog, "securityProtocol");
        auto* test = child<QPushButton>(&dialog, "testConnection");
        QVERIFY(child<QRadioButton>(&dialog, "embeddedMode")->isChecked());
        QVERIFY(!bootstrap->isEnabled());
        QVERIFY(!child<QLineEdit>(&dialog, "pgUrl")->isEnabled());
        QVERIFY(!test->isEnabled());

        clickRadio(child<QRadioButton>(&dialog, "connectMode"));
        QVERIFY(bootstrap->isEnabled());
        QVERIFY(child<QLineEdit>(&dialog, "pgUrl")->isEnabled());
        QVERIFY(child<QLineEdit>(&dialog, "apiUrl")->isEnabled());
        QVERIFY(test->isEnabled());
        QVERIFY(!username->isEnabled()); // plaintext: no SASL, no TLS
        QVERIFY(!ca->isEnabled());

        protocol->setCurrentIndex(protocol->findData("sasl_ssl"));
        QVERIFY(username->isEnabled());
        QVERIFY(child<QLineEdit>(&dialog, "saslPassword")->isEnabled());
        QVERIFY(ca->isEnabled());
        protocol->setCurrentIndex(protocol->findData("ssl"));
        QVERIFY(!username->isEnabled());
        QVERIFY(ca->isEnabled());

        // What the fields say becomes the settings; fields the protocol does not use stay out.
        QTest::keyClicks(bootstrap, "kafka-1:9093,kafka-2:9093");
        ca->setText("/etc/ssl/ca.pem");
        username->setText("ignored");
        ConnectionSettings s = dialog.settings();
        QVERIFY(!s.embedded);
        QCOMPARE(s.bootstrap, QStringLiteral("kafka-1:9093,kafka-2:9093"));
        QCOMPARE(s.securityProtocol, QStringLiteral("ssl"));
        QCOMPARE(s.sslCaLocation, QStringLiteral("/etc/ssl/ca.pem"));
        QCOMPARE(s.saslUsername, QString());

        clickRadio(child<QRadioButton>(&dialog, "embeddedMode"));
        QVERIFY(!bootstrap->isEnabled());
        QVERIFY(!ca->isEnabled());
        QVERIFY(!test->isEnabled());
        QVERIFY(dialog.settings().embedded);
    }

    void extraPropertiesRejectMalformedLines()
    {
        ConnectDialog dialog;
        dialog.show();
        clickRadio(child<QRadioButton>(&dialog, "connectMode"));
        auto* extra = child<QPlainTextEdit>(&dialog, "extraProperties");
        auto* error = child<QLabel>(&dialog, "extraPropertiesError");
        extra->setPlainText("# tuning\nclient.id=console\nsocket.keepalive.enable");
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("line 3: 'socket.keepalive.enable' is not name=value"));
        QCOMPARE(dialog.propertiesError(), error->text());
        QVERIFY(!child<QPushButton>(&dialog, "testConnection")->isEnabled());
        QVERIFY(!child<QPushButton>(&dialog, "switchStack")->isEnabled());

        extra->setPlainText("# tuning\nclient.id=console\nsocket.keepalive.enable=true\n");
        QVERIFY(!error->isVisible());
        QVERIFY(child<QPushButton>(&dialog, "testConnection")->isEnabled());
        const KafkaPropertyList expected{{"client.id", "console"}, {"socket.keepalive.enable", "true"}};
        QCOMPARE(dialog.settings().extra, expected);
    }

    void testShowsEachPartsResult()
    {
        QWidget window;
        window.resize(400, 300);
        window.show();
        ConnectController controller(StackConfig{}, iniPath(), {}, &window);
        controller.open();
        ConnectDialog* dialog = controller.dialog();
        QVERIFY(dialog && dialog->isVisible());
        ConnectionSettings s;
        s.embedded = false;
        s.bootstrap = m_bootstrap;
        s.pgUrl = QStringLiteral("postgresql://nexus@127.0.0.1:%1/nexus").arg(test::closedLoopbackPort());
        s.apiUrl = QStringLiteral("ws://127.0.0.1:%1/api").arg(m_api.serverPort());
        dialog->setSettings(s);

        QSignalSpy finished(&controller, &ConnectController::testFinished);
        QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
        QVERIFY(dialog->testing());
        QVERIFY(child<QProgressBar>(dialog, "testBusy")->isVisible());
        QVERIFY(child<QPushButton>(dialog, "cancelTest")->isVisible());
        QVERIFY(!child<QPushButton>(dialog, "testConnection")->isEnabled());
        QVERIFY(finished.wait(20000));

        QVERIFY(!dialog->testing());
        QVERIFY(!child<QProgressBar>(dialog, "testBusy")->isVisible());
        QVERIFY(child<QPushButton>(dialog, "testConnection")->isEnabled());
        QCOMPARE(dialog->resultStatus(ProbePart::Kafka), ProbeStatus::Ok);
        const QString allTopics = QStringLiteral("%1 of %1 catalogue topics").arg(kTopicCatalogue.size());
        QVERIFY2(dialog->resultText(ProbePart::Kafka).startsWith("Kafka: 3 brokers, " + allTopics),
                 qPrintable(dialog->resultText(ProbePart::Kafka)));
        QCOMPARE(dialog->resultStatus(ProbePart::Postgres), ProbeStatus::Failed);
        QVERIFY2(dialog->resultText(ProbePart::Postgres).contains("Connection refused"),
                 qPrintable(dialog->resultText(ProbePart::Postgres)));
        QCOMPARE(dialog->resultStatus(ProbePart::Api), ProbeStatus::Ok);
        // What the user reads: the part's row says ok or failed and why.
        QVERIFY(child<QLabel>(dialog, "KafkaResult")->text().contains(allTopics));
        QVERIFY(child<QLabel>(dialog, "PostgreSQLResult")->text().contains("failed"));
        QVERIFY(child<QLabel>(dialog, "PostgreSQLResult")->text().contains("Connection refused"));

        dialog->resize(760, dialog->sizeHint().height());
        QTest::qWait(50);
        const QString shot = screenshotPath("console-connect.png");
        QVERIFY(dialog->grab().save(shot));
        qInfo("screenshot: %s", qPrintable(shot));
    }

    void cancelStopsTheTest()
    {
        QTcpServer silent; // takes connections, never speaks Kafka or WebSocket
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QWidget window;
        window.show();
        QElapsedTimer clock;
        {
            ConnectController controller(StackConfig{}, iniPath(), {}, &window);
            controller.setProbeTimeoutMs(20000);
            controller.open();
            ConnectDialog* dialog = controller.dialog();
            ConnectionSettings s;
            s.embedded = false;
            s.bootstrap = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
            s.apiUrl = QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort());
            dialog->setSettings(s);
            QSignalSpy finished(&controller, &ConnectController::testFinished);
            QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
            QTest::qWait(300);
            QVERIFY(dialog->testing());
            clock.start();
            QTest::mouseClick(child<QPushButton>(dialog, "cancelTest"), Qt::LeftButton);
            QVERIFY(!dialog->testing());
            QCOMPARE(finished.count(), 1);
            QCOMPARE(dialog->resultStatus(ProbePart::Kafka), ProbeStatus::Cancelled);
            QCOMPARE(dialog->resultStatus(ProbePart::Api), ProbeStatus::Cancelled);
            QCOMPARE(dialog->resultStatus(ProbePart::Postgres), ProbeStatus::Skipped); // no URL: nothing to cancel
            QVERIFY(!child<QProgressBar>(dialog, "testBusy")->isVisible());
            QVERIFY(child<QPushButton>(dialog, "testConnection")->isEnabled());
            QTest::qWait(300); // late results of the cancelled test change nothing
            QCOMPARE(dialog->resultStatus(ProbePart::Kafka), ProbeStatus::Cancelled);
        }
        // The controller waited for its probes: they saw the cancel, not their 20 s timeout.
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    void switchValidatesSavesAndRestarts()
    {
        QFile::remove(iniPath());
        QDir().mkpath(QFileInfo(iniPath()).absolutePath());
        {
            QSettings ini(iniPath(), QSettings::IniFormat);
            ini.setValue("simulator/users", 77); // the user's other settings survive a switch
        }
        QWidget window;
        window.show();
        std::vector<StackConfig> restarts;
        StackConfig start;
        ConnectController controller(
            start, iniPath(), [&](const StackConfig& c) { restarts.push_back(c); }, &window);
        controller.open();
        ConnectDialog* dialog = controller.dialog();
        ConnectionSettings s;
        s.embedded = false;
        s.bootstrap = m_bootstrap;
        s.securityProtocol = "sasl_plaintext";
        s.saslMechanism = "SCRAM-SHA-256";
        s.saslUsername = "ops";
        s.saslPassword = "s3cret";
        s.extra = {{"sasl.mechanismz", "PLAIN"}};
        dialog->setSettings(s);

        // librdkafka does not know the name: the dialog says which, and stays.
        QTest::mouseClick(child<QPushButton>(dialog, "switchStack"), Qt::LeftButton);
        QVERIFY2(dialog->problem().contains("'sasl.mechanismz'"), qPrintable(dialog->problem()));
        QVERIFY(child<QLabel>(dialog, "connectProblem")->isVisible());
        QVERIFY(dialog->isVisible());
        QVERIFY(restarts.empty());

        child<QPlainTextEdit>(dialog, "extraProperties")->setPlainText("client.id=console");
        QTest::mouseClick(child<QPushButton>(dialog, "switchStack"), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QVERIFY(restarts.empty()); // once the dialog has closed
        QTRY_COMPARE(restarts.size(), std::size_t(1));
        const BusSettings& bus = restarts[0].runtime.bus;
        QVERIFY(!bus.embedded);
        QCOMPARE(QString::fromStdString(bus.bootstrap), m_bootstrap);
        QCOMPARE(bus.properties.at("sasl.password"), std::string("s3cret"));
        QCOMPARE(bus.properties.at("client.id"), std::string("console"));
        QVERIFY(!restarts[0].simulate);

        // The next start reads the same from the INI config file, which only its owner can read.
        StackConfig next;
        QString error;
        QVERIFY2(loadConfigFile(iniPath(), next, error), qPrintable(error));
        QCOMPARE(next.runtime.bus.bootstrap, bus.bootstrap);
        QVERIFY(next.runtime.bus.properties == bus.properties);
        QCOMPARE(next.simulator.users, 77);
        const QFileDevice::Permissions perms = QFile::permissions(iniPath());
        QVERIFY(perms.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(!(perms & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteOther)));
        QCOMPARE(connectionFromConfig(next).saslMechanism, QStringLiteral("SCRAM-SHA-256"));

        // Opened again, the dialog shows what runs; back to the embedded stack.
        controller.open();
        QVERIFY(child<QRadioButton>(dialog, "connectMode")->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, "saslUsername")->text(), QStringLiteral("ops"));
        clickRadio(child<QRadioButton>(dialog, "embeddedMode"));
        QTest::mouseClick(child<QPushButton>(dialog, "switchStack"), Qt::LeftButton);
        QTRY_COMPARE(restarts.size(), std::size_t(2));
        QVERIFY(restarts[1].runtime.bus.embedded);
        QVERIFY(restarts[1].simulate);
        QSettings ini(iniPath(), QSettings::IniFormat);
        QVERIFY(!ini.contains("kafka/bootstrap"));
        QVERIFY(ini.childGroups().contains("simulator"));
        QVERIFY(!ini.childGroups().contains("kafka-properties"));
        // The remote settings are remembered for next time (not the password).
        controller.open();
        QVERIFY(child<QRadioButton>(dialog, "embeddedMode")->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, "bootstrap")->text(), m_bootstrap);
        QCOMPARE(child<QLineEdit>(dialog, "saslPassword")->text(), QString());
        dialog->reject();
    }

    void themeSwitchesLiveAndPersists()
    {
        OperationsModel model;
        OperationsWorkspace workspace(&model);
        feedTraffic(model);
        workspace.resize(1200, 760);
        workspace.show();
        QVERIFY(QTest::qWaitForWindowExposed(&workspace));
        QChart* chart = workspace.chart()->chart();

        Theme::apply(Theme::Mode::Light);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        QCOMPARE(chart->theme(), QChart::ChartThemeLight);

        Theme::apply(Theme::Mode::Dark);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        QTRY_VERIFY(workspace.palette().color(QPalette::Window).lightness() < 80); // open windows follow
        QVERIFY(workspace.palette().color(QPalette::Text).lightness() > 200);
        QCOMPARE(chart->theme(), QChart::ChartThemeDark);
        QCOMPARE(QSettings().value("view/theme").toString(), QStringLiteral("dark"));
        QCOMPARE(Theme::savedMode(), Theme::Mode::Dark);
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

        // A chart opened later gets the theme in force.
        ThroughputChart later;
        later.show();
        QTRY_COMPARE(later.chart()->theme(), QChart::ChartThemeDark);

        QTest::qWait(100);
        const QString shot = screenshotPath("console-dark.png");
        QVERIFY(workspace.grab().save(shot));
        qInfo("screenshot: %s", qPrintable(shot));

        // The View menu's submenu: the current choice checked; choosing applies and persists.
        QWidget host;
        QMenu* menu = Theme::makeThemeMenu(&host);
        QCOMPARE(menu->actions().size(), 3);
        QAction* dark = nullptr;
        QAction* light = nullptr;
        for (QAction* a : menu->actions()) {
            if (a->data() == "dark")
                dark = a;
            if (a->data() == "light")
                light = a;
        }
        QVERIFY(dark && light);
        QVERIFY(dark->isChecked());
        light->trigger();
        QVERIFY(light->isChecked() && !dark->isChecked());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        QCOMPARE(chart->theme(), QChart::ChartThemeLight);
        QCOMPARE(later.chart()->theme(), QChart::ChartThemeLight);
        QCOMPARE(Theme::savedMode(), Theme::Mode::Light);
    }
};

QTEST_MAIN(TestConnectDialog)
#include "tst_connect_dialog.moc"
