// nexus-bench-store: the PostgreSQL store's figures (issue: the PostgreSQL store).
//   1. ingest rows/s through the sink (SampleWriter: COPY plus positions, one transaction per group)
//      against `psql \copy` of the same rows into the same table, measured in one run;
//   2. p50/p99 of "the last 15 minutes of one user's heart rate" with N rows in the table.
// Starts its own embedded cluster in a temporary directory (or --data-dir). Prints; asserts nothing.
//   build/bench/nexus-bench-store [--rows 10000000] [--compare-rows 2000000] [--queries 2000] [--quick]

#include "backend/store/EmbeddedPostgres.h"
#include "backend/store/Migrator.h"
#include "backend/store/PgTime.h"
#include "backend/store/SampleWriter.h"
#include "backend/store/StoreQueries.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <pqxx/pqxx>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace nexus;
using namespace nexus::store;

namespace {

constexpr TimestampUs kT0 = 1'767'225'600'000'000; // 2026-01-01T00:00:00Z
constexpr int kUsers = 1000;

/// Heart rate of user u at second s: 1 Hz, one row per sample (no steps, so rows = samples).
std::uint16_t hrAt(int u, int s) { return std::uint16_t(55 + (u * 31 + s * 7) % 120); }

/// Rows [fromRow, toRow) in user-interleaved order, grouped as 10-sample uploads.
std::vector<HealthBatch> uploads(long long fromRow, long long toRow)
{
    std::vector<HealthBatch> out;
    for (long long r = fromRow; r < toRow; r += 10) {
        // Row r: upload k = r / 10 → user k % kUsers, seconds (k / kUsers) * 10 + 0..9
        const long long k = r / 10;
        HealthBatch b;
        b.userId = QString::asprintf("u%06lld", k % kUsers).toStdString();
        const long long second0 = (k / kUsers) * 10;
        for (int i = 0; i < 10 && r + i < toRow; ++i)
            b.samples.push_back({kT0 + (second0 + i) * kUsPerSecond, hrAt(int(k % kUsers), int(second0 + i)), 0});
        out.push_back(std::move(b));
    }
    return out;
}

double now() { return double(steadyClockUs()) / 1e6; }

void truncate(pqxx::connection& c)
{
    pqxx::work tx(c);
    tx.exec("TRUNCATE health_samples, consumer_offsets");
    tx.commit();
}

/// Sink ingest of rows [from, to) in transactions of `groupRows`; returns seconds.
double ingest(SampleWriter& writer, long long from, long long to, long long groupRows, bool progress)
{
    const double start = now();
    long long done = from;
    for (long long r = from; r < to; r += groupRows) {
        const long long end = std::min(to, r + groupRows);
        writer.write(uploads(r, end), {{"health-metrics", 0, end}});
        done = end;
        if (progress && (done / groupRows) % 20 == 0)
            std::fprintf(stderr, "\r  %lld / %lld rows", done, to);
    }
    if (progress)
        std::fprintf(stderr, "\r%60s\r", "");
    return now() - start;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("Benchmarks the PostgreSQL store: sink ingest against psql \\copy, and the "
                                     "latency of a user's last 15 minutes of heart rate.");
    parser.addHelpOption();
    parser.addOption({"rows", "Rows in the table for the query benchmark (default 10,000,000).", "n", "10000000"});
    parser.addOption({"compare-rows", "Rows for the ingest comparison (default 2,000,000).", "n", "2000000"});
    parser.addOption({"queries", "Queries to time (default 2000).", "n", "2000"});
    parser.addOption({"data-dir", "Use this cluster directory instead of a temporary one.", "dir"});
    parser.addOption({"quick", "Small sizes, for the test run."});
    parser.process(app);
    const bool quick = parser.isSet("quick");
    const long long rows = quick ? 200'000 : parser.value("rows").toLongLong();
    const long long compareRows = quick ? 100'000 : parser.value("compare-rows").toLongLong();
    const int queries = quick ? 200 : parser.value("queries").toInt();

    QTemporaryDir tmp;
    // The server may run as the `postgres` user (when we are root): it must be able to enter the directory.
    QFile::setPermissions(tmp.path(), QFile::permissions(tmp.path()) | QFileDevice::ExeOther);
    const QString dataDir = parser.isSet("data-dir") ? parser.value("data-dir") : tmp.filePath("pg");
    QString error;
    auto server = EmbeddedPostgres::start(dataDir, error, [](const QString& l) { std::printf("  %s\n", qPrintable(l)); });
    if (!server) {
        std::fprintf(stderr, "nexus-bench-store: %s\n", qPrintable(error));
        return 1;
    }
    pqxx::connection db(server->connectionString());
    const MigrationResult migration = migrate(db);
    if (!migration.ok) {
        std::fprintf(stderr, "nexus-bench-store: %s\n", migration.error.c_str());
        return 1;
    }
    truncate(db);
    SampleWriter writer(db, "bench");
    std::printf("PostgreSQL store benchmark (server and client on this machine)\n\n");

    // 1. The same rows through psql \copy and through the sink, into the same (emptied) table.
    writer.write(uploads(0, 10), {}); // partitions for the days used
    truncate(db);
    const QString file = tmp.filePath("rows.tsv");
    {
        FILE* f = std::fopen(qPrintable(file), "w");
        std::string line;
        for (const HealthBatch& b : uploads(0, compareRows))
            for (const HealthSample& s : b.samples) {
                line = b.userId + "\t1\t";
                pgtime::appendTimestamp(line, s.tsUs);
                line += '\t' + std::to_string(s.hrBpm) + '\n';
                std::fputs(line.c_str(), f);
            }
        std::fclose(f);
    }
    QProcess psql;
    const QString host = QString::fromStdString(server->connectionString()).section("host=", 1).section(' ', 0, 0);
    const double psqlStart = now();
    psql.start("psql", {"-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-U", "nexus", "-d", "nexus", "-c",
                        "\\copy health_samples (user_id, metric, ts, value) from '" + file + "'"});
    psql.waitForFinished(-1);
    const double psqlSeconds = now() - psqlStart;
    if (psql.exitCode() != 0) {
        std::fprintf(stderr, "psql failed: %s\n", psql.readAllStandardError().constData());
        return 1;
    }
    truncate(db);
    const double sinkSeconds = ingest(writer, 0, compareRows, 50'000, false);
    std::printf("1. Ingest of %lld heart-rate rows into health_samples (primary key (user, metric, ts)):\n"
                "   psql \\copy      %8.0f rows/s  (%.2f s)\n"
                "   store sink      %8.0f rows/s  (%.2f s; COPY + positions, one transaction per 50,000 rows)\n"
                "   sink / psql     %7.0f %%\n\n",
                compareRows, compareRows / psqlSeconds, psqlSeconds, compareRows / sinkSeconds, sinkSeconds,
                100.0 * psqlSeconds / sinkSeconds);

    // 2. Fill to `rows` through the sink, then time the query the console runs for a user's chart.
    const double fillSeconds = ingest(writer, compareRows, rows, 50'000, true);
    {
        pqxx::work tx(db);
        tx.exec("ANALYZE health_samples");
        tx.commit();
    }
    const long long secondsSpan = rows / 10 / kUsers * 10;
    const TimestampUs end = kT0 + secondsSpan * kUsPerSecond;
    std::mt19937 rng(3);
    std::vector<double> ms;
    std::size_t points = 0;
    for (int q = 0; q < queries; ++q) {
        const std::string user = QString::asprintf("u%06d", int(rng() % kUsers)).toStdString();
        const double start = now();
        points += metricSeries(db, user, Metric::HeartRate, end - 15 * 60 * kUsPerSecond, end, 0).size();
        ms.push_back((now() - start) * 1e3);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("2. \"The last 15 minutes of one user's heart rate\" with %lld rows in the table (%d users, 1 Hz;\n"
                "   filled through the sink at %.0f rows/s): %d queries, %.0f rows each\n"
                "   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms\n",
                rows, kUsers, double(rows - compareRows) / fillSeconds, queries, double(points) / queries,
                ms[ms.size() / 2], ms[std::size_t(ms.size() * 0.9)], ms[std::size_t(ms.size() * 0.99)], ms.back());
    return 0;
}
