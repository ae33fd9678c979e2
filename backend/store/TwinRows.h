#pragma once

#include "models/core/Time.h"
#include "models/twin/TwinDay.h"

#include <pqxx/transaction>

#include <string>
#include <vector>

/// The twin's rows in the store: the latest published state per user (twin_latest) and one row per
/// closed day (twin_daily), written inside the caller's transaction.
namespace nexus::store {

struct LatestTwin
{
    std::string userId;
    TimestampUs eventTimeUs = 0;
    std::string json; ///< the twin-update message
};

struct ClosedTwinDay
{
    std::string userId;
    TwinDay day;
};

/// Upserts each user's latest twin; an older event time never replaces a newer one.
void upsertLatestTwins(pqxx::work& tx, const std::vector<LatestTwin>& twins);
/// Upserts closed days (a replayed day overwrites itself with the same values).
void upsertTwinDays(pqxx::work& tx, const std::vector<ClosedTwinDay>& days);

/// {"readiness":{"base":70,…},"recovery":{…},"energy":{…}}: the scores' contributions as JSON.
std::string contributionsJson(const TwinDay& day);

} // namespace nexus::store
