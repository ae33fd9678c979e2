// The embedded PostgreSQL server, for real: initdb on first use, restart on a kept cluster, a
// directory in use by another server, a stale postmaster.pid (and lingering backends) after
// kill -9, refusals with clear errors. Run as root (as on the build machines) it also covers handing the server to the
// `postgres` user.

#include "backend/store/EmbeddedPostgres.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <pqxx/pqxx>

#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace nexus;

namespace {

/// A temporary directory the `postgres` user can enter (QTemporaryDir makes it 0700, closed to
/// anyone but us, and as root the server runs as `postgres`).
std::unique_ptr<QTemporaryDir> openTempDir()
{
    auto dir = std::make_unique<QTemporaryDir>();
    if (dir->isValid())
        QFile::setPermissions(dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                               QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    return dir;
}

std::string query(const EmbeddedPostgres& pg, const std::string& sql)
{
    pqxx::connection c{pg.connectionString()};
    pqxx::work tx{c};
    const pqxx::result r = tx.exec(sql);
    tx.commit();
    return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
}

} // namespace

class TestEmbeddedPostgres : public QObject
{
    Q_OBJECT
    QStringList m_log; // the log callback's lines, per test

    std::unique_ptr<EmbeddedPostgres> start(const QString& dataDir, QString& error)
    {
        return EmbeddedPostgres::start(dataDir, error, [this](const QString& line) { m_log << line; });
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { m_log.clear(); }

    void startsInAnEmptyDirectory()
    {
        const auto tmp = openTempDir();
        QVERIFY(tmp->isValid());
        const QString dataDir = tmp->path() + "/data/pg"; // made by start(), parents included
        QString error;
        auto pg = start(dataDir, error);
        QVERIFY2(pg, qPrintable(error));
        qInfo("first start (initdb included): %lld ms", pg->startMs());
        QCOMPARE(pg->runsAsPostgresUser(), ::geteuid() == 0);
        QCOMPARE(pg->dataDir(), dataDir);
        QVERIFY(QFileInfo::exists(dataDir + "/PG_VERSION"));
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(dataDir).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        if (::geteuid() == 0) {
            QCOMPARE(st.st_uid, ::getpwnam("postgres")->pw_uid);
            QVERIFY2(
                m_log.join('\n').contains(
                    "PostgreSQL refuses to run as root: running the embedded server as the 'postgres' system user"),
                qPrintable(m_log.join('\n')));
        }
        QVERIFY(pg->url().startsWith("postgresql://nexus@/nexus?host=%2Ftmp%2Fnexus-pg-"));
        QVERIFY(pg->serverPid() > 0);

        QCOMPARE(query(*pg, "SELECT 1"), std::string("1"));
        query(*pg, "CREATE TABLE notes (body text)");
        query(*pg, "INSERT INTO notes VALUES ('kept')");
        pqxx::connection byUrl{pg->url().toStdString()}; // libpq takes the URL as it is
        QCOMPARE(pqxx::nontransaction{byUrl}.exec("SELECT current_database()")[0][0].as<std::string>(),
                 std::string("nexus"));
    }

    void restartKeepsDataWithoutInitdb()
    {
        const auto tmp = openTempDir();
        QString error;
        auto pg = start(tmp->path() + "/pg", error);
        QVERIFY2(pg, qPrintable(error));
        const qint64 firstMs = pg->startMs();
        query(*pg, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
        const QString socketDir = QString::fromStdString(pg->connectionString()).section(' ', 0, 0).mid(5);
        pg->stop();
        pg->stop(); // idempotent
        QVERIFY2(!QFileInfo::exists(socketDir), qPrintable(socketDir));
        QCOMPARE(pg->serverPid(), 0);

        m_log.clear();
        pg = start(tmp->path() + "/pg", error);
        QVERIFY2(pg, qPrintable(error));
        qInfo("first start %lld ms, restart (no initdb) %lld ms", firstMs, pg->startMs());
        QVERIFY2(!m_log.join('\n').contains("initializing"), qPrintable(m_log.join('\n')));
        QCOMPARE(query(*pg, "SELECT body FROM notes"), std::string("kept"));
    }

    void secondServerOnARunningDirectoryIsRefused()
    {
        const auto tmp = openTempDir();
        QString error;
        auto first = start(tmp->path() + "/pg", error);
        QVERIFY2(first, qPrintable(error));
        auto second = start(tmp->path() + "/pg", error);
        QVERIFY(!second);
        QVERIFY2(error.contains("is in use by another PostgreSQL server (pid " + QString::number(first->serverPid())),
                 qPrintable(error));
        QCOMPARE(query(*first, "SELECT 1"), std::string("1")); // the running one is unharmed
    }

    // A server killed with SIGKILL leaves a stale postmaster.pid behind: the next start must take
    // the directory over, not refuse it as "in use".
    void restartAfterKillNine()
    {
        const auto tmp = openTempDir();
        QString error;
        auto pg = start(tmp->path() + "/pg", error);
        QVERIFY2(pg, qPrintable(error));
        query(*pg, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
        QCOMPARE(::kill(pid_t(pg->serverPid()), SIGKILL), 0);
        // Reap it: an unreaped (zombie) postmaster still looks alive to the next server. A crashed
        // console's server is reaped by init the same way.
        pg.reset();
        QVERIFY(QFileInfo::exists(tmp->path() + "/pg/postmaster.pid"));

        pg = start(tmp->path() + "/pg", error);
        QVERIFY2(pg, qPrintable(error));
        QCOMPARE(query(*pg, "SELECT body FROM notes"), std::string("kept"));
    }

    // The same with a backend still busy in a query: it outlives the killed postmaster for a while,
    // holding the old shared memory, and the new server refuses to start until it is gone.
    void restartAfterKillNineWaitsForOrphanedBackends()
    {
        const auto tmp = openTempDir();
        QString error;
        auto pg = start(tmp->path() + "/pg", error);
        QVERIFY2(pg, qPrintable(error));
        std::thread busy([conn = pg->connectionString()] {
            try {
                pqxx::connection c{conn};
                pqxx::nontransaction{c}.exec("SELECT count(*) FROM generate_series(1, 10000000)"); // about 1 s
            } catch (const std::exception&) {
                // the connection may go with the server
            }
        });
        const auto joinBusy = qScopeGuard([&busy] { busy.join(); }); // also when a check fails
        const std::string running = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%generate_series%' AND "
                                    "state = 'active' AND pid <> pg_backend_pid()";
        QTRY_COMPARE_WITH_TIMEOUT(query(*pg, running), std::string("1"), 10'000);
        QCOMPARE(::kill(pid_t(pg->serverPid()), SIGKILL), 0);
        pg.reset();

        pg = start(tmp->path() + "/pg", error);
        QVERIFY2(pg, qPrintable(error));
        QVERIFY2(m_log.join('\n').contains("waiting for the processes of a killed PostgreSQL server"),
                 qPrintable(m_log.join('\n')));
    }

    void nonEmptyDirectoryWithoutClusterIsRefused()
    {
        const auto tmp = openTempDir();
        QFile notes(tmp->path() + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("mine\n");
        notes.close();
        QString error;
        QVERIFY(!start(tmp->path(), error));
        QVERIFY2(error.contains(tmp->path() + " is not empty and holds no PostgreSQL cluster"), qPrintable(error));
        QVERIFY(QFileInfo::exists(notes.fileName())); // left alone
    }

    void closedParentDirectoryIsNamed()
    {
        if (::geteuid() != 0)
            QSKIP("only root hands the server to another user");
        QTemporaryDir closed; // 0700 and root's: the postgres user cannot enter it
        QString error;
        QVERIFY(!start(closed.path() + "/data/pg", error));
        QVERIFY2(error.contains("cannot enter " + closed.path() + " "), qPrintable(error));
        QVERIFY(!QFileInfo::exists(closed.path() + "/data")); // refused before creating anything
    }

    void findsTheInstalledServer()
    {
        QString error;
        const QString bin = EmbeddedPostgres::findBinDir(error);
        QVERIFY2(!bin.isEmpty(), qPrintable(error));
        qInfo("PostgreSQL binaries in %s", qPrintable(bin));
        QVERIFY(QFileInfo(bin + "/initdb").isExecutable());
        QVERIFY(QFileInfo(bin + "/postgres").isExecutable());
    }

    // Without pg_config: the newest complete /usr/lib/postgresql/<version>/bin, by number not by text.
    void picksTheNewestCompleteVersion()
    {
        const auto root = openTempDir();
        const auto fake = [&](const QString& version, const QStringList& programs) {
            QDir().mkpath(root->path() + "/" + version + "/bin");
            for (const QString& p : programs) {
                QFile f(root->path() + "/" + version + "/bin/" + p);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.setPermissions(f.permissions() | QFile::ExeOwner);
            }
        };
        fake("9.6", {"initdb", "postgres"});
        fake("13", {"initdb", "postgres"});
        fake("16", {"initdb"}); // client-only leftovers
        QString error;
        QCOMPARE(EmbeddedPostgres::findBinDir("/nonexistent/pg_config", root->path(), error), root->path() + "/13/bin");
    }

    void defaultDataDirIsOneThePostgresUserCanReach()
    {
        const QString dir = EmbeddedPostgres::defaultDataDir();
        if (::geteuid() == 0)
            QCOMPARE(dir, QString("/var/lib/nexus-twin/postgres")); // root's home is closed to it
        else
            QCOMPARE(dir, QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/nexus-twin/postgres");
    }

    void missingInstallationSaysWhatToInstall()
    {
        const auto empty = openTempDir();
        QString error;
        QVERIFY(EmbeddedPostgres::findBinDir("/nonexistent/pg_config", empty->path(), error).isEmpty());
        QCOMPARE(error, QString("PostgreSQL server binaries (initdb, postgres) not found: install the Debian package "
                                "'postgresql' (scripts/bootstrap installs it)"));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedPostgres)
#include "tst_embedded_postgres.moc"
