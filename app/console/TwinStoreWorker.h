#pragma once

#include "models/twin/TwinLookup.h"

#include <QObject>

#include <pqxx/connection> // a typedef in libpqxx 6.4: cannot be forward-declared

#include <memory>
#include <string>

namespace nexus {

/// The Twins workspace's reads from the store, on the thread the worker lives on (the
/// TwinController's): one libpqxx connection, opened on first use, reopened when the connection
/// string changes or the server dropped it, so the GUI thread never waits on PostgreSQL. Every
/// call answers with one signal (the controller connects them queued).
class TwinStoreWorker : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSearchLimit = 20;
    /// The history read with a twin: this many days up to the twin's current day.
    static constexpr int kHistoryDays = 180;

    TwinStoreWorker();
    ~TwinStoreWorker() override;

    /// Worker thread. Users whose id or name contains `text`; answers with usersFound().
    void search(quint64 request, const QString& connection, const QString& text);
    /// Worker thread. `userId`'s latest twin and history; answers with twinLoaded().
    void load(quint64 request, const QString& connection, const QString& userId);
    /// Worker thread. Closes the connection (before the store goes away).
    void release();

signals:
    /// `error` is empty when the search ran.
    void usersFound(quint64 request, const QString& text, const std::vector<nexus::UserMatch>& users,
                    const QString& error);
    void twinLoaded(quint64 request, const nexus::TwinLookup& lookup);

private:
    /// Runs `read` on the connection to `connection`; a connection that was already open and fails
    /// is reopened and `read` tried once more (the server may have restarted since). Throws what
    /// the last try threw.
    template <typename Read> void withConnection(const QString& connection, Read read);
    TwinLookup lookUp(pqxx::connection& db, const std::string& userId) const;

    std::string m_connectionString;
    std::unique_ptr<pqxx::connection> m_db;
};

} // namespace nexus
