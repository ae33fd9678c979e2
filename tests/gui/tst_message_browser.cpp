// The Messages panel against a real embedded cluster (librdkafka's mock cluster), offscreen:
// browse from an offset, the newest N and a time; filter by key, text and field; sort, copy and
// export; follow live; re-produce an edited message to another topic through the confirmation.
// Saves a screenshot to the build directory (screenshots/console-messages.png).

#include "app/console/ConsoleController.h"
#include "app/console/ConsoleWiring.h"
#include "app/console/MainWindow.h"
#include "app/console/MessageBrowserController.h"
#include "backend/bus/EmbeddedCluster.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/codec/HealthBatchCodec.h"
#include "models/events/Topics.h"
#include "models/ops/MessageListModel.h"
#include "models/ops/OperationsModel.h"
#include "widgets/ops/MessageBrowserPanel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

#include <chrono>
#include <map>
#include <set>
#include <thread>

using namespace nexus;

namespace {
const std::string kTopic = "browse-test";
const std::string kCopyTopic = "browse-copy";
constexpr int kMessages = 30;
constexpr int kKeys = 3;

std::string keyOf(int seq)
{
    return "user-" + std::to_string(seq % kKeys);
}
std::string payloadOf(int seq)
{
    return "{\"schema\":1,\"type\":\"sign-up\",\"user_id\":\"" + keyOf(seq) +
           "\",\"ts_us\":1764000000000000,\"seq\":" + std::to_string(seq) + "}";
}
} // namespace

class TestMessageBrowser : public QObject
{
    Q_OBJECT
    std::unique_ptr<EmbeddedCluster> m_cluster;
    BusSettings m_bus;
    std::unique_ptr<MessageBrowserPanel> m_panel;
    std::unique_ptr<MessageBrowserController> m_controller;
    std::map<int, int> m_perPartition; // messages of kTopic per partition

    template <typename T> T* child(const char* name)
    {
        T* w = m_panel->findChild<T*>(name);
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    MessageListModel* model() { return m_panel->model(); }
    QString status() { return child<QLabel>("status")->text(); }

    /// Sets the controls like a user would, clicks Browse and waits for the end of the scan.
    void browse(const std::string& topic, int startMode, const QString& startValue = {}, int filterMode = -1,
                const QString& filter = {}, int partition = -1)
    {
        auto* topicBox = child<QComboBox>("topic");
        topicBox->lineEdit()->clear();
        QTest::keyClicks(topicBox->lineEdit(), QString::fromStdString(topic));
        auto* partitionBox = child<QComboBox>("partition");
        partitionBox->setCurrentIndex(partitionBox->findData(partition));
        child<QComboBox>("startMode")->setCurrentIndex(startMode);
        if (startMode == 0)
            child<QSpinBox>("newestCount")->setValue(startValue.toInt());
        else if (startMode == 1)
            child<QLineEdit>("startOffset")->setText(startValue);
        else
            child<QDateTimeEdit>("startTime")->setDateTime(QDateTime::fromString(startValue, Qt::ISODate));
        child<QLineEdit>("filter")->setText(filter);
        if (filterMode >= 0)
            child<QComboBox>("filterMode")->setCurrentIndex(filterMode);
        QTest::mouseClick(child<QPushButton>("browse"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!child<QPushButton>("stop")->isEnabled(), 30000);
        QVERIFY2(status().startsWith("Done"), qPrintable(status()));
    }

    std::set<std::int64_t> offsetsOf(int partition)
    {
        std::set<std::int64_t> out;
        for (int r = 0; r < model()->rowCount(); ++r)
            if (model()->message(r).partition == partition)
                out.insert(model()->message(r).offset);
        return out;
    }

    /// Selects the table row (in view order) showing the message with this payload.
    bool select(const std::string& payload)
    {
        QTableView* table = m_panel->table();
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const QModelIndex index = table->model()->index(r, 0);
            const int source = static_cast<QSortFilterProxyModel*>(table->model())->mapToSource(index).row();
            if (model()->message(source).payload == payload) {
                QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
                return m_panel->selectedRow() == source;
            }
        }
        return false;
    }

    bool produce(const std::string& topic, const std::string& key, const std::string& payload)
    {
        std::string error;
        auto producer = KafkaProducer::create(m_bus, error);
        return producer && producer->produce(topic, key, payload) && producer->flush(10000) &&
               producer->delivered() == 1;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        std::string error;
        m_cluster = EmbeddedCluster::start(1, error);
        QVERIFY2(m_cluster, error.c_str());
        QVERIFY2(m_cluster->createTopic(kTopic, 3, error), error.c_str());
        QVERIFY2(m_cluster->createTopic(kCopyTopic, 2, error), error.c_str());
        m_bus = BusSettings{m_cluster->bootstrap(), {}, true};
        auto producer = KafkaProducer::create(m_bus, error);
        QVERIFY2(producer, error.c_str());
        for (int seq = 0; seq < kMessages; ++seq)
            QVERIFY(producer->produce(kTopic, keyOf(seq), payloadOf(seq)));
        QVERIFY(producer->flush(10000));
        QCOMPARE(producer->delivered(), std::uint64_t(kMessages));

        m_panel = std::make_unique<MessageBrowserPanel>();
        m_controller = std::make_unique<MessageBrowserController>(m_panel.get());
        m_panel->resize(1280, 760);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    void cleanupTestCase()
    {
        m_controller.reset();
        m_panel.reset();
    }

    void browseBeforeTheStackRunsSaysSo()
    {
        QTest::mouseClick(child<QPushButton>("browse"), Qt::LeftButton);
        QVERIFY2(status().contains("not running"), qPrintable(status()));
        m_controller->attach(m_bus);
    }

    void browseFromAnOffset()
    {
        browse(kTopic, 1, "0");
        QCOMPARE(model()->rowCount(), kMessages);
        std::map<std::string, std::set<int>> partitionsOfKey;
        for (int r = 0; r < model()->rowCount(); ++r) {
            const BrowsedMessage& m = model()->message(r);
            QCOMPARE(m.topic, kTopic);
            QVERIFY(m.timestampMs > 0);
            partitionsOfKey[m.key].insert(m.partition);
            ++m_perPartition[m.partition];
        }
        QCOMPARE(int(partitionsOfKey.size()), kKeys);
        for (const auto& [key, partitions] : partitionsOfKey)
            QCOMPARE(int(partitions.size()), 1); // keyed: one partition per key
        for (const auto& [partition, n] : m_perPartition) {
            const std::set<std::int64_t> offsets = offsetsOf(partition);
            QCOMPARE(int(offsets.size()), n);
            QCOMPARE(*offsets.begin(), 0);
            QCOMPARE(*offsets.rbegin(), n - 1);
        }
        QVERIFY2(status().contains(QString("scanned %1 of %1").arg(kMessages)), qPrintable(status()));
        // The topic is not in the catalogue: the partition combo learnt its count from the browse.
        QCOMPARE(child<QComboBox>("partition")->count(), 1 + 3);

        browse(kTopic, 1, "5");
        int expected = 0;
        for (const auto& [partition, n] : m_perPartition)
            expected += std::max(0, n - 5);
        QCOMPARE(model()->rowCount(), expected);
        for (const auto& [partition, n] : m_perPartition)
            if (n > 5)
                QCOMPARE(*offsetsOf(partition).begin(), 5);

        const int busiest = std::max_element(m_perPartition.begin(), m_perPartition.end(), [](auto& a, auto& b) {
                                return a.second < b.second;
                            })->first;
        browse(kTopic, 1, "0", -1, {}, busiest);
        QCOMPARE(model()->rowCount(), m_perPartition[busiest]);
        QCOMPARE(int(offsetsOf(busiest).size()), m_perPartition[busiest]);
    }

    void browseTheNewest()
    {
        browse(kTopic, 0, "2");
        int expected = 0;
        for (const auto& [partition, n] : m_perPartition) {
            expected += std::min(2, n);
            if (n > 0)
                QCOMPARE(*offsetsOf(partition).rbegin(), n - 1);
        }
        QCOMPARE(model()->rowCount(), expected);
    }

    void browseFromATime()
    {
        // The mock cluster cannot look offsets up by time; the reader finds them by reading.
        const QDateTime hourAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
        browse(kTopic, 2, hourAgo.toString(Qt::ISODate));
        QCOMPARE(model()->rowCount(), kMessages);
        browse(kTopic, 2, hourAgo.addSecs(7200).toString(Qt::ISODate));
        QCOMPARE(model()->rowCount(), 0);
    }

    void filterAcrossPartitions_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("rows");
        QTest::newRow("key") << 0 << "user-1" << kMessages / kKeys;
        QTest::newRow("no such key") << 0 << "user-9" << 0;
        QTest::newRow("text") << 1 << "\"seq\":1" << 11; // 1 and 10..19
        QTest::newRow("field number") << 2 << "seq=7" << 1;
        QTest::newRow("field string") << 2 << "user_id = user-2" << kMessages / kKeys;
        QTest::newRow("field quoted") << 2 << "type=\"sign-up\"" << kMessages;
        QTest::newRow("field absent") << 2 << "nope=1" << 0;
    }

    void filterAcrossPartitions()
    {
        QFETCH(int, mode);
        QFETCH(QString, filter);
        QFETCH(int, rows);
        browse(kTopic, 1, "0", mode, filter);
        QCOMPARE(model()->rowCount(), rows);
        if (mode == 0)
            for (int r = 0; r < rows; ++r)
                QCOMPARE(QString::fromStdString(model()->message(r).key), filter);
        QVERIFY2(status().contains(QString("scanned %1 of %1").arg(kMessages)), qPrintable(status()));
        child<QLineEdit>("filter")->clear();
    }

    void sortCopyAndDetail()
    {
        browse(kTopic, 1, "0");
        QTableView* table = m_panel->table();
        table->sortByColumn(MessageListModel::Offset, Qt::DescendingOrder);
        const QModelIndex top = table->model()->index(0, MessageListModel::Offset);
        int most = 0;
        for (const auto& [partition, n] : m_perPartition)
            most = std::max(most, n);
        QCOMPARE(table->model()->data(top).toLongLong(), most - 1);

        QVERIFY(select(payloadOf(7)));
        const QString detail = child<QPlainTextEdit>("messageDetail")->toPlainText();
        QVERIFY2(detail.contains("\n    \"seq\": 7"), qPrintable(detail)); // pretty-printed
        const QString title = child<QLabel>("messageTitle")->text();
        QVERIFY2(title.contains("user-event.v1.schema.json"), qPrintable(title));
        QVERIFY2(title.contains("ts_us 2025-11-24T16:00:00.000Z"), qPrintable(title));

        m_panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
        table->setFocus();
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromStdString(payloadOf(7)));
        table->sortByColumn(-1, Qt::AscendingOrder); // back to arrival order
    }

    void exportCsv()
    {
        browse(kTopic, 1, "0", 0, "user-2");
        const QString path = qEnvironmentVariable("TMPDIR") + "/messages.csv";
        QVERIFY(m_panel->exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 1 + kMessages / kKeys + 1);
        QCOMPARE(lines[0], QByteArray("topic,partition,offset,timestamp,key,type,size,payload\r"));
        QVERIFY2(lines[1].contains(",user-2,sign-up,") && lines[1].contains("\"\"seq\"\":"), lines[1].constData());
        child<QLineEdit>("filter")->clear();
    }

    void followLive()
    {
        child<QCheckBox>("follow")->setChecked(true);
        child<QSpinBox>("newestCount")->setValue(0);
        child<QComboBox>("startMode")->setCurrentIndex(0);
        QTest::mouseClick(child<QPushButton>("browse"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith("Following live"), 20000);
        QCOMPARE(model()->rowCount(), 0);
        QVERIFY(child<QPushButton>("stop")->isEnabled());

        QVERIFY(produce(kTopic, "live-key", payloadOf(999)));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), 1, 10000);
        QCOMPARE(model()->message(0).key, std::string("live-key"));
        QCOMPARE(model()->message(0).payload, payloadOf(999));
        ++m_perPartition[model()->message(0).partition];

        // Esc stops (the panel's shortcut), focus anywhere in the panel.
        m_panel->table()->setFocus();
        QTest::keyClick(m_panel->table(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith("Stopped"), 5000);
        QVERIFY(!child<QPushButton>("stop")->isEnabled());
        child<QCheckBox>("follow")->setChecked(false);
    }

    void reproduceToAnotherTopic()
    {
        browse(kTopic, 1, "0");
        QVERIFY(select(payloadOf(7)));
        QSignalSpy requested(m_panel.get(), &MessageBrowserPanel::reproduceRequested);
        QSignalSpy reproduced(m_controller.get(), &MessageBrowserController::reproduced);

        // First time: the confirmation is cancelled, nothing is sent.
        QTest::mouseClick(child<QPushButton>("reproduce"), Qt::LeftButton);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_panel->findChild<QDialog*>("reproduceDialog")) != nullptr);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QMessageBox* confirm = nullptr;
        QTRY_VERIFY((confirm = m_panel->findChild<QMessageBox*>("reproduceConfirmation")) != nullptr);
        confirm->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!m_panel->findChild<QMessageBox*>("reproduceConfirmation"));
        QTRY_VERIFY(!m_panel->findChild<QDialog*>("reproduceDialog"));
        QCOMPARE(requested.count(), 0);

        // Then edited, to another topic, confirmed.
        QTest::mouseClick(child<QPushButton>("reproduce"), Qt::LeftButton);
        QTRY_VERIFY((dialog = m_panel->findChild<QDialog*>("reproduceDialog")) != nullptr);
        auto* payload = dialog->findChild<QPlainTextEdit*>("reproducePayload");
        QCOMPARE(payload->toPlainText(), QString::fromStdString(payloadOf(7)));
        payload->setPlainText(payload->toPlainText().replace("\"seq\":7", "\"seq\":7,\"replayed\":true"));
        auto* topic = dialog->findChild<QComboBox*>("reproduceTopic");
        QCOMPARE(topic->currentText(), QString::fromStdString(kTopic));
        topic->setCurrentText(QString::fromStdString(kCopyTopic));
        QCOMPARE(dialog->findChild<QLineEdit*>("reproduceKey")->text(), QString("user-1"));
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY((confirm = m_panel->findChild<QMessageBox*>("reproduceConfirmation")) != nullptr);
        QVERIFY2(confirm->text().contains(QString::fromStdString(kCopyTopic)) && confirm->text().contains("user-1"),
                 qPrintable(confirm->text()));
        QCOMPARE(confirm->defaultButton(), confirm->button(QMessageBox::Cancel)); // Enter does not send
        confirm->button(QMessageBox::Yes)->click();
        QCOMPARE(requested.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(reproduced.count(), 1, 15000);
        QVERIFY2(reproduced.first().at(0).toBool(), qPrintable(reproduced.first().at(2).toString()));
        QVERIFY2(status().startsWith("Sent one message to " + QString::fromStdString(kCopyTopic)),
                 qPrintable(status()));

        browse(kCopyTopic, 0, "10");
        QCOMPARE(model()->rowCount(), 1);
        const BrowsedMessage& copy = model()->message(0);
        QCOMPARE(copy.key, std::string("user-1"));
        QCOMPARE(copy.payload, std::string("{\"schema\":1,\"type\":\"sign-up\",\"user_id\":\"user-1\","
                                           "\"ts_us\":1764000000000000,\"seq\":7,\"replayed\":true}"));
    }

    void unknownTopicFails()
    {
        auto* topicBox = child<QComboBox>("topic");
        topicBox->lineEdit()->clear();
        QTest::keyClicks(topicBox->lineEdit(), "no-such-topic");
        QTest::mouseClick(child<QPushButton>("browse"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith("Failed"), 15000);
        QVERIFY2(status().contains("does not exist"), qPrintable(status()));
    }

    /// The console wires the Messages tab to the stack it starts: the simulator's traffic shows.
    void messagesTabInTheConsole()
    {
        StackConfig config;
        config.simulator.users = 50;
        config.runtime.store.enabled = false;
        OperationsModel operations;
        MainWindow window(&operations);
        ConsoleController controller(config, &operations);
        connectConsole(controller, window);
        MessageBrowserPanel* panel = window.messages();
        QVERIFY(window.findChild<QTabWidget*>("operationsPanels")->indexOf(panel) >= 0);
        QSignalSpy started(&controller, &ConsoleController::started);
        QSignalSpy failed(&controller, &ConsoleController::failed);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1 || failed.count() == 1, 15000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

        panel->findChild<QComboBox*>("topic")->setCurrentText(QString::fromLatin1(topics::kHealthMetrics.data()));
        panel->findChild<QComboBox*>("startMode")->setCurrentIndex(0);
        panel->findChild<QSpinBox*>("newestCount")->setValue(5);
        auto* label = panel->findChild<QLabel*>("status");
        for (int attempt = 0; attempt < 20 && panel->model()->rowCount() == 0; ++attempt) {
            QTest::mouseClick(panel->findChild<QPushButton*>("browse"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(label->text().startsWith("Done"), 15000);
            if (panel->model()->rowCount() == 0)
                QTest::qWait(500); // the simulator's first uploads are on their way
        }
        QVERIFY2(panel->model()->rowCount() > 0, qPrintable(label->text()));
        QCOMPARE(panel->model()->typeOf(0), QString("health-batch"));
        controller.stop(); // lets go of the bus first (ConsoleController::stopping)
    }

    void screenshot()
    {
        // Realistic traffic: health batches of a few users on the catalogue's health-metrics.
        std::string error;
        auto producer = KafkaProducer::create(m_bus, error);
        QVERIFY2(producer, error.c_str());
        const TimestampUs start = wallClockUs() - 10 * 60 * kUsPerSecond;
        for (int upload = 0; upload < 10; ++upload) {
            for (int user = 0; user < 40; ++user) {
                HealthBatch b;
                b.userId = QString("u%1").arg(1000 + user * 37, 7, 10, QChar('0')).toStdString();
                b.deviceId = "d" + b.userId.substr(1);
                b.sentAtUs = start + upload * 60 * kUsPerSecond + user * 997;
                for (int s = 0; s < 3; ++s) {
                    HealthSample sample;
                    sample.tsUs = b.sentAtUs - (3 - s) * 20 * kUsPerSecond;
                    sample.hrBpm = std::uint16_t(58 + (user * 7 + s * 3 + upload) % 40);
                    sample.steps = std::uint16_t((user + s + upload) % 5 == 0 ? 0 : 12 + (user * s) % 30);
                    b.samples.push_back(sample);
                }
                QVERIFY(producer->produce(topics::kHealthMetrics, b.userId, healthcodec::encode(b)));
                // Uploads a little apart, so the picture's Kafka timestamps differ row to row.
                std::this_thread::sleep_for(std::chrono::milliseconds(3));
            }
        }
        QVERIFY(producer->flush(10000));

        child<QComboBox>("topic")->setCurrentText(QString::fromLatin1(topics::kHealthMetrics.data()));
        child<QComboBox>("partition")->setCurrentIndex(0);
        browse(std::string(topics::kHealthMetrics), 0, "20");
        QVERIFY(model()->rowCount() > 100);
        m_panel->table()->sortByColumn(MessageListModel::Time, Qt::DescendingOrder);
        const QModelIndex third = m_panel->table()->model()->index(2, 0);
        QTest::mouseClick(m_panel->table()->viewport(), Qt::LeftButton, {},
                          m_panel->table()->visualRect(third).center());
        QVERIFY(m_panel->selectedRow() >= 0);
        QTest::qWait(200);

        const QString dir = qEnvironmentVariable("NEXUS_BUILD_DIR") + "/screenshots";
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/console-messages.png";
        QVERIFY(m_panel->grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

QTEST_MAIN(TestMessageBrowser)
#include "tst_message_browser.moc"
