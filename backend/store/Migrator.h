#pragma once

#include <pqxx/connection>

#include <string>
#include <vector>


namespace nexus::store {

/// A numbered schema change: resources/sql/NNN_name.sql, compiled into the binary.
struct Migration
{
    int version = 0;
    std::string name;
    std::string sql;
};

/// The migrations this binary knows, in version order.
std::vector<Migration> knownMigrations();

struct MigrationResult
{
    bool ok = false;
    int fromVersion = 0;   ///< the database's version before (0: empty)
    int toVersion = 0;
    std::vector<int> applied;
    std::string error;
};

/// Brings the database to the newest known schema: every pending migration in one transaction,
/// each recorded in schema_migrations; concurrent starters serialize on an advisory lock. Refuses
/// (ok = false) a database whose schema is newer than this binary knows — an older binary must
/// not write into tables it does not understand. Thread: the connection's.
MigrationResult migrate(pqxx::connection& connection);
MigrationResult migrate(pqxx::connection& connection, const std::vector<Migration>& migrations);

} // namespace nexus::store
