#pragma once

#include "models/events/Alert.h"

#include <pqxx/transaction>

#include <string>
#include <vector>

/// Alerts in the store: one row per episode (alerts.episode_key = the alert id), inserted when it
/// opens and updated by its later messages, written inside the caller's transaction.
namespace nexus::store {

struct StoredAlertMessage
{
    AlertEvent alert;
    std::string json; ///< the message as published on `alerts`; kept as the row's evidence
};

/// Upserts each message's episode. A re-delivered or older message never reopens a closed
/// episode; acknowledgements (acked_by/acked_at) are never touched here.
void upsertAlerts(pqxx::work& tx, const std::vector<StoredAlertMessage>& messages);

} // namespace nexus::store
