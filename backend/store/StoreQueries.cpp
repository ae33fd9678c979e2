#include "backend/store/StoreQueries.h"

#include <pqxx/pqxx>

namespace nexus::store {

namespace {
// Microseconds since the epoch to timestamptz and back, exactly (extract returns numeric).
constexpr const char* kToTs = "to_timestamp(%::bigint / 1e6)";
std::string toTs(const char* param)
{
    std::string s = kToTs;
    s.replace(s.find('%'), 1, param);
    return s;
}
const std::string kUsOf = "(extract(epoch from %s) * 1000000)::bigint";
std::string usOf(const std::string& column)
{
    std::string s = kUsOf;
    s.replace(s.find("%s"), 2, column);
    return s;
}
} // namespace

std::map<std::int32_t, std::int64_t> storedPositions(pqxx::connection& c, const std::string& group,
                                                     const std::string& topic)
{
    pqxx::read_transaction tx(c);
    std::map<std::int32_t, std::int64_t> out;
    for (const auto& row : tx.exec_params("SELECT partition, next_offset FROM consumer_offsets "
                                          "WHERE consumer_group = $1 AND topic = $2",
                                          group, topic))
        out[row[0].as<std::int32_t>()] = row[1].as<std::int64_t>();
    return out;
}

std::vector<SeriesPoint> metricSeries(pqxx::connection& c, const std::string& userId, Metric metric, TimestampUs fromUs,
                                      TimestampUs toUs, int maxPoints)
{
    pqxx::read_transaction tx(c);
    std::vector<SeriesPoint> out;
    const std::string range = "user_id = $1 AND metric = $2 AND ts >= " + toTs("$3") + " AND ts < " + toTs("$4");
    if (maxPoints <= 0) {
        for (const auto& row : tx.exec_params("SELECT " + usOf("ts") + ", value FROM health_samples WHERE " + range +
                                                  " ORDER BY ts",
                                              userId, std::int16_t(metric), fromUs, toUs)) {
            const double v = row[1].as<double>();
            out.push_back({row[0].as<TimestampUs>(), v, v, v, 1});
        }
        return out;
    }
    const TimestampUs width = std::max<TimestampUs>(1, (toUs - fromUs + maxPoints - 1) / maxPoints);
    const std::string sql = "SELECT $3::bigint + b * $5::bigint, avg(value), min(value), max(value), count(*) FROM ("
                            " SELECT (" + usOf("ts") + " - $3::bigint) / $5::bigint AS b, value"
                            " FROM health_samples WHERE " + range + ") s GROUP BY b ORDER BY b";
    for (const auto& row : tx.exec_params(sql, userId, std::int16_t(metric), fromUs, toUs, width))
        out.push_back({row[0].as<TimestampUs>(), row[1].as<double>(), row[2].as<double>(), row[3].as<double>(),
                       row[4].as<std::int64_t>()});
    return out;
}

std::optional<std::string> latestTwin(pqxx::connection& c, const std::string& userId)
{
    pqxx::read_transaction tx(c);
    const pqxx::result r = tx.exec_params("SELECT summary::text FROM twin_latest WHERE user_id = $1", userId);
    if (r.empty())
        return std::nullopt;
    return r[0][0].as<std::string>();
}

void saveLatestTwin(pqxx::connection& c, const std::string& userId, TimestampUs eventTimeUs, const std::string& json)
{
    pqxx::work tx(c);
    tx.exec_params("INSERT INTO twin_latest (user_id, event_time, summary) VALUES ($1, " + toTs("$2") +
                       ", $3::jsonb) ON CONFLICT (user_id) DO UPDATE SET event_time = excluded.event_time, "
                       "summary = excluded.summary, updated_at = now() "
                       "WHERE twin_latest.event_time <= excluded.event_time",
                   userId, eventTimeUs, json);
    tx.commit();
}

std::vector<TwinDayRow> twinHistory(pqxx::connection& c, const std::string& userId, DayNumber fromDay, DayNumber toDay)
{
    pqxx::read_transaction tx(c);
    std::vector<TwinDayRow> out;
    for (const auto& row : tx.exec_params(
             "SELECT day - date '1970-01-01', coalesce(load, 'NaN'), coalesce(ctl, 'NaN'), coalesce(atl, 'NaN'), "
             "coalesce(tsb, 'NaN'), coalesce(readiness, 'NaN'), coalesce(recovery, 'NaN'), coalesce(energy, 'NaN'), "
             "coalesce(acwr_ewma, 'NaN'), coalesce(rmssd, 'NaN'), coalesce(rhr, 'NaN') "
             "FROM twin_daily WHERE user_id = $1 AND day BETWEEN date '1970-01-01' + $2::int AND date '1970-01-01' + $3::int "
             "ORDER BY day",
             userId, fromDay, toDay))
        out.push_back({row[0].as<DayNumber>(), row[1].as<double>(), row[2].as<double>(), row[3].as<double>(),
                       row[4].as<double>(), row[5].as<double>(), row[6].as<double>(), row[7].as<double>(),
                       row[8].as<double>(), row[9].as<double>(), row[10].as<double>()});
    return out;
}

std::vector<AlertRow> openAlerts(pqxx::connection& c, int limit)
{
    pqxx::read_transaction tx(c);
    std::vector<AlertRow> out;
    for (const auto& row : tx.exec_params("SELECT alert_id, coalesce(episode_key, ''), user_id, detector, severity, " +
                                              usOf("opened_at") +
                                              ", coalesce(acked_by, '') FROM alerts WHERE state = 'open' "
                                              "ORDER BY opened_at DESC, alert_id DESC LIMIT $1",
                                          limit))
        out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                       row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<TimestampUs>(),
                       row[6].as<std::string>()});
    return out;
}

AckResult acknowledgeAlert(pqxx::connection& c, const std::string& episodeKey, const std::string& who)
{
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        "UPDATE alerts SET acked_by = $2, acked_at = now() WHERE episode_key = $1 AND acked_by IS NULL", episodeKey,
        who);
    const bool exists = r.affected_rows() == 1 ||
                        !tx.exec_params("SELECT 1 FROM alerts WHERE episode_key = $1", episodeKey).empty();
    tx.commit();
    return r.affected_rows() == 1 ? AckResult::Acknowledged
                                  : exists ? AckResult::AlreadyAcknowledged : AckResult::NotStored;
}

std::vector<std::pair<std::string, std::string>> findUsers(pqxx::connection& c, const std::string& text, int limit)
{
    pqxx::read_transaction tx(c);
    std::vector<std::pair<std::string, std::string>> out;
    const std::string pattern = "%" + tx.esc_like(text) + "%";
    for (const auto& row : tx.exec_params("SELECT user_id, coalesce(max(display_name), '') FROM ("
                                          " SELECT user_id, display_name FROM users"
                                          " WHERE user_id ILIKE $1 OR display_name ILIKE $1"
                                          " UNION ALL SELECT user_id, NULL FROM twin_latest WHERE user_id ILIKE $1"
                                          ") known GROUP BY user_id ORDER BY user_id LIMIT $2",
                                          pattern, limit))
        out.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
    return out;
}

bool userKnown(pqxx::connection& c, const std::string& userId)
{
    pqxx::read_transaction tx(c);
    return tx.exec_params1("SELECT EXISTS (SELECT 1 FROM users WHERE user_id = $1) OR "
                           "EXISTS (SELECT 1 FROM twin_latest WHERE user_id = $1) OR "
                           "EXISTS (SELECT 1 FROM twin_daily WHERE user_id = $1) OR "
                           "EXISTS (SELECT 1 FROM health_samples WHERE user_id = $1)",
                           userId)[0]
        .as<bool>();
}

void saveSnapshot(pqxx::connection& c, const std::string& group, const KafkaPosition& position, int format, int twins,
                  const std::string& state)
{
    pqxx::work tx(c);
    const pqxx::binarystring bytes(state);
    tx.exec_params("INSERT INTO twin_snapshots (consumer_group, topic, partition, next_offset, format, twins, state) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (consumer_group, topic, partition) DO UPDATE "
                   "SET next_offset = excluded.next_offset, format = excluded.format, twins = excluded.twins, "
                   "state = excluded.state, saved_at = now()",
                   group, position.topic, position.partition, position.nextOffset, format, twins, bytes);
    tx.commit();
}

std::optional<TwinSnapshot> loadSnapshot(pqxx::connection& c, const std::string& group, const std::string& topic,
                                         std::int32_t partition)
{
    pqxx::read_transaction tx(c);
    const pqxx::result r = tx.exec_params("SELECT next_offset, format, twins, state FROM twin_snapshots "
                                          "WHERE consumer_group = $1 AND topic = $2 AND partition = $3",
                                          group, topic, partition);
    if (r.empty())
        return std::nullopt;
    const pqxx::binarystring bytes(r[0][3]);
    return TwinSnapshot{r[0][0].as<std::int64_t>(), r[0][1].as<int>(), r[0][2].as<int>(), bytes.str()};
}

} // namespace nexus::store
