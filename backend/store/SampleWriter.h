#pragma once

#include <pqxx/connection>
#include <pqxx/transaction>

#include "models/events/HealthBatch.h"
#include "models/twin/CalendarDay.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>


namespace nexus::store {

/// Where a consumer stands in one partition: the offset of the next message to read.
struct KafkaPosition
{
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t nextOffset = 0;
};

/// Metric codes of health_samples.metric (table sample_metrics).
enum class Metric : std::int16_t { HeartRate = 1, Steps = 2, SpO2 = 3, SkinTemperature = 4, RrInterval = 5 };

/// Writes health samples into health_samples with COPY (libpqxx stream_to), and in the same
/// transaction the Kafka positions the samples came up to, so that the database and the
/// consumer's resume point never disagree: after a crash the consumer resumes from the stored
/// positions (StoreQueries.h, storedPositions) and nothing is lost or stored twice. Rows are keyed (user, metric, ts); a
/// re-delivered sample is skipped, not duplicated. A sample yields a heart-rate row, and a steps
/// row when it has steps. Day partitions are created ahead as event time moves.
///
/// Thread: the connection's (one writer per connection).
class SampleWriter
{
public:
    SampleWriter(pqxx::connection& connection, std::string consumerGroup);

    struct Result
    {
        std::size_t rows = 0;        ///< rows now stored that were not before
        std::size_t duplicates = 0;  ///< rows skipped because they were already stored
        bool deduplicated = false;   ///< the batch hit stored rows and went the slower, idempotent way
    };
    /// Writes everything in `batches` and advances `positions` (never backwards) in one transaction,
    /// together with whatever `alsoInTransaction` writes. Throws pqxx exceptions on database errors
    /// (nothing of the call is then stored).
    Result write(const std::vector<HealthBatch>& batches, const std::vector<KafkaPosition>& positions,
                 const std::function<void(pqxx::work&)>& alsoInTransaction = {});

    std::size_t rowsPerSample(const HealthSample& s) const { return s.steps > 0 ? 2 : 1; }

private:
    void ensurePartitions(const std::vector<HealthBatch>& batches);
    Result copySamples(pqxx::work& tx, const std::vector<HealthBatch>& batches);

    pqxx::connection& m_connection;
    std::string m_group;
    std::set<DayNumber> m_daysReady; ///< day partitions known to exist
};

} // namespace nexus::store
