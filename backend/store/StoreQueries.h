#pragma once

#include <pqxx/connection>

#include "backend/store/SampleWriter.h"
#include "models/core/Time.h"
#include "models/twin/CalendarDay.h"

#include <map>
#include <optional>
#include <string>
#include <vector>


/// The reads the console needs, each one query. Thread: the connection's.
namespace nexus::store {

/// One point of a downsampled series: the bucket's start and its mean, min and max.
struct SeriesPoint
{
    TimestampUs tsUs = 0;
    double mean = 0.0;
    double min = 0.0;
    double max = 0.0;
    std::int64_t count = 0;
};

/// The positions a consumer group stored for `topic` with its samples: partition → next offset.
std::map<std::int32_t, std::int64_t> storedPositions(pqxx::connection& c, const std::string& group,
                                                     const std::string& topic);

/// A user's metric over [fromUs, toUs), in at most `maxPoints` equal time buckets computed by the
/// server (empty buckets are left out). maxPoints 0: every sample, unbucketed.
std::vector<SeriesPoint> metricSeries(pqxx::connection& c, const std::string& userId, Metric metric, TimestampUs fromUs,
                                      TimestampUs toUs, int maxPoints);

/// The latest twin-update JSON stored for a user.
std::optional<std::string> latestTwin(pqxx::connection& c, const std::string& userId);
/// Stores a twin-update JSON as the user's latest (newer event time wins).
void saveLatestTwin(pqxx::connection& c, const std::string& userId, TimestampUs eventTimeUs, const std::string& json);

/// One closed day of a user's twin; a value the twin did not have that day is NaN (kNoValue).
struct TwinDayRow
{
    DayNumber day = 0;
    double load = 0, ctl = 0, atl = 0, tsb = 0, readiness = 0, recovery = 0, energy = 0;
    double acwrEwma = 0, rmssd = 0, rhr = 0; ///< ratio; ms; bpm
};
/// The daily twin history of a user over [fromDay, toDay], oldest first.
std::vector<TwinDayRow> twinHistory(pqxx::connection& c, const std::string& userId, DayNumber fromDay, DayNumber toDay);

struct AlertRow
{
    std::int64_t id = 0;
    std::string episodeKey; ///< the alert id on the alerts topic ("detector:user:startUs")
    std::string userId, detector, severity;
    TimestampUs openedUs = 0;
    std::string ackedBy; ///< empty: not acknowledged
};
/// Open alerts, newest first.
std::vector<AlertRow> openAlerts(pqxx::connection& c, int limit);
enum class AckResult { Acknowledged, AlreadyAcknowledged, NotStored };
/// Records who acknowledged an alert episode (its alert id on the alerts topic), and when (the
/// server's clock). An alert keeps its first acknowledgement. NotStored: the store has no such
/// episode (yet: the writer stores alerts a moment after they are published).
AckResult acknowledgeAlert(pqxx::connection& c, const std::string& episodeKey, const std::string& who);

/// Users whose id or display name contains `text` (case-insensitive), by id: the registered ones
/// (users) and those known only by their twin (twin_latest; the simulator registers nobody).
std::vector<std::pair<std::string, std::string>> findUsers(pqxx::connection& c, const std::string& text, int limit);
/// Whether the store knows `userId` at all: registered, or with a twin, twin history or samples.
bool userKnown(pqxx::connection& c, const std::string& userId);

/// Per-partition twin state: the processor's snapshot and the offset it covers up to.
struct TwinSnapshot
{
    std::int64_t nextOffset = 0;
    int format = 0;
    int twins = 0;
    std::string state; ///< bytes
};
void saveSnapshot(pqxx::connection& c, const std::string& group, const KafkaPosition& position, int format, int twins,
                  const std::string& state);
std::optional<TwinSnapshot> loadSnapshot(pqxx::connection& c, const std::string& group, const std::string& topic,
                                         std::int32_t partition);

} // namespace nexus::store
