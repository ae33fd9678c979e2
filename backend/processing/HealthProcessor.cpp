#include "backend/processing/HealthProcessor.h"

#include "backend/analysis/HealthAnalyzer.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/codec/AlertCodec.h"
#include "backend/codec/HealthBatchCodec.h"
#include "backend/codec/TwinUpdateCodec.h"
#include "backend/processing/DeadLetters.h"
#include "backend/processing/PartitionSnapshots.h"
#include "backend/processing/PartitionState.h"
#include "backend/processing/TwinTable.h"
#include "models/events/Topics.h"

#include <QLoggingCategory>

#include <set>

#include <pthread.h>

namespace nexus {

Q_LOGGING_CATEGORY(lcProcessor, "nexus.processor")

namespace {
constexpr std::size_t kBatchSize = 2000;
constexpr int kPollTimeoutMs = 50;
constexpr std::int64_t kSharePeriodUs = 250 * kUsPerMs;
constexpr int kCommittedTimeoutMs = 5000;

/// A partition's twins and their users' detectors, as a snapshot's bytes (PartitionState).
std::string savePartitionState(const TwinTable& table, const HealthAnalyzer& analyzer, std::int32_t partition,
                               int& twins)
{
    PartitionState state;
    state.twins = table.savePartition(partition, &twins);
    // A user has a twin once a batch was applied, and the same batch went to the detectors.
    for (std::string& user : table.usersOf(partition)) {
        std::string blob;
        if (analyzer.saveUserState(user, blob))
            state.detectors.emplace_back(std::move(user), std::move(blob));
    }
    return encodePartitionState(state);
}

/// Restores a snapshot's twins into `table` and detectors into `analyzer`; false when this build
/// cannot read its bytes. A user's detector blob from another build leaves that user's detectors fresh.
bool restorePartitionState(std::string_view bytes, TwinTable& table, HealthAnalyzer& analyzer, std::int32_t partition)
{
    PartitionState state;
    if (!decodePartitionState(bytes, state) || !table.restorePartition(partition, state.twins))
        return false;
    int refused = 0;
    for (const auto& [user, blob] : state.detectors)
        if (!analyzer.restoreUserState(user, blob)) {
            analyzer.forgetUser(user);
            ++refused;
        }
    if (refused > 0)
        qCWarning(lcProcessor,
                  "health-metrics[%d]: %d users' detector state was written by another build; their "
                  "detectors start afresh",
                  partition, refused);
    return true;
}

} // namespace

HealthProcessor::HealthProcessor(BusSettings settings, ProcessorOptions options)
    : m_settings(std::move(settings)), m_options(std::move(options)), m_malformed(lcProcessor, "malformed message")
{
}

HealthProcessor::~HealthProcessor() { stop(); }

bool HealthProcessor::start(std::string& error)
{
    return m_worker.create(m_settings, m_options.groupId, error) &&
           m_worker.start({std::string(topics::kHealthMetrics)}, [this] { run(); }, error);
}

void HealthProcessor::stop() { m_worker.stop(); }

ProcessorStats HealthProcessor::stats() const
{
    ProcessorStats s;
    {
        std::lock_guard lock(m_mutex);
        s = m_shared;
    }
    s.batches = m_batches.load(std::memory_order_relaxed);
    s.samples = m_samples.load(std::memory_order_relaxed);
    s.duplicateSamples = m_duplicates.load(std::memory_order_relaxed);
    s.lateSamples = m_lateSamples.load(std::memory_order_relaxed);
    s.tooLateSamples = m_tooLateSamples.load(std::memory_order_relaxed);
    s.tooLateMessages = m_tooLateMessages.load(std::memory_order_relaxed);
    s.malformed = m_malformed.total();
    s.malformedByReason = m_malformed.byReason();
    s.lostMessages = m_lost.load(std::memory_order_relaxed);
    s.twinUpdates = m_twinUpdates.load(std::memory_order_relaxed);
    s.alertsOpened = m_alertsOpened.load(std::memory_order_relaxed);
    s.alertMessages = m_alertMessages.load(std::memory_order_relaxed);
    s.deadLetters = m_deadLetters.load(std::memory_order_relaxed);
    return s;
}

void HealthProcessor::sendToDeadLetters(const rd_kafka_message_t& m, const std::string& reason,
                                        const std::string& detail, std::string& buffer)
{
    if (sendDeadLetter(m_worker.producer(), m, reason, detail, buffer))
        m_deadLetters.fetch_add(1, std::memory_order_relaxed);
    else
        qCWarning(lcProcessor, "cannot publish dead letter: %s", m_worker.producer().lastError().c_str());
}

void HealthProcessor::reportTooLate(const rd_kafka_message_t& m, const HealthBatch& batch, const TwinTable& table,
                                    std::string& buffer)
{
    const TwinSummary* twin = table.find(batch.userId);
    TimestampUs newest = 0;
    for (const HealthSample& s : batch.samples)
        newest = std::max(newest, s.tsUs);
    const auto minutes = [](DurationUs us) { return std::to_string(us / (60 * kUsPerSecond)); };
    const std::string detail = "its newest reading is " + minutes(twin ? twin->lastEventUs - newest : 0) +
                               " min older than the user's newest; lateness allows " +
                               minutes(m_options.allowedLatenessUs) + " min";
    const std::uint64_t n = m_tooLateMessages.fetch_add(1, std::memory_order_relaxed) + 1;
    if (n <= 10 || n % 1000 == 0)
        qCWarning(lcProcessor, "upload too late for the twin at %s (#%llu): %s", describeMessage(m).c_str(),
                  static_cast<unsigned long long>(n), detail.c_str());
    sendToDeadLetters(m, "late", detail, buffer);
}

void HealthProcessor::publishAlerts(const std::vector<AlertEvent>& alerts, std::string& buffer)
{
    for (const AlertEvent& a : alerts) {
        alertcodec::encode(a, buffer);
        if (m_options.onAlert)
            m_options.onAlert(a, buffer);
        if (!m_worker.producer().produce(topics::kAlerts, a.userId, buffer)) {
            qCWarning(lcProcessor, "cannot publish alert: %s", m_worker.producer().lastError().c_str());
            continue;
        }
        m_alertMessages.fetch_add(1, std::memory_order_relaxed);
        if (a.state == AlertState::Open)
            m_alertsOpened.fetch_add(1, std::memory_order_relaxed);
    }
}

std::vector<std::int64_t> HealthProcessor::startOffsets() const
{
    std::vector<std::int64_t> start;
    for (const auto& [partition, committed] : m_worker.consumer().committedOffsets(kCommittedTimeoutMs)) {
        if (partition < 0)
            continue;
        if (std::size_t(partition) >= start.size())
            start.resize(std::size_t(partition) + 1, -1);
        const auto resume = m_resumeAt.find(partition); // where a restored snapshot made us start
        if (resume != m_resumeAt.end() && resume->second >= 0)
            start[std::size_t(partition)] = resume->second;
        else
            start[std::size_t(partition)] = committed >= 0 ? committed : (m_options.topicsStartEmpty ? 0 : -1);
    }
    return start;
}

void HealthProcessor::countGap(std::vector<std::int64_t>& nextOffset, const rd_kafka_message_t& m)
{
    const auto p = std::size_t(std::max<std::int32_t>(0, m.partition));
    if (p >= nextOffset.size())
        nextOffset.resize(p + 1, -1);
    std::int64_t& expected = nextOffset[p];
    if (expected >= 0 && m.offset > expected) {
        const std::uint64_t lost = std::uint64_t(m.offset - expected);
        const std::uint64_t total = m_lost.fetch_add(lost, std::memory_order_relaxed) + lost;
        qCWarning(lcProcessor, "lost %llu messages on %s: the bus dropped them before they were read (%llu lost in all)",
                  static_cast<unsigned long long>(lost), describeMessage(m).c_str(), static_cast<unsigned long long>(total));
    }
    expected = m.offset + 1;
}

void HealthProcessor::publishShared(const TwinTable& table)
{
    std::vector<TwinSummary> top = table.mostActive(m_options.mostActiveCount);
    const std::int64_t lag = m_worker.consumer().lag();
    std::vector<std::int32_t> partitions; // the assignment as librdkafka holds it (no network)
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    if (!rd_kafka_assignment(m_worker.consumer().handle(), &assigned) && assigned) {
        for (int i = 0; i < assigned->cnt; ++i)
            partitions.push_back(assigned->elems[i].partition);
        rd_kafka_topic_partition_list_destroy(assigned);
    }
    std::lock_guard lock(m_mutex);
    m_shared.mostActive = std::move(top);
    m_shared.usersTracked = table.size();
    m_shared.lag = lag;
    m_shared.partitions = std::move(partitions);
    m_shared.reportedAtUs = wallClockUs();
}

void HealthProcessor::run()
{
    pthread_setname_np(pthread_self(), "nx-processor"); // for top -H and perf
    TwinTable table(m_options.twinUpdateInterval, {}, m_options.allowedLatenessUs);
    // The detectors' state is per user like the twins': a revoked partition's users leave both,
    // and its snapshot carries both to the next owner.
    HealthAnalyzer analyzer;
    std::vector<AlertEvent> alerts;
    HealthBatchDecoder decoder;
    HealthBatch batch;
    std::vector<std::int64_t> latencies; // of the current batch, moved into m_shared per batch
    std::string encoded;
    std::vector<KafkaMessagePtr> messages;
    std::int64_t lastShareUs = 0;
    // Next expected offset per partition of health-metrics: a jump means the bus dropped
    // messages before we read them. Re-read on rebalance (another member may have moved on).
    std::vector<std::int64_t> nextOffset;
    std::uint64_t generation = 0;

    // Per-partition twin snapshots through the store, when there is one.
    std::unique_ptr<PartitionSnapshots> snapshots;
    std::set<std::int32_t> changed; // partitions with twins changed since their last snapshot
    std::int64_t lastSnapshotUs = steadyClockUs();
    if (!m_options.storeConnection.empty()) {
        try {
            snapshots = std::make_unique<PartitionSnapshots>(m_options.storeConnection, m_options.groupId,
                                                             std::string(topics::kHealthMetrics), kPartitionStateFormat,
                                                             m_options.resumeFromStore);
        } catch (const std::exception& e) {
            qCWarning(lcProcessor, "no twin snapshots (cannot connect to the store): %s", e.what());
        }
    }
    const auto saveSnapshot = [&](std::int32_t partition) {
        // nextOffset: the offset after the last message read from the partition (applied or skipped).
        if (snapshots && std::size_t(partition) < nextOffset.size() && nextOffset[std::size_t(partition)] >= 0) {
            int twins = 0;
            const std::string state = savePartitionState(table, analyzer, partition, twins);
            snapshots->save(partition, nextOffset[std::size_t(partition)], twins, state);
        }
    };
    if (snapshots)
        m_worker.consumer().setRebalanceHooks({
            [&](const char*, std::int32_t partition) {
                const PartitionSnapshots::Restored restored =
                    snapshots->restore(partition, [&](std::string_view bytes) {
                        return restorePartitionState(bytes, table, analyzer, partition);
                    });
                m_resumeAt[partition] = restored.resumeAt;
                m_appliedUntil[partition] = restored.appliedUntil;
                return restored.resumeAt;
            },
            [&](const char*, std::int32_t partition) {
                if (changed.erase(partition) > 0) // unchanged twins are in the store already
                    saveSnapshot(partition);
                m_appliedUntil.erase(partition);
                // Its next owner restores the twins from the snapshot.
                for (const std::string& user : table.dropPartition(partition))
                    analyzer.forgetUser(user);
            },
        });

    while (!m_worker.stopping()) {
        m_worker.consumer().consumeBatch(messages, kBatchSize, kPollTimeoutMs);
        const TimestampUs nowUs = wallClockUs();
        if (m_worker.consumer().assignmentGeneration() != generation) {
            generation = m_worker.consumer().assignmentGeneration();
            nextOffset = startOffsets();
        }
        for (const KafkaMessagePtr& m : messages) {
            if (m->err) {
                if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                    qCWarning(lcProcessor, "consumer error at %s: %s", describeMessage(*m).c_str(),
                              rd_kafka_message_errstr(m.get()));
                continue;
            }
            countGap(nextOffset, *m);
            const std::string_view payload(static_cast<const char*>(m->payload), m->len);
            if (DecodeError err = decoder.decode(payload, batch); !err.ok()) {
                m_malformed.count(err.reason, err.detail, *m);
                sendToDeadLetters(*m, err.reason, err.detail, encoded);
                // The key is the user: the gap this lost upload leaves is no sensor dropout.
                if (m->key && m->key_len > 0)
                    analyzer.noteLostUpload(std::string(static_cast<const char*>(m->key), m->key_len));
                continue;
            }
            m_batches.fetch_add(1, std::memory_order_relaxed);
            if (m_options.onBatch)
                m_options.onBatch(batch, m->partition, m->offset);
            if (const auto covered = m_appliedUntil.find(m->partition);
                covered != m_appliedUntil.end() && m->offset < covered->second)
                continue; // in the restored twins and detectors already; replayed for the store
            latencies.push_back(nowUs - batch.sentAtUs);
            const TwinTable::ApplyResult r = table.apply(batch, m->partition);
            if (snapshots)
                changed.insert(m->partition);
            m_samples.fetch_add(r.applied, std::memory_order_relaxed);
            m_duplicates.fetch_add(r.skipped, std::memory_order_relaxed);
            m_lateSamples.fetch_add(r.late, std::memory_order_relaxed);
            m_tooLateSamples.fetch_add(r.tooLate, std::memory_order_relaxed);
            if (r.tooLate > 0 && r.applied == 0 && r.skipped == 0) {
                reportTooLate(*m, batch, table, encoded);
                continue;
            }
            if (!r.closedDays.empty() && m_options.onDaysClosed)
                m_options.onDaysClosed(batch.userId, r.closedDays);
            alerts.clear();
            analyzer.analyze(batch, alerts);
            publishAlerts(alerts, encoded);
            if (r.due) {
                twincodec::encode(*r.due, encoded);
                if (m_options.onTwinUpdate)
                    m_options.onTwinUpdate(*r.due, encoded);
                if (m_worker.producer().produce(topics::kTwinUpdates, r.due->userId, encoded))
                    m_twinUpdates.fetch_add(1, std::memory_order_relaxed);
                else
                    qCWarning(lcProcessor, "cannot publish twin update: %s", m_worker.producer().lastError().c_str());
            }
        }
        if (!latencies.empty()) {
            // Once per batch, so the histogram keeps pace with the counters (a periodic copy
            // would miss bursts that fall between two readers' snapshots).
            std::lock_guard lock(m_mutex);
            for (const std::int64_t us : latencies)
                m_shared.endToEnd.record(us);
            latencies.clear();
        }
        m_worker.producer().poll(0);
        const std::int64_t steadyNow = steadyClockUs();
        if (steadyNow - lastShareUs >= kSharePeriodUs) {
            publishShared(table);
            lastShareUs = steadyNow;
        }
        if (snapshots && steadyNow - lastSnapshotUs >= m_options.snapshotIntervalUs) {
            for (const std::int32_t partition : changed)
                saveSnapshot(partition);
            changed.clear();
            lastSnapshotUs = steadyNow;
        }
    }
    publishShared(table);
    for (const std::int32_t partition : changed)
        saveSnapshot(partition);
    m_worker.consumer().setRebalanceHooks({}); // close() revokes after this thread's state is gone
}

} // namespace nexus
