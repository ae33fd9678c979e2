#include "backend/store/EmbeddedPostgres.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QVersionNumber>

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace nexus {

namespace {

constexpr int kPort = 5432;     // only a unix socket in a private directory: no clash with other servers
constexpr int kWaitMs = 30'000; // for the server to accept connections, and to stop
constexpr int kInitdbTimeoutMs = 120'000;
constexpr int kOrphanWaitMs = 10'000;
constexpr const char* kServerUser = "postgres";

/// Who the children run as: this process's own user, or (when root) the `postgres` system user.
struct RunAs
{
    bool enabled = false;
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups; // resolved before fork: initgroups() reads /etc/group, unsafe after it
};

bool hasServerBinaries(const QString& dir)
{
    return QFileInfo(dir + "/initdb").isExecutable() && QFileInfo(dir + "/postgres").isExecutable();
}

bool chownTo(const QString& path, const RunAs& user)
{
    return !user.enabled || ::chown(QFile::encodeName(path).constData(), user.uid, user.gid) == 0;
}

/// The last `n` lines of a log file, joined into one line for an error message.
QString lastLines(const QString& path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("(no log at %1)").arg(path);
    f.seek(std::max<qint64>(0, f.size() - 8192));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - n)).join(QStringLiteral(" | "));
}

bool lookUpServerUser(RunAs& user, QString& error)
{
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (getpwnam_r(kServerUser, &pw, buf.data(), buf.size(), &found) != 0 || !found) {
        error = QStringLiteral("PostgreSQL refuses to run as root and there is no '%1' system user to run it as: "
                               "install the Debian package 'postgresql' (it creates the user), create an "
                               "unprivileged user named '%1', or run as a normal user")
                    .arg(kServerUser);
        return false;
    }
    int count = 0;
    getgrouplist(kServerUser, pw.pw_gid, nullptr, &count); // fails, telling how many there are
    user = RunAs{true, pw.pw_uid, pw.pw_gid, std::vector<gid_t>(std::size_t(count))};
    getgrouplist(kServerUser, pw.pw_gid, user.groups.data(), &count);
    return true;
}

/// Runs in a forked child, so async-signal-safe calls only. Returns 0 or the failing errno.
int dropPrivileges(const RunAs& user)
{
    if (!user.enabled)
        return 0;
    if (setgroups(user.groups.size(), user.groups.data()) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0)
        return errno;
    return 0;
}

/// Forks and execs args (args[0] an absolute path) as `user`, stdout and stderr into logFd, stdin
/// from /dev/null, in "/". Returns the child's pid, or -1 with `error` (exec failures included).
pid_t spawn(const QStringList& args, int logFd, const RunAs& user, QString& error)
{
    // Everything the child needs is prepared here: between fork and exec a multi-threaded
    // process may only make async-signal-safe calls (no malloc, no locks).
    std::vector<QByteArray> bytes;
    bytes.reserve(std::size_t(args.size())); // no reallocation: argv points into these
    std::vector<char*> argv;
    for (const QString& a : args)
        argv.push_back(bytes.emplace_back(QFile::encodeName(a)).data());
    argv.push_back(nullptr);
    sigset_t noSignals;
    sigemptyset(&noSignals);
    int report[2] = {-1, -1}; // the child writes errno here if it fails before exec; exec closes it
    if (::pipe2(report, O_CLOEXEC) != 0) {
        error = QStringLiteral("cannot run %1: %2").arg(args[0], strerror(errno));
        return -1;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    const int forkErr = errno;
    if (pid == 0) {
        int err = dropPrivileges(user);
        if (err == 0) {
            // Set after setuid, which clears it. SIGINT: a fast shutdown for the server (SIGTERM
            // would wait for every client to go), and initdb cleans up after SIGINT.
            ::prctl(PR_SET_PDEATHSIG, SIGINT);
            if (::getppid() != parent) // the parent died before prctl took effect
                ::_exit(1);
            ::sigprocmask(SIG_SETMASK, &noSignals, nullptr); // a blocked signal would stay blocked after exec
            ::dup2(::open("/dev/null", O_RDONLY), 0);
            ::dup2(logFd, 1);
            ::dup2(logFd, 2);
            // Descriptors some library opened without O_CLOEXEC must not live on in the server.
            ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
            if (::chdir("/") == 0)
                ::execv(argv[0], argv.data());
            err = errno;
        }
        [[maybe_unused]] const ssize_t n = ::write(report[1], &err, sizeof err);
        ::_exit(127);
    }
    ::close(report[1]);
    int childErr = 0;
    ssize_t n = 0;
    while (pid > 0 && (n = ::read(report[0], &childErr, sizeof childErr)) < 0 && errno == EINTR) {
    }
    ::close(report[0]);
    if (pid < 0 || n == sizeof childErr) {
        if (pid > 0)
            ::waitpid(pid, nullptr, 0);
        error = QStringLiteral("cannot run %1: %2").arg(args[0], strerror(pid < 0 ? forkErr : childErr));
        return -1;
    }
    return pid;
}

/// Reaps `pid`, waiting at most timeoutMs. True when it has exited (or is not our child any more).
bool waitForExit(pid_t pid, int timeoutMs, int& status)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD))
            return true;
        if (timer.elapsed() >= timeoutMs)
            return false;
        QThread::msleep(5);
    }
}

/// Opens a log for a child's output (owned by the server's user, so the data dir is all theirs).
int openLog(const QString& path, int flags, const RunAs& user, QString& error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
    if (fd < 0 || (user.enabled && ::fchown(fd, user.uid, user.gid) != 0)) {
        error = QStringLiteral("cannot open the log %1: %2").arg(path, strerror(errno));
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

/// The first parent of `dir` that `user` cannot enter, or "" when it can reach `dir`. Asked of the
/// kernel from a child that has become `user`, so ACLs and group membership count as they will.
QString firstClosedParent(const QString& dir, const RunAs& user)
{
    QStringList parents;
    for (QString p = QFileInfo(dir).path(); parents.size() < 250; p = QFileInfo(p).path()) {
        parents.prepend(p);
        if (p == QLatin1String("/"))
            break;
    }
    std::vector<QByteArray> paths;
    for (const QString& p : parents)
        paths.push_back(QFile::encodeName(p));
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (dropPrivileges(user) != 0)
            ::_exit(255);
        for (std::size_t i = 0; i < paths.size(); ++i)
            if (::access(paths[i].constData(), X_OK) != 0)
                ::_exit(int(i) + 1);
        ::_exit(0);
    }
    int status = 0;
    if (pid < 0 || !waitForExit(pid, 10'000, status) || !WIFEXITED(status))
        return {}; // cannot tell: initdb will report it
    const int code = WEXITSTATUS(status);
    return code > 0 && code <= parents.size() ? parents[code - 1] : QString();
}

/// Creates the data directory (0700, owned by the server's user) unless it holds a cluster.
bool prepareDataDir(const QString& dir, const RunAs& user, bool& hasCluster, QString& error)
{
    QStringList created; // handed to the server's user too: mkpath's 0777 & ~umask may close them
    for (QString p = dir; !QFileInfo::exists(p) && p != QLatin1String("/"); p = QFileInfo(p).path())
        created.prepend(p);
    // Checked before mkpath, on the parents that exist, so that a refusal leaves nothing behind.
    const QString closed =
        user.enabled ? firstClosedParent(created.isEmpty() ? dir : created.first(), user) : QString();
    if (!closed.isEmpty()) {
        error = QStringLiteral("the PostgreSQL server runs as the '%1' user, which cannot enter %2 on the way to "
                               "the data directory %3: choose a data directory elsewhere or open %2 (chmod o+x)")
                    .arg(kServerUser, closed, dir);
        return false;
    }
    if (!QDir().mkpath(dir)) {
        error = QStringLiteral("cannot create the PostgreSQL data directory %1").arg(dir);
        return false;
    }
    for (const QString& d : created)
        if (!chownTo(d, user)) {
            error = QStringLiteral("cannot hand %1 to the '%2' user: %3").arg(d, kServerUser, strerror(errno));
            return false;
        }
    hasCluster = QFileInfo::exists(dir + "/PG_VERSION");
    if (hasCluster)
        return true; // its owner and mode are the server's to check: it refuses with a clear log line
    if (!QDir(dir).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        error = QStringLiteral("the PostgreSQL data directory %1 is not empty and holds no PostgreSQL cluster: "
                               "choose an empty or new directory")
                    .arg(dir);
        return false;
    }
    if (::chmod(QFile::encodeName(dir).constData(), 0700) != 0 || !chownTo(dir, user)) {
        error = QStringLiteral("cannot prepare the data directory %1: %2").arg(dir, strerror(errno));
        return false;
    }
    return true;
}

/// The pid in postmaster.pid when that process exists and is not `ours`: another server owns the directory.
qint64 lockHolder(const QString& dataDir, pid_t ours)
{
    QFile f(dataDir + "/postmaster.pid");
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const pid_t pid = pid_t(qAbs(f.readLine().trimmed().toLong()));
    if (pid <= 0 || pid == ours)
        return 0;
    return (::kill(pid, 0) == 0 || errno == EPERM) ? pid : 0;
}

} // namespace

struct EmbeddedPostgres::Impl
{
    QString dataDir;
    QString socketDir;
    pid_t pid = 0; // the postmaster, our child; 0 when not running
    RunAs user;
    qint64 startMs = 0;
    Log log;

    void say(const QString& line) const
    {
        if (log)
            log(line);
    }
    std::string conninfo(const char* db) const
    {
        return QStringLiteral("host=%1 port=%2 dbname=%3 user=nexus")
            .arg(socketDir, QString::number(kPort), QLatin1String(db))
            .toStdString();
    }
    bool makeSocketDir(QString& error);
    bool initdb(const QString& binDir, QString& error);
    bool runServer(const QString& binDir, QString& error);
    bool ensureDatabase(QString& error);
};

bool EmbeddedPostgres::Impl::makeSocketDir(QString& error)
{
    // Under /tmp rather than TMPDIR: a unix socket's path must fit in 107 bytes. mkdtemp makes it 0700.
    QByteArray tmpl("/tmp/nexus-pg-XXXXXX");
    if (!::mkdtemp(tmpl.data()) || !chownTo(QFile::decodeName(tmpl), user)) {
        error = QStringLiteral("cannot create a socket directory for PostgreSQL in /tmp: %1").arg(strerror(errno));
        return false;
    }
    socketDir = QFile::decodeName(tmpl);
    return true;
}

bool EmbeddedPostgres::Impl::initdb(const QString& binDir, QString& error)
{
    say(QStringLiteral("initializing a new PostgreSQL cluster in %1").arg(dataDir));
    // The log goes to the private socket dir first: initdb wants an empty data directory.
    const QString logPath = socketDir + "/initdb.log";
    const int fd = openLog(logPath, O_TRUNC, user, error);
    if (fd < 0)
        return false;
    // -N: no fsync of the new cluster (0.5 s instead of several); the kernel writes it out soon anyway.
    const pid_t child =
        spawn({binDir + "/initdb", "-N", "-D", dataDir, "-U", "nexus", "--auth=trust", "-E", "UTF8", "--locale=C"}, fd,
              user, error);
    ::close(fd);
    if (child < 0)
        return false;
    int status = 0;
    const bool exited = waitForExit(child, kInitdbTimeoutMs, status);
    if (!exited) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
    }
    if (exited && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    // On failure initdb empties the data directory again; keep its log beside it, not in it.
    const QString kept = dataDir + ".initdb.log";
    QFile::remove(kept);
    const QString where = QFile::copy(logPath, kept) ? QStringLiteral(" (log: %1)").arg(kept) : QString();
    error = QStringLiteral("initdb failed for %1%2: %3")
                .arg(dataDir, where, exited ? lastLines(logPath, 5) : QStringLiteral("timed out"));
    return false;
}

bool EmbeddedPostgres::Impl::runServer(const QString& binDir, QString& error)
{
    const QString logPath = dataDir + "/server.log";
    const std::string ping = conninfo("postgres");
    QElapsedTimer sinceFirst;
    sinceFirst.start();
    bool waiting = false;
    for (;;) {
        const int fd = openLog(logPath, O_APPEND, user, error);
        if (fd < 0)
            return false;
        // Started directly (not through pg_ctl) so that it is our child: we know its pid, see it exit
        // and stop it with a signal.
        const pid_t child = spawn({binDir + "/postgres", "-D", dataDir, "-k", socketDir, "-c",
                                   "listen_addresses=", "-p", QString::number(kPort)},
                                  fd, user, error);
        ::close(fd);
        if (child < 0)
            return false;
        pid = child;
        QElapsedTimer waited;
        waited.start();
        int status = 0;
        while (PQping(ping.c_str()) != PQPING_OK) {
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                pid = 0;
                break;
            }
            if (waited.elapsed() > kWaitMs) {
                error = QStringLiteral("the PostgreSQL server did not accept connections within %1 s: %2")
                            .arg(QString::number(kWaitMs / 1000), lastLines(logPath, 5));
                return false; // stop() ends it
            }
            QThread::msleep(10);
        }
        if (pid != 0)
            return true;
        const QString tail = lastLines(logPath, 5);
        if (const qint64 other = lockHolder(dataDir, child)) {
            error = QStringLiteral("the data directory %1 is in use by another PostgreSQL server (pid %2)")
                        .arg(dataDir, QString::number(other));
            return false;
        }
        // After a kill -9 of the postmaster its backends take a moment to notice and leave; until
        // then the old shared memory is still attached and the new server refuses to start.
        if (tail.contains(QLatin1String("shared memory block")) && sinceFirst.elapsed() < kOrphanWaitMs) {
            if (!waiting)
                say(QStringLiteral("waiting for the processes of a killed PostgreSQL server to exit"));
            waiting = true;
            QThread::msleep(100);
            continue;
        }
        error = QStringLiteral("the PostgreSQL server exited during startup: %1").arg(tail);
        return false;
    }
}

bool EmbeddedPostgres::Impl::ensureDatabase(QString& error)
{
    try {
        pqxx::connection c{conninfo("postgres")};
        pqxx::nontransaction tx{c}; // CREATE DATABASE cannot run inside a transaction block
        if (tx.exec("SELECT 1 FROM pg_database WHERE datname = 'nexus'").empty())
            tx.exec("CREATE DATABASE nexus");
        return true;
    } catch (const std::exception& e) {
        error = QStringLiteral("cannot create the 'nexus' database: %1").arg(QString::fromUtf8(e.what()).trimmed());
        return false;
    }
}

QString EmbeddedPostgres::findBinDir(QString& error)
{
    return findBinDir(QStringLiteral("pg_config"), QStringLiteral("/usr/lib/postgresql"), error);
}

QString EmbeddedPostgres::findBinDir(const QString& pgConfig, const QString& versionsRoot, QString& error)
{
    QProcess p;
    p.start(pgConfig, {QStringLiteral("--bindir")});
    if (p.waitForFinished(3000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) {
        const QString dir = QString::fromLocal8Bit(p.readAllStandardOutput()).trimmed();
        if (hasServerBinaries(dir))
            return dir;
    }
    // No pg_config, or one from libpq-dev alone (no server): take Debian's newest versioned install.
    QString best;
    QVersionNumber bestVersion;
    for (const QString& name : QDir(versionsRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QVersionNumber version = QVersionNumber::fromString(name);
        const QString bin = versionsRoot + "/" + name + "/bin";
        if (!version.isNull() && version > bestVersion && hasServerBinaries(bin)) {
            best = bin;
            bestVersion = version;
        }
    }
    if (best.isEmpty())
        error = QStringLiteral("PostgreSQL server binaries (initdb, postgres) not found: install the Debian package "
                               "'postgresql' (scripts/bootstrap installs it)");
    return best;
}

QString EmbeddedPostgres::defaultDataDir()
{
    if (::geteuid() == 0)
        return QStringLiteral("/var/lib/nexus-twin/postgres");
    // The user's data location, shared by nexus-console and nexus-twin (their AppDataLocations
    // differ by application name, and both must see the same store).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/nexus-twin/postgres";
}

std::unique_ptr<EmbeddedPostgres> EmbeddedPostgres::start(const QString& dataDir, QString& error, const Log& log)
{
    QElapsedTimer timer;
    timer.start();
    const QString binDir = findBinDir(error);
    if (binDir.isEmpty())
        return nullptr;
    std::unique_ptr<EmbeddedPostgres> pg(new EmbeddedPostgres());
    Impl& d = *pg->m_impl;
    d.dataDir = QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath());
    d.log = log;
    if (::geteuid() == 0) {
        if (!lookUpServerUser(d.user, error))
            return nullptr;
        d.say(QStringLiteral("PostgreSQL refuses to run as root: running the embedded server as the '%1' system "
                             "user (data in %2)")
                  .arg(kServerUser, d.dataDir));
    }
    bool hasCluster = false;
    if (!prepareDataDir(d.dataDir, d.user, hasCluster, error) || !d.makeSocketDir(error))
        return nullptr;
    if (!hasCluster && !d.initdb(binDir, error))
        return nullptr;
    if (!d.runServer(binDir, error) || !d.ensureDatabase(error))
        return nullptr; // pg's destructor stops whatever was started
    d.startMs = timer.elapsed();
    d.say(QStringLiteral("PostgreSQL ready at %1 in %2 ms").arg(pg->url(), QString::number(d.startMs)));
    return pg;
}

EmbeddedPostgres::EmbeddedPostgres() : m_impl(std::make_unique<Impl>()) {}

EmbeddedPostgres::~EmbeddedPostgres()
{
    stop();
}

void EmbeddedPostgres::stop()
{
    Impl& d = *m_impl;
    if (d.pid > 0) {
        ::kill(d.pid, SIGINT); // fast shutdown: ends client sessions, checkpoints, exits
        int status = 0;
        if (!waitForExit(d.pid, kWaitMs, status)) {
            d.say(QStringLiteral("the PostgreSQL server (pid %1) did not stop within %2 s: killing it")
                      .arg(QString::number(d.pid), QString::number(kWaitMs / 1000)));
            ::kill(d.pid, SIGKILL);
            ::waitpid(d.pid, &status, 0);
        }
        d.pid = 0;
    }
    if (!d.socketDir.isEmpty()) {
        QDir(d.socketDir).removeRecursively();
        d.socketDir.clear();
    }
}

std::string EmbeddedPostgres::connectionString() const
{
    return m_impl->conninfo("nexus");
}

QString EmbeddedPostgres::url() const
{
    // libpq decodes percent-encoded query parameters, so the socket path goes in encoded. One
    // multi-arg call: a chained .arg() would replace the "%2" of "%2Ftmp" too.
    return QStringLiteral("postgresql://nexus@/nexus?host=%1&port=%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_impl->socketDir)), QString::number(kPort));
}

QString EmbeddedPostgres::dataDir() const
{
    return m_impl->dataDir;
}

bool EmbeddedPostgres::runsAsPostgresUser() const
{
    return m_impl->user.enabled;
}

qint64 EmbeddedPostgres::startMs() const
{
    return m_impl->startMs;
}

qint64 EmbeddedPostgres::serverPid() const
{
    return m_impl->pid;
}

} // namespace nexus
