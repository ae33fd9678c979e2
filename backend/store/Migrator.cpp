#include "backend/store/Migrator.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <pqxx/pqxx>

#include <algorithm>

namespace nexus::store {

namespace {
constexpr long long kMigrationLockKey = 0x6e657875; // "nexu": one migrator at a time per database
}

std::vector<Migration> knownMigrations()
{
    static const QRegularExpression kName(QStringLiteral("^(\\d+)_(.+)\\.sql$"));
    std::vector<Migration> out;
    const QDir dir(QStringLiteral(":/nexus/sql"));
    for (const QString& file : dir.entryList(QDir::Files, QDir::Name)) {
        const auto m = kName.match(file);
        if (!m.hasMatch())
            continue;
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        out.push_back({m.captured(1).toInt(), m.captured(2).toStdString(), f.readAll().toStdString()});
    }
    std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return out;
}

MigrationResult migrate(pqxx::connection& connection) { return migrate(connection, knownMigrations()); }

MigrationResult migrate(pqxx::connection& connection, const std::vector<Migration>& migrations)
{
    MigrationResult result;
    const int newestKnown = migrations.empty() ? 0 : migrations.back().version;
    try {
        pqxx::work tx(connection, "migrate");
        tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
        tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        result.fromVersion = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
        if (result.fromVersion > newestKnown) {
            result.error = "the database's schema is version " + std::to_string(result.fromVersion) +
                           ", newer than this nexus-twin knows (" + std::to_string(newestKnown) +
                           "): use a newer nexus-twin or another database";
            return result;
        }
        result.toVersion = result.fromVersion;
        for (const Migration& m : migrations) {
            if (m.version <= result.fromVersion)
                continue;
            tx.exec(m.sql, "migration " + std::to_string(m.version));
            tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name);
            result.applied.push_back(m.version);
            result.toVersion = m.version;
        }
        tx.commit();
        result.ok = true;
    } catch (const std::exception& e) {
        result.error = std::string("migration failed, nothing applied: ") + e.what();
        result.applied.clear();
        result.toVersion = result.fromVersion;
    }
    return result;
}

} // namespace nexus::store
