#include "backend/store/SampleWriter.h"

#include "backend/store/PgTime.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <tuple>

namespace nexus::store {

namespace {

const std::vector<std::string> kColumns{"user_id", "metric", "ts", "value"};
constexpr auto kHeartRate = std::int16_t(Metric::HeartRate);
constexpr auto kSteps = std::int16_t(Metric::Steps);

std::size_t copyRows(pqxx::transaction_base& tx, const std::string& table, const std::vector<HealthBatch>& batches)
{
    pqxx::stream_to stream(tx, table, kColumns);
    std::string ts;
    std::size_t rows = 0;
    for (const HealthBatch& b : batches) {
        for (const HealthSample& s : b.samples) {
            ts.clear();
            pgtime::appendTimestamp(ts, s.tsUs);
            stream << std::forward_as_tuple(b.userId, kHeartRate, ts, float(s.hrBpm));
            ++rows;
            if (s.steps > 0) {
                stream << std::forward_as_tuple(b.userId, kSteps, ts, float(s.steps));
                ++rows;
            }
        }
    }
    stream.complete();
    return rows;
}

} // namespace

SampleWriter::SampleWriter(pqxx::connection& connection, std::string consumerGroup)
    : m_connection(connection)
    , m_group(std::move(consumerGroup))
{
}

void SampleWriter::ensurePartitions(const std::vector<HealthBatch>& batches)
{
    DayNumber first = 0, last = 0;
    bool any = false, missing = false;
    for (const HealthBatch& b : batches) {
        for (const HealthSample& s : b.samples) {
            const DayNumber d = dayOf(s.tsUs);
            first = any ? std::min(first, d) : d;
            last = any ? std::max(last, d) : d;
            any = true;
            missing = missing || !m_daysReady.count(d);
        }
    }
    if (!missing)
        return;
    // One day ahead too, so the partition for midnight exists before the first sample of it.
    pqxx::nontransaction tx(m_connection);
    tx.exec_params("SELECT nexus_ensure_sample_partitions($1::date, $2::date)", calendar::isoDate(first),
                   calendar::isoDate(last + 1));
    for (DayNumber d = first; d <= last + 1; ++d)
        m_daysReady.insert(d);
}

SampleWriter::Result SampleWriter::copySamples(pqxx::work& tx, const std::vector<HealthBatch>& batches)
{
    Result result;
    try {
        // Fast path: COPY straight into the table. A row already stored (a re-delivered message)
        // violates the key and undoes only this subtransaction.
        pqxx::subtransaction direct(tx, "copy-direct");
        result.rows = copyRows(direct, "health_samples", batches);
        direct.commit();
    } catch (const pqxx::unique_violation&) {
        // Idempotent path: COPY into a scratch table, keep the rows not stored yet.
        result.deduplicated = true;
        tx.exec("CREATE TEMP TABLE IF NOT EXISTS health_samples_incoming "
                "(LIKE health_samples INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        const std::size_t incoming = copyRows(tx, "health_samples_incoming", batches);
        const pqxx::result inserted = tx.exec("INSERT INTO health_samples SELECT DISTINCT ON (user_id, metric, ts) * "
                                              "FROM health_samples_incoming ON CONFLICT DO NOTHING");
        result.rows = std::size_t(inserted.affected_rows());
        result.duplicates = incoming - result.rows;
    }
    return result;
}

SampleWriter::Result SampleWriter::write(const std::vector<HealthBatch>& batches,
                                         const std::vector<KafkaPosition>& positions,
                                         const std::function<void(pqxx::work&)>& alsoInTransaction)
{
    ensurePartitions(batches);
    Result result;
    pqxx::work tx(m_connection, "store-samples");
    if (!batches.empty())
        result = copySamples(tx, batches);
    for (const KafkaPosition& p : positions)
        tx.exec_params("INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) "
                       "VALUES ($1, $2, $3, $4) ON CONFLICT (consumer_group, topic, partition) DO UPDATE "
                       "SET next_offset = greatest(consumer_offsets.next_offset, excluded.next_offset), "
                       "updated_at = now()",
                       m_group, p.topic, p.partition, p.nextOffset);
    if (alsoInTransaction)
        alsoInTransaction(tx);
    tx.commit();
    return result;
}

} // namespace nexus::store
