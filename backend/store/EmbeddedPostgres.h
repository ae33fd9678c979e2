#pragma once

#include <QString>

#include <functional>
#include <memory>
#include <string>

namespace nexus {

/// A private PostgreSQL server run from the system's binaries: initdb into a data directory on
/// first use (kept and reused on later starts), started as a supervised child listening only on a
/// unix socket in a private directory, stopped cleanly (fast shutdown) when this object goes.
///
/// PostgreSQL refuses to run as root. When this process is root, initdb and the server run as the
/// unprivileged `postgres` system user (the Debian package creates it), which then owns the data
/// directory; the log callback says so.
///
/// The server is a direct child of this process. It is stopped (SIGINT) by the kernel when the
/// thread that called start() ends (PR_SET_PDEATHSIG), so a crashed or killed console never leaves
/// it running; hence call start() on a thread that lives as long as the server (the main thread).
///
/// Thread: any one thread; not copyable.
class EmbeddedPostgres
{
public:
    using Log = std::function<void(const QString& line)>;

    /// The directory holding initdb and postgres: `pg_config --bindir` if that has them, else the
    /// newest /usr/lib/postgresql/<version>/bin. Empty, with `error` saying what to install, when none.
    static QString findBinDir(QString& error);
    /// The same search with another `pg_config` program and another root of versioned
    /// installations (<versionsRoot>/<version>/bin): for tests and unusual installs.
    static QString findBinDir(const QString& pgConfig, const QString& versionsRoot, QString& error);

    /// Where the embedded cluster keeps its data unless told otherwise: the user's data location,
    /// <GenericDataLocation>/nexus-twin/postgres (~/.local/share/nexus-twin/postgres), which the
    /// console and the CLI share,
    /// or /var/lib/nexus-twin/postgres when running as root (root's home is closed to the
    /// `postgres` user).
    static QString defaultDataDir();

    /// Initializes `dataDir` if it holds no cluster yet, starts the server and waits until it
    /// accepts connections (and the `nexus` database exists). Returns nullptr with a one-line
    /// `error` on failure: binaries missing, no `postgres` user while root (or a parent directory
    /// it cannot enter), a non-empty directory without a cluster, the directory in use by another
    /// server, initdb or startup failing (with the log's last lines). After a kill -9 of an earlier
    /// server it waits (up to 10 s) for that server's leftover backends to exit.
    static std::unique_ptr<EmbeddedPostgres> start(const QString& dataDir, QString& error, const Log& log = {});

    ~EmbeddedPostgres();
    EmbeddedPostgres(const EmbeddedPostgres&) = delete;
    EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

    /// Fast shutdown (SIGINT), waiting for the server to exit; idempotent.
    void stop();

    /// A libpq connection string for the `nexus` database, e.g.
    /// "host=/tmp/nexus-pg-Ab12Cd port=5432 dbname=nexus user=nexus".
    std::string connectionString() const;
    /// The same as a postgresql:// URL (for display and --pg-url).
    QString url() const;

    QString dataDir() const;
    bool runsAsPostgresUser() const;
    /// Milliseconds from start() to accepting connections (initdb included when it ran).
    qint64 startMs() const;
    /// The postmaster's process id while it runs (0 once stopped): for diagnostics and tests.
    qint64 serverPid() const;

private:
    EmbeddedPostgres();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nexus
