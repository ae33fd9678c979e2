// MessageListModel: rows and columns, the capacity bound (oldest dropped, counted), payload type
// detection, UTC times, summaries, RFC 4180 CSV, and the type → schema table against the
// schema files in resources/schemas/.

#include "models/ops/CsvExport.h"
#include "models/ops/MessageListModel.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using namespace nexus;

namespace {
BrowsedMessage message(std::int64_t offset, std::string payload = "{}", std::string key = "u1")
{
    return {"health-metrics", 3, offset, 1764000000123, std::move(key), std::move(payload)};
}

std::vector<BrowsedMessage> messages(std::int64_t first, int n)
{
    std::vector<BrowsedMessage> out;
    for (int i = 0; i < n; ++i)
        out.push_back(message(first + i));
    return out;
}

QString cell(const MessageListModel& m, int row, int column, int role = Qt::DisplayRole)
{
    return m.data(m.index(row, column), role).toString();
}
} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT
private slots:
    void rowsAndColumns()
    {
        MessageListModel model;
        QCOMPARE(model.columnCount(), int(MessageListModel::ColumnCount));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendBatch({message(41, R"({"schema":1,"type":"health-batch","user_id":"u1"})")});
        model.appendBatch(messages(42, 2));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.count(), 2); // one insert per batch
        QCOMPARE(cell(model, 0, MessageListModel::Partition), QString("3"));
        QCOMPARE(cell(model, 0, MessageListModel::Offset), QString("41"));
        QCOMPARE(cell(model, 0, MessageListModel::Time), QString("2025-11-24T16:00:00.123Z"));
        QCOMPARE(model.data(model.index(0, MessageListModel::Time), MessageListModel::SortRole).toLongLong(),
                 1764000000123LL);
        QCOMPARE(cell(model, 0, MessageListModel::Key), QString("u1"));
        QCOMPARE(model.data(model.index(0, MessageListModel::Size)).toULongLong(), 49ULL);
        QCOMPARE(cell(model, 0, MessageListModel::Type), QString("health-batch"));
        QCOMPARE(model.message(2).offset, 43);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void boundedDropsTheOldest()
    {
        MessageListModel model(nullptr, 5);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.appendBatch(messages(0, 3));
        model.appendBatch(messages(3, 4)); // 7 > 5: offsets 0 and 1 go
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.message(0).offset, 2);
        QCOMPARE(model.message(4).offset, 6);
        QCOMPARE(model.dropped(), 2ULL);
        QCOMPARE(removed.count(), 1);

        model.appendBatch(messages(100, 8)); // larger than the capacity on its own: the newest 5 stay
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.message(0).offset, 103);
        QCOMPARE(model.message(4).offset, 107);
        QCOMPARE(model.dropped(), 2ULL + 5 + 3);

        model.clear();
        QCOMPARE(model.dropped(), 0ULL);
        QCOMPARE(MessageListModel().capacity(), 10000);
    }

    void typeDetection_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("type");
        QTest::newRow("typed") << QByteArray(R"({"schema":1,"type":"workout-start","user_id":"u1"})")
                               << "workout-start";
        QTest::newRow("spaces") << QByteArray(" \n{ \"type\" : \"alert\" }\n") << "alert";
        QTest::newRow("untyped object") << QByteArray(R"({"user_id":"u1"})") << "(no type)";
        QTest::newRow("type not a string") << QByteArray(R"({"type":7})") << "(no type)";
        QTest::newRow("array") << QByteArray("[1,2]") << "(no type)";
        QTest::newRow("text") << QByteArray("hello") << "not JSON";
        QTest::newRow("truncated") << QByteArray("{\"type\":\"alert\"") << "not JSON";
        QTest::newRow("empty") << QByteArray() << "not JSON";
        QTest::newRow("binary") << QByteArray("\x00\xff\x10", 3) << "not JSON";
    }

    void typeDetection()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, type);
        QCOMPARE(MessageListModel::payloadType(std::string_view(payload.constData(), std::size_t(payload.size()))),
                 type);
        MessageListModel model;
        model.appendBatch({message(0, payload.toStdString())});
        QCOMPARE(cell(model, 0, MessageListModel::Type), type);
    }

    void summaryIsShortAndOnOneLine()
    {
        MessageListModel model;
        const std::string longPayload = "{\n  \"type\": \"twin-update\",\n  \"x\": \"" + std::string(300, 'a') + "\"}";
        model.appendBatch({message(0, longPayload), message(1, "{\"a\":\n 1}")});
        const QString summary = cell(model, 0, MessageListModel::Summary);
        QCOMPARE(summary.size(), MessageListModel::kSummaryChars);
        QVERIFY(summary.startsWith("{ \"type\": \"twin-update\", \"x\": \"aaa"));
        QVERIFY(summary.endsWith(QChar(0x2026)));
        QCOMPARE(cell(model, 1, MessageListModel::Summary), QString("{\"a\": 1}"));
    }

    void prettyJsonKeepsOrderAndNumbers()
    {
        const std::string json =
            "{\"b\":1, \"a\":[1,2],\n \"e\":{ },\"l\":[],\"s\":\"x,{y}:\\\"z\\\\\",\"id\":12345678901234567890}";
        QCOMPARE(MessageListModel::prettyJson(json), QString("{\n"
                                                             "    \"b\": 1,\n"
                                                             "    \"a\": [\n"
                                                             "        1,\n"
                                                             "        2\n"
                                                             "    ],\n"
                                                             "    \"e\": {},\n"
                                                             "    \"l\": [],\n"
                                                             "    \"s\": \"x,{y}:\\\"z\\\\\",\n"
                                                             "    \"id\": 12345678901234567890\n"
                                                             "}"));
        QCOMPARE(MessageListModel::prettyJson("[]"), QString("[]"));
    }

    void csvField_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << "u0000042"
                               << "u0000042";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comma") << "a,b"
                               << "\"a,b\"";
        QTest::newRow("quote") << "say \"hi\""
                               << "\"say \"\"hi\"\"\"";
        QTest::newRow("newline") << "a\nb"
                                 << "\"a\nb\"";
        QTest::newRow("cr") << "a\rb"
                            << "\"a\rb\"";
        QTest::newRow("json") << R"({"a":1,"b":"x"})"
                              << "\"{\"\"a\"\":1,\"\"b\"\":\"\"x\"\"}\"";
    }

    void csvField()
    {
        QFETCH(QString, value);
        QFETCH(QString, field);
        QCOMPARE(nexus::csvField(value), field);
    }

    void csvExport()
    {
        MessageListModel model;
        model.appendBatch({message(7, R"({"type":"alert","note":"a, b"})", "k\"1"), message(8, "plain", "")});
        QBuffer all;
        QVERIFY(all.open(QIODevice::WriteOnly));
        QVERIFY(model.writeCsv(all));
        const QList<QByteArray> lines = all.data().split('\n');
        QCOMPARE(lines.size(), 4); // header, two rows, and the empty rest after the last CRLF
        QCOMPARE(lines[0], QByteArray("topic,partition,offset,timestamp,key,type,size,payload\r"));
        QCOMPARE(lines[1], QByteArray("health-metrics,3,7,2025-11-24T16:00:00.123Z,\"k\"\"1\",alert,30,"
                                      "\"{\"\"type\"\":\"\"alert\"\",\"\"note\"\":\"\"a, b\"\"}\"\r"));
        QCOMPARE(lines[2], QByteArray("health-metrics,3,8,2025-11-24T16:00:00.123Z,,not JSON,5,plain\r"));
        QVERIFY(lines[3].isEmpty());

        QBuffer some; // the view's sort order: the given rows, in the given order
        QVERIFY(some.open(QIODevice::WriteOnly));
        QVERIFY(model.writeCsv(some, {1, 0}));
        const QList<QByteArray> sorted = some.data().split('\n');
        QVERIFY(sorted[1].startsWith("health-metrics,3,8,"));
        QVERIFY(sorted[2].startsWith("health-metrics,3,7,"));
    }

    /// Every type a schema file documents maps to that file.
    void schemaTableMatchesTheSchemaFiles()
    {
        const QDir dir(qEnvironmentVariable("NEXUS_SOURCE_DIR") + "/resources/schemas");
        const QStringList files = dir.entryList({"*.schema.json"}, QDir::Files);
        QVERIFY2(!files.isEmpty(), qPrintable(dir.path()));
        for (const QString& name : files) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QJsonObject properties =
                QJsonDocument::fromJson(file.readAll()).object().value("properties").toObject();
            const int version = properties.value("schema").toObject().value("const").toInt();
            const QJsonObject type = properties.value("type").toObject();
            QStringList types;
            if (type.contains("const"))
                types << type.value("const").toString();
            for (const QJsonValue& v : type.value("enum").toArray())
                types << v.toString();
            QVERIFY2(!types.isEmpty() && version > 0, qPrintable(name));
            for (const QString& t : types)
                QVERIFY2(
                    MessageListModel::schemaFileFor(t, version) == name,
                    qPrintable(QString("type %1 should map to %2 (models/ops/MessageListModel.cpp)").arg(t, name)));
        }
        QCOMPARE(MessageListModel::schemaFileFor("no-such-type", 1), QString());
    }
};

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "tst_message_list_model.moc"
