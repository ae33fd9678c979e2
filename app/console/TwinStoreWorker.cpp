#include "app/console/TwinStoreWorker.h"

#include "backend/codec/TwinUpdateCodec.h"
#include "backend/store/ConnectTimeout.h"
#include "backend/store/StoreQueries.h"

#include <pqxx/pqxx>

namespace nexus {

namespace {

/// A closed day as the history table reads it (the store keeps only the scores' values per day).
TwinDay dayOfRow(const store::TwinDayRow& r)
{
    TwinDay d;
    d.day = r.day;
    d.load = r.load;
    d.ctl = r.ctl;
    d.atl = r.atl;
    d.tsb = r.tsb;
    d.acwrEwma = r.acwrEwma;
    d.rmssd = r.rmssd;
    d.rhr = r.rhr;
    d.readiness.value = float(r.readiness);
    d.recovery.value = float(r.recovery);
    d.energy.value = float(r.energy);
    return d;
}

} // namespace

namespace {
constexpr int kConnectTimeoutMs = 5000;
} // namespace

TwinStoreWorker::TwinStoreWorker() = default;

TwinStoreWorker::~TwinStoreWorker() = default;

template <typename Read> void TwinStoreWorker::withConnection(const QString& connection, Read read)
{
    // A server that silently drops packets fails the lookup within seconds instead of hanging it
    // (and the console's close, which waits for this thread).
    const std::string wanted = store::withConnectTimeout(connection.toStdString(), kConnectTimeoutMs);
    if (wanted != m_connectionString)
        m_db.reset();
    m_connectionString = wanted;
    const bool reused = m_db != nullptr;
    try {
        if (!m_db)
            m_db = std::make_unique<pqxx::connection>(m_connectionString);
        read(*m_db);
        return;
    } catch (const std::exception&) {
        m_db.reset();
        if (!reused)
            throw;
    }
    m_db = std::make_unique<pqxx::connection>(m_connectionString);
    read(*m_db);
}

void TwinStoreWorker::search(quint64 request, const QString& connection, const QString& text)
{
    std::vector<UserMatch> users;
    QString error;
    try {
        withConnection(connection, [&](pqxx::connection& db) {
            users.clear();
            for (auto& [id, name] : store::findUsers(db, text.toStdString(), kSearchLimit))
                users.push_back({std::move(id), std::move(name)});
        });
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what()).simplified(); // libpq writes several indented lines
    }
    emit usersFound(request, text, users, error);
}

void TwinStoreWorker::load(quint64 request, const QString& connection, const QString& userId)
{
    TwinLookup lookup;
    try {
        withConnection(connection, [&](pqxx::connection& db) { lookup = lookUp(db, userId.toStdString()); });
    } catch (const std::exception& e) {
        lookup = {};
        lookup.userId = userId.toStdString();
        lookup.outcome = TwinLookup::Outcome::StoreError;
        lookup.error = QString::fromUtf8(e.what()).simplified().toStdString();
    }
    emit twinLoaded(request, lookup);
}

void TwinStoreWorker::release()
{
    m_db.reset();
}

TwinLookup TwinStoreWorker::lookUp(pqxx::connection& db, const std::string& userId) const
{
    TwinLookup lookup;
    lookup.userId = userId;
    const std::optional<std::string> json = store::latestTwin(db, userId);
    DayNumber lastDay = dayOf(wallClockUs()); // without a twin: the history up to today
    if (json) {
        const DecodeError error = twincodec::decode(*json, lookup.latest);
        if (!error.ok()) {
            lookup.outcome = TwinLookup::Outcome::StoreError;
            lookup.error = "the stored twin does not decode (" + error.reason + "): " + error.detail;
            return lookup;
        }
        lookup.outcome = TwinLookup::Outcome::Found;
        lastDay = lookup.latest.day;
    } else {
        lookup.outcome = store::userKnown(db, userId) ? TwinLookup::Outcome::NoTwinYet : TwinLookup::Outcome::NotFound;
    }
    if (lookup.outcome != TwinLookup::Outcome::NotFound)
        for (const store::TwinDayRow& row : store::twinHistory(db, userId, lastDay - kHistoryDays + 1, lastDay))
            lookup.history.push_back(dayOfRow(row));
    return lookup;
}

} // namespace nexus
