// The PostgreSQL store against a real server (an embedded cluster this test starts): migrations
// from empty and re-run, refusing a newer schema, the append-only audit log, COPY ingest of
// 100,000 samples with count and checksum, idempotent re-delivery, a writer SIGKILLed mid-batch
// then resumed from its stored positions (nothing lost, nothing twice), downsampled range queries
// on known data, snapshots, and the console's other queries.

#include "backend/codec/AlertCodec.h"
#include "backend/store/AlertRows.h"
#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/Migrator.h"
#include "backend/store/SampleWriter.h"
#include "backend/store/StoreQueries.h"
#include "backend/store/TwinRows.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

#include <csignal>

using namespace nexus;
using namespace nexus::store;

namespace {

constexpr TimestampUs kT0 = 1'767'225'600'000'000; // 2026-01-01T00:00:00Z
constexpr const char* kTopic = "health-metrics";

/// Batch `i` of a deterministic stream: user u%04d (i % users), 10 samples at 1 Hz.
HealthBatch streamBatch(int i, int users = 1000)
{
    HealthBatch b;
    b.userId = QString::asprintf("u%04d", i % users).toStdString();
    const TimestampUs start = kT0 + TimestampUs(i / users) * 10 * kUsPerSecond;
    for (int k = 0; k < 10; ++k)
        b.samples.push_back({start + k * kUsPerSecond, std::uint16_t(50 + (i * 7 + k) % 130), std::uint16_t((i + k) % 3)});
    return b;
}

struct Totals
{
    long long rows = 0;
    double hrSum = 0;
    double stepsSum = 0;
};
Totals expectedTotals(int batches)
{
    Totals t;
    for (int i = 0; i < batches; ++i)
        for (const HealthSample& s : streamBatch(i).samples) {
            t.rows += s.steps > 0 ? 2 : 1;
            t.hrSum += s.hrBpm;
            t.stepsSum += s.steps;
        }
    return t;
}
Totals storedTotals(pqxx::connection& c)
{
    pqxx::read_transaction tx(c);
    const auto r = tx.exec1("SELECT count(*), coalesce(sum(value::float8) FILTER (WHERE metric = 1), 0), "
                            "coalesce(sum(value::float8) FILTER (WHERE metric = 2), 0) FROM health_samples");
    return {r[0].as<long long>(), r[1].as<double>(), r[2].as<double>()};
}

/// The child writer of the crash test: writes batches [from, count) in groups of `group`, each
/// group with its position, forever slow enough to be killed inside one.
int runChildWriter(const std::string& conninfo, int from, int count, int group)
{
    pqxx::connection c(conninfo);
    SampleWriter writer(c, "tst-store");
    for (int i = from; i < count; i += group) {
        std::vector<HealthBatch> batches;
        for (int k = i; k < std::min(count, i + group); ++k)
            batches.push_back(streamBatch(k));
        writer.write(batches, {{kTopic, 0, std::min(count, i + group)}});
    }
    return 0;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EmbeddedPostgres> m_server;
    std::unique_ptr<pqxx::connection> m_db;

    void resetDatabase()
    {
        pqxx::work tx(*m_db);
        tx.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        tx.commit();
    }
    void migrated()
    {
        resetDatabase();
        const MigrationResult r = migrate(*m_db);
        QVERIFY2(r.ok, r.error.c_str());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The server may run as the `postgres` user (when we are root): it must be able to enter the directory.
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ExeOther);
        QString error;
        m_server = EmbeddedPostgres::start(m_dir.filePath("pg"), error,
                                           [](const QString& line) { qInfo("%s", qPrintable(line)); });
        QVERIFY2(m_server, qPrintable(error));
        m_db = std::make_unique<pqxx::connection>(m_server->connectionString());
    }

    void cleanupTestCase()
    {
        m_db.reset();
        m_server.reset();
    }

    void migratesFromEmptyAndReRunsIdempotently()
    {
        resetDatabase();
        MigrationResult r = migrate(*m_db);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.fromVersion, 0);
        QCOMPARE(r.toVersion, knownMigrations().back().version);
        QCOMPARE(r.applied.size(), knownMigrations().size());
        {
            pqxx::read_transaction tx(*m_db);
            for (const char* table : {"users", "profiles", "health_samples", "workouts", "nights", "twin_daily",
                                      "twin_latest", "alerts", "coach_messages", "recorded_sessions", "audit_log",
                                      "consumer_offsets", "twin_snapshots"})
                QVERIFY2(!tx.exec_params1("SELECT to_regclass($1)", std::string(table))[0].is_null(), table);
        }
        r = migrate(*m_db);
        QVERIFY2(r.ok, r.error.c_str());
        QVERIFY(r.applied.empty());
        pqxx::read_transaction tx(*m_db);
        QCOMPARE(tx.exec1("SELECT count(*) FROM schema_migrations")[0].as<int>(), int(knownMigrations().size()));
    }

    void refusesANewerSchema()
    {
        migrated();
        {
            pqxx::work tx(*m_db);
            tx.exec("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
            tx.commit();
        }
        const MigrationResult r = migrate(*m_db);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.find("newer") != std::string::npos && r.error.find("999") != std::string::npos,
                 r.error.c_str());
    }

    void failedMigrationAppliesNothing()
    {
        resetDatabase();
        std::vector<Migration> broken = knownMigrations();
        broken.push_back({broken.back().version + 1, "broken", "CREATE TABLE ok_table (x int); SELECT nonsense("});
        const MigrationResult r = migrate(*m_db, broken);
        QVERIFY(!r.ok);
        QVERIFY(r.applied.empty());
        pqxx::read_transaction tx(*m_db);
        QVERIFY(tx.exec1("SELECT to_regclass('users')")[0].is_null()); // the good ones were rolled back too
    }

    void auditLogIsAppendOnly()
    {
        migrated();
        {
            pqxx::work tx(*m_db);
            tx.exec("INSERT INTO audit_log (actor, action, subject) VALUES ('ops1', 'ack-alert', '42')");
            tx.commit();
        }
        for (const char* sql : {"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
            pqxx::work tx(*m_db);
            bool refused = false;
            try {
                tx.exec(sql);
            } catch (const pqxx::sql_error& e) {
                refused = QString(e.what()).contains("append-only");
            }
            QVERIFY2(refused, sql);
        }
    }

    void ingestsWithCountAndChecksum()
    {
        migrated();
        SampleWriter writer(*m_db, "tst-store");
        const int batches = 10'000; // 100,000 samples
        std::size_t rows = 0;
        for (int i = 0; i < batches; i += 500) {
            std::vector<HealthBatch> group;
            for (int k = i; k < i + 500; ++k)
                group.push_back(streamBatch(k));
            const auto r = writer.write(group, {{kTopic, 0, i + 500}});
            QVERIFY(!r.deduplicated);
            rows += r.rows;
        }
        const Totals expected = expectedTotals(batches);
        const Totals stored = storedTotals(*m_db);
        QCOMPARE(stored.rows, expected.rows);
        QCOMPARE(qint64(rows), qint64(expected.rows));
        QCOMPARE(stored.hrSum, expected.hrSum);
        QCOMPARE(stored.stepsSum, expected.stepsSum);
        QCOMPARE(storedPositions(*m_db, "tst-store", kTopic).at(0), std::int64_t(batches));
    }

    void redeliveryStoresNothingTwice()
    {
        migrated();
        SampleWriter writer(*m_db, "tst-store");
        std::vector<HealthBatch> first, overlap;
        for (int k = 0; k < 300; ++k)
            first.push_back(streamBatch(k));
        for (int k = 200; k < 400; ++k) // 100 re-delivered, 100 new
            overlap.push_back(streamBatch(k));
        writer.write(first, {{kTopic, 3, 300}});
        const auto r = writer.write(overlap, {{kTopic, 3, 250}}); // an older position never moves it back
        QVERIFY(r.deduplicated);
        const Totals expected = expectedTotals(400);
        QCOMPARE(storedTotals(*m_db).rows, expected.rows);
        QCOMPARE(qint64(r.duplicates), qint64(expectedTotals(300).rows - expectedTotals(200).rows));
        QCOMPARE(storedPositions(*m_db, "tst-store", kTopic).at(3), std::int64_t(300));
    }

    void writerKilledMidBatchLosesAndDuplicatesNothing()
    {
        migrated();
        const int total = 20'000, group = 2'000; // 200,000 samples; groups of ~33k rows
        // A child process writes; we SIGKILL it while it is inside a group.
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("NEXUS_STORE_CHILD", QString::fromStdString(m_server->connectionString()));
        env.insert("NEXUS_STORE_CHILD_RANGE", QString("0 %1 %2").arg(total).arg(group));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        // Wait until at least two groups are in, then kill during the next.
        QElapsedTimer clock;
        clock.start();
        while (storedPositions(*m_db, "tst-store", kTopic)[0] < 2 * group && clock.elapsed() < 60000)
            QThread::msleep(20);
        QThread::msleep(40);
        ::kill(pid_t(child.processId()), SIGKILL);
        child.waitForFinished();
        const std::int64_t resumeAt = storedPositions(*m_db, "tst-store", kTopic)[0];
        qInfo("killed the writer with %lld of %d batches stored", static_cast<long long>(resumeAt), total);
        QVERIFY(resumeAt >= 2 * group && resumeAt < total);
        QCOMPARE(resumeAt % group, 0); // positions move only with whole committed groups

        // What is stored is exactly the batches before the stored position.
        QCOMPARE(storedTotals(*m_db).rows, expectedTotals(int(resumeAt)).rows);
        // The restarted writer resumes from there, and the end is exact.
        QCOMPARE(runChildWriter(m_server->connectionString(), int(resumeAt), total, group), 0);
        const Totals expected = expectedTotals(total), stored = storedTotals(*m_db);
        QCOMPARE(stored.rows, expected.rows);
        QCOMPARE(stored.hrSum, expected.hrSum);
        QCOMPARE(stored.stepsSum, expected.stepsSum);
    }

    void rangeQueryAndDownsampling()
    {
        migrated();
        SampleWriter writer(*m_db, "tst-store");
        // One hour of heart rate for "known": HR = 60 + (second % 60), no steps; another user alongside.
        std::vector<HealthBatch> batches;
        for (int minute = 0; minute < 60; ++minute) {
            HealthBatch b{"known", "d", 0, {}, 0, {}};
            HealthBatch other{"other", "d", 0, {}, 0, {}};
            for (int s = 0; s < 60; ++s) {
                const TimestampUs ts = kT0 + TimestampUs(minute * 60 + s) * kUsPerSecond;
                b.samples.push_back({ts, std::uint16_t(60 + s), 0});
                other.samples.push_back({ts, 150, 0});
            }
            batches.push_back(b);
            batches.push_back(other);
        }
        writer.write(batches, {});
        const TimestampUs hour = 3600 * kUsPerSecond;
        const auto all = metricSeries(*m_db, "known", Metric::HeartRate, kT0, kT0 + hour, 0);
        QCOMPARE(int(all.size()), 3600);
        QCOMPARE(all.front().tsUs, kT0);
        QCOMPARE(all[61].mean, 61.0);
        // 60 buckets of a minute: mean 89.5, min 60, max 119, 60 samples each.
        const auto minutes = metricSeries(*m_db, "known", Metric::HeartRate, kT0, kT0 + hour, 60);
        QCOMPARE(int(minutes.size()), 60);
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(minutes[std::size_t(i)].tsUs, kT0 + TimestampUs(i) * 60 * kUsPerSecond);
            QCOMPARE(minutes[std::size_t(i)].mean, 89.5);
            QCOMPARE(minutes[std::size_t(i)].min, 60.0);
            QCOMPARE(minutes[std::size_t(i)].max, 119.0);
            QCOMPARE(minutes[std::size_t(i)].count, std::int64_t(60));
        }
        // A range inside: [10 min, 20 min) in at most 4 points of 150 s.
        const auto part = metricSeries(*m_db, "known", Metric::HeartRate, kT0 + 600 * kUsPerSecond,
                                       kT0 + 1200 * kUsPerSecond, 4);
        QCOMPARE(int(part.size()), 4);
        std::int64_t n = 0;
        for (const auto& p : part)
            n += p.count;
        QCOMPARE(n, std::int64_t(600));
        QVERIFY(metricSeries(*m_db, "known", Metric::Steps, kT0, kT0 + hour, 10).empty());
    }

    void snapshotsRoundTripBytes()
    {
        migrated();
        std::string state("twin\0state\xff bytes", 17);
        saveSnapshot(*m_db, "g", {kTopic, 5, 1234}, 1, 2, state);
        auto s = loadSnapshot(*m_db, "g", kTopic, 5);
        QVERIFY(s);
        QCOMPARE(s->nextOffset, std::int64_t(1234));
        QCOMPARE(s->twins, 2);
        QVERIFY(s->state == state);
        saveSnapshot(*m_db, "g", {kTopic, 5, 2000}, 1, 3, "newer");
        QCOMPARE(loadSnapshot(*m_db, "g", kTopic, 5)->nextOffset, std::int64_t(2000));
        QVERIFY(!loadSnapshot(*m_db, "g", kTopic, 6));
    }

    void twinRowsAreUpsertedInTheWritersTransaction()
    {
        migrated();
        SampleWriter writer(*m_db, "tst-store");
        TwinDay day;
        day.day = dayOf(kT0);
        day.load = 42.5;
        day.ctl = 10.25;
        day.tsb = -3.5;
        day.readiness.add(ContributionInput::Base, 70);
        day.readiness.add(ContributionInput::Form, -4.5);
        day.readiness.finish();
        day.rhr = 51.5;
        // acwr_ewma and rmssd have no value yet: stored as NULL, not 0.
        writer.write({}, {}, [&](pqxx::work& tx) {
            upsertTwinDays(tx, {{"u0001", day}});
            upsertLatestTwins(tx, {{"u0001", kT0 + 10, R"({"schema":2,"ctl":10.25})"}});
        });
        day.load = 50; // the day replayed with more data overwrites itself
        writer.write({}, {}, [&](pqxx::work& tx) { upsertTwinDays(tx, {{"u0001", day}}); });
        {
            pqxx::read_transaction tx(*m_db);
            const auto row = tx.exec1("SELECT load, acwr_ewma IS NULL, rmssd IS NULL, readiness, "
                                      "contributions->'readiness'->>'form', count(*) OVER () FROM twin_daily");
            QCOMPARE(row[0].as<double>(), 50.0);
            QVERIFY(row[1].as<bool>() && row[2].as<bool>());
            QCOMPARE(row[3].as<double>(), 65.5);
            QCOMPARE(row[4].as<std::string>(), std::string("-4.5"));
            QCOMPARE(row[5].as<int>(), 1);
        }
        const TwinDayRow stored = twinHistory(*m_db, "u0001", day.day, day.day).at(0);
        QCOMPARE(stored.readiness, 65.5);
        QCOMPARE(stored.rhr, 51.5);
        QVERIFY(std::isnan(stored.rmssd) && std::isnan(stored.acwrEwma)); // NULL read back as no value
        QVERIFY(latestTwin(*m_db, "u0001")->find("10.25") != std::string::npos);
    }

    void alertEpisodesAreOneRowEach()
    {
        migrated();
        SampleWriter writer(*m_db, "tst-store");
        AlertEvent a;
        a.alertId = "tachycardia_at_rest:u0001:" + std::to_string(kT0);
        a.userId = "u0001";
        a.detector = "tachycardia_at_rest";
        a.severity = AlertSeverity::Warning;
        a.state = AlertState::Open;
        a.startUs = kT0;
        a.tsUs = kT0 + 8 * 60 * kUsPerSecond;
        a.message = "HR 112 bpm at rest for 8 min";
        a.value = 112;
        a.unit = "bpm";
        const auto send = [&](const AlertEvent& e) {
            writer.write({}, {}, [&](pqxx::work& tx) { upsertAlerts(tx, {{e, alertcodec::encode(e)}}); });
        };
        send(a);
        QCOMPARE(int(openAlerts(*m_db, 10).size()), 1);
        QCOMPARE(openAlerts(*m_db, 10).at(0).episodeKey, a.alertId);
        QCOMPARE(acknowledgeAlert(*m_db, a.alertId, "ops-anna"), AckResult::Acknowledged);
        QCOMPARE(acknowledgeAlert(*m_db, a.alertId, "ops-ben"), AckResult::AlreadyAcknowledged); // the first stays
        QCOMPARE(acknowledgeAlert(*m_db, "no-such-episode", "ops-ben"), AckResult::NotStored);

        AlertEvent update = a;
        update.state = AlertState::Update;
        update.severity = AlertSeverity::Critical;
        update.value = 133;
        send(update);
        AlertEvent closed = update;
        closed.state = AlertState::Closed;
        closed.endUs = kT0 + 40 * 60 * kUsPerSecond;
        send(closed);
        send(a); // a re-delivered open message must not reopen the episode

        pqxx::read_transaction tx(*m_db);
        const auto row = tx.exec1("SELECT count(*) OVER (), state, severity, closed_at IS NOT NULL, acked_by, "
                                  "evidence->>'state', (evidence->>'value')::float FROM alerts");
        QCOMPARE(row[0].as<int>(), 1);
        QCOMPARE(row[1].as<std::string>(), std::string("closed"));
        QCOMPARE(row[2].as<std::string>(), std::string("critical"));
        QVERIFY(row[3].as<bool>());
        QCOMPARE(row[4].as<std::string>(), std::string("ops-anna"));
        QCOMPARE(row[5].as<std::string>(), std::string("closed"));
        QCOMPARE(row[6].as<double>(), 133.0);
        tx.commit();
        QVERIFY(openAlerts(*m_db, 10).empty());
    }

    void consoleQueries()
    {
        migrated();
        {
            pqxx::work tx(*m_db);
            tx.exec("INSERT INTO users (user_id, display_name) VALUES ('u0001', 'Ada Lovelace'), "
                    "('u0002', 'Alan Turing'), ('u0100', 'Grace Hopper')");
            tx.exec("INSERT INTO alerts (user_id, detector, severity, opened_at) VALUES "
                    "('u0001', 'tachycardia', 'warning', '2026-01-01 10:00+00'), "
                    "('u0002', 'spo2', 'critical', '2026-01-01 11:00+00')");
            tx.exec("INSERT INTO alerts (user_id, detector, severity, state, opened_at) VALUES "
                    "('u0001', 'bradycardia', 'info', 'closed', '2026-01-01 12:00+00')");
            tx.exec("INSERT INTO twin_daily (user_id, day, load, ctl, atl, tsb, readiness, recovery, energy) VALUES "
                    "('u0001', '2026-01-01', 50, 10, 20, 0, 70, 71, 60), ('u0001', '2026-01-02', 0, 9.8, 17, -10, NULL, 75, 80)");
            tx.commit();
        }
        const auto users = findUsers(*m_db, "al", 10);
        QCOMPARE(int(users.size()), 1);
        QCOMPARE(users[0].second, std::string("Alan Turing"));
        QCOMPARE(int(findUsers(*m_db, "U0", 10).size()), 3); // case-insensitive
        QCOMPARE(int(findUsers(*m_db, "100%", 10).size()), 0); // % is literal, not a wildcard

        const auto alerts = openAlerts(*m_db, 10);
        QCOMPARE(int(alerts.size()), 2);
        QCOMPARE(alerts[0].detector, std::string("spo2")); // newest first
        QCOMPARE(alerts[0].openedUs, kT0 + 11 * 3600 * kUsPerSecond);

        const auto history = twinHistory(*m_db, "u0001", dayOf(kT0), dayOf(kT0) + 5);
        QCOMPARE(int(history.size()), 2);
        QCOMPARE(history[1].day, dayOf(kT0) + 1);
        QCOMPARE(history[1].tsb, -10.0);
        QVERIFY(std::isnan(history[1].readiness));
        QVERIFY(std::isnan(history[1].rhr) && std::isnan(history[1].rmssd) && std::isnan(history[1].acwrEwma));

        QVERIFY(!latestTwin(*m_db, "u0001"));
        saveLatestTwin(*m_db, "u0001", kT0 + 10, R"({"schema":2,"user_id":"u0001","ctl":1.5})");
        saveLatestTwin(*m_db, "u0001", kT0 + 5, R"({"schema":2,"user_id":"u0001","ctl":0.5})"); // older: ignored
        const auto latest = latestTwin(*m_db, "u0001");
        QVERIFY(latest && latest->find("1.5") != std::string::npos);

        // A user known only by their twin (the simulator registers nobody) is found and known too.
        QVERIFY(!userKnown(*m_db, "u0999"));
        saveLatestTwin(*m_db, "u0999", kT0, R"({"schema":2,"user_id":"u0999"})");
        const auto twinOnly = findUsers(*m_db, "u09", 10);
        QCOMPARE(int(twinOnly.size()), 1);
        QCOMPARE(twinOnly[0].first, std::string("u0999"));
        QCOMPARE(twinOnly[0].second, std::string()); // no display name
        QCOMPARE(findUsers(*m_db, "u0001", 10).at(0).second, std::string("Ada Lovelace")); // registered and with a twin: once
        QCOMPARE(int(findUsers(*m_db, "u0001", 10).size()), 1);
        QVERIFY(userKnown(*m_db, "u0999"));
        QVERIFY(userKnown(*m_db, "u0100")); // registered, no twin
        QVERIFY(!userKnown(*m_db, "nobody"));
    }
};

int main(int argc, char** argv)
{
    // The crash test runs this binary again as the writer it kills.
    if (qEnvironmentVariableIsSet("NEXUS_STORE_CHILD")) {
        const QStringList range = qEnvironmentVariable("NEXUS_STORE_CHILD_RANGE").split(' ');
        return runChildWriter(qEnvironmentVariable("NEXUS_STORE_CHILD").toStdString(), range[0].toInt(),
                              range[1].toInt(), range[2].toInt());
    }
    QCoreApplication app(argc, argv);
    TestStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_store.moc"
