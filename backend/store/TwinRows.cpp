#include "backend/store/TwinRows.h"

#include "backend/codec/TwinUpdateCodec.h"
#include "backend/store/PgTime.h"

#include <pqxx/pqxx>

#include <optional>

namespace nexus::store {

namespace {
/// NULL for a value the twin does not have yet.
std::optional<double> orNull(double v)
{
    return hasValue(v) ? std::optional<double>(v) : std::nullopt;
}
} // namespace

void upsertLatestTwins(pqxx::work& tx, const std::vector<LatestTwin>& twins)
{
    for (const LatestTwin& t : twins)
        tx.exec_params("INSERT INTO twin_latest (user_id, event_time, summary) VALUES ($1, $2::timestamptz, $3::jsonb) "
                       "ON CONFLICT (user_id) DO UPDATE SET event_time = excluded.event_time, "
                       "summary = excluded.summary, updated_at = now() "
                       "WHERE twin_latest.event_time <= excluded.event_time",
                       t.userId, pgtime::timestamp(t.eventTimeUs), t.json);
}

void upsertTwinDays(pqxx::work& tx, const std::vector<ClosedTwinDay>& days)
{
    for (const ClosedTwinDay& c : days) {
        const TwinDay& d = c.day;
        tx.exec_params("INSERT INTO twin_daily (user_id, day, load, trimp, ctl, atl, tsb, acwr_ewma, rmssd, "
                       "hrv_baseline, rhr, readiness, recovery, energy, contributions) VALUES "
                       "($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb) "
                       "ON CONFLICT (user_id, day) DO UPDATE SET load = excluded.load, trimp = excluded.trimp, "
                       "ctl = excluded.ctl, atl = excluded.atl, tsb = excluded.tsb, acwr_ewma = excluded.acwr_ewma, "
                       "rmssd = excluded.rmssd, hrv_baseline = excluded.hrv_baseline, rhr = excluded.rhr, "
                       "readiness = excluded.readiness, recovery = excluded.recovery, energy = excluded.energy, "
                       "contributions = excluded.contributions, computed_at = now()",
                       c.userId, calendar::isoDate(d.day), d.load, d.trimp, d.ctl, d.atl, d.tsb, orNull(d.acwrEwma),
                       orNull(d.rmssd), orNull(d.hrvBaseline), orNull(d.rhr), double(d.readiness.value),
                       double(d.recovery.value), double(d.energy.value), contributionsJson(d));
    }
}

std::string contributionsJson(const TwinDay& day)
{
    std::string out = "{\"readiness\":";
    twincodec::appendContributions(out, day.readiness);
    out += ",\"recovery\":";
    twincodec::appendContributions(out, day.recovery);
    out += ",\"energy\":";
    twincodec::appendContributions(out, day.energy);
    out += '}';
    return out;
}

} // namespace nexus::store
