#include "backend/store/AlertRows.h"

#include "backend/store/PgTime.h"

#include <pqxx/pqxx>

#include <optional>

namespace nexus::store {

void upsertAlerts(pqxx::work& tx, const std::vector<StoredAlertMessage>& messages)
{
    for (const StoredAlertMessage& m : messages) {
        const AlertEvent& a = m.alert;
        const bool closed = a.state == AlertState::Closed;
        const std::optional<std::string> closedAt =
            closed ? std::optional<std::string>(pgtime::timestamp(a.endUs)) : std::nullopt;
        tx.exec_params("INSERT INTO alerts (episode_key, user_id, detector, severity, state, opened_at, closed_at, "
                       "evidence) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::jsonb) "
                       "ON CONFLICT (episode_key) DO UPDATE SET severity = excluded.severity, "
                       "state = CASE WHEN alerts.state = 'closed' THEN 'closed' ELSE excluded.state END, "
                       "closed_at = COALESCE(alerts.closed_at, excluded.closed_at), evidence = excluded.evidence "
                       "WHERE alerts.state <> 'closed'",
                       a.alertId, a.userId, a.detector, nameOf(a.severity), closed ? "closed" : "open",
                       pgtime::timestamp(a.startUs), closedAt, m.json);
    }
}

} // namespace nexus::store
