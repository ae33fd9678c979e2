#include "backend/processing/ActivityProcessor.h"

#include "backend/activity/ActivityTracker.h"
#include "backend/bus/BroadcastReader.h"
#include "backend/bus/KafkaConsumer.h"
#include "backend/bus/KafkaProducer.h"
#include "backend/bus/KeyPartitioner.h"
#include "backend/codec/ActivityProgressCodec.h"
#include "backend/codec/AppEventCodec.h"
#include "backend/codec/HealthBatchCodec.h"
#include "backend/processing/PartitionSnapshots.h"
#include "backend/processing/PartitionState.h"
#include "models/events/Topics.h"
#include "models/twin/CalendarDay.h"

#include <QLoggingCategory>

#include <unordered_set>

#include <pthread.h>

namespace nexus {

Q_LOGGING_CATEGORY(lcActivity, "nexus.activity")

namespace {
constexpr std::size_t kBatchSize = 2000;
constexpr int kPollTimeoutMs = 50;
constexpr int kBroadcastBatchesPerRound = 8; // bounds how long low-volume topics can hold back health data
constexpr std::int64_t kSharePeriodUs = 250 * kUsPerMs;
constexpr int kMetadataTimeoutMs = 5000;

std::string_view keyOf(const rd_kafka_message_t& m)
{
    return {static_cast<const char*>(m.key), m.key ? m.key_len : 0};
}

std::string_view payloadOf(const rd_kafka_message_t& m)
{
    return {static_cast<const char*>(m.payload), m.len};
}
} // namespace

/// The processor thread's state.
struct ActivityProcessor::Loop
{
    Loop(ActivityProcessor& owner, KeyPartitioner keys)
        : p(owner), tracker(owner.m_options.tracker), partitioner(std::move(keys)),
          partitions(owner.m_healthPartitions), owned(std::size_t(partitions), 0), fresh(std::size_t(partitions), 0),
          users(std::size_t(partitions)), healthNext(std::size_t(partitions), -1), unsaved(std::size_t(partitions), 0),
          restored(std::size_t(partitions), 0)
    {
        for (std::size_t t = 0; t < p.m_reader->topics().size(); ++t)
            next.emplace_back(std::size_t(p.m_reader->partitionCount(int(t))), 0);
        replayBelow = next;
        if (!p.m_options.storeConnection.empty()) {
            try {
                snapshots = std::make_unique<PartitionSnapshots>(p.m_options.storeConnection, p.m_options.groupId,
                                                                 std::string(topics::kHealthMetrics),
                                                                 kActivityStateFormat, p.m_options.resumeFromStore,
                                                                 p.m_options.storeRowsGroup);
            } catch (const std::exception& e) {
                qCWarning(lcActivity, "no snapshots of the activity state (cannot connect to the store): %s", e.what());
            }
        }
    }

    ActivityProcessor& p;
    ActivityTracker tracker;
    KeyPartitioner partitioner;
    std::int32_t partitions; // of health-metrics
    // Per health-metrics partition: owned by this instance; gained since the broadcast topics
    // were last replayed to the end; the users the tracker holds state for.
    std::vector<std::uint8_t> owned;
    std::vector<std::uint8_t> fresh;
    std::vector<std::unordered_set<std::string>> users;
    bool catchUpDue = false;
    // Per broadcast topic and partition: the offset after the last message read, and during a
    // replay the offset up to which the users of partitions owned before had their events.
    std::vector<std::vector<std::int64_t>> next;
    std::vector<std::vector<std::int64_t>> replayBelow;
    // Per health-metrics partition: the offset after the last upload read (applied, or rejected
    // as malformed), which is what its snapshot covers (−1 before the first); whether its users
    // changed since that snapshot; and whether they were restored from a snapshot and are waiting
    // for the broadcast topics' replay.
    std::vector<std::int64_t> healthNext;
    std::vector<std::uint8_t> unsaved;
    std::vector<std::uint8_t> restored;
    std::unique_ptr<PartitionSnapshots> snapshots; // null without a store

    HealthBatchDecoder healthDecoder;
    AppEventDecoder appDecoder;
    HealthBatch batch;
    WorkoutEvent workout;
    UserEvent userEvent;
    std::vector<ActivityProgress> out;
    std::string buffer;
    std::string detail;

    /// Takes a partition on: restores its users from their snapshot, if any. Returns the offset to
    /// start reading it at (−1: the group's committed offset).
    std::int64_t assigned(std::int32_t partition)
    {
        if (partition < 0 || partition >= partitions)
            return -1;
        const auto i = std::size_t(partition);
        owned[i] = 1;
        fresh[i] = 1;
        catchUpDue = true;
        healthNext[i] = -1;
        unsaved[i] = 0;
        if (!snapshots)
            return -1;
        const PartitionSnapshots::Restored r =
            snapshots->restore(partition, [&](std::string_view bytes) { return restoreUsers(partition, bytes); });
        healthNext[i] = r.appliedUntil;
        return r.resumeAt;
    }

    /// A snapshot's users into the tracker; false when the bytes are not of this build's layout.
    bool restoreUsers(std::int32_t partition, std::string_view bytes)
    {
        UserStates states;
        if (!decodeActivityState(bytes, states))
            return false;
        int refused = 0;
        for (const auto& [user, blob] : states) {
            if (tracker.restoreUserState(user, blob))
                noteUser(partition, user);
            else
                ++refused;
        }
        if (refused > 0)
            qCWarning(lcActivity,
                      "health-metrics[%d]: %d users' activity state was written by another build or "
                      "with another lateness; they start afresh",
                      partition, refused);
        restored[std::size_t(partition)] = 1;
        return true;
    }

    /// Saves the partition's users with the offset after its last upload read. A partition no
    /// upload of which was read has no offset to save: its users are rebuilt from the broadcast
    /// topics, as without a store.
    void save(std::int32_t partition)
    {
        const auto i = std::size_t(partition);
        unsaved[i] = 0;
        if (!snapshots || healthNext[i] < 0)
            return;
        UserStates states;
        for (const std::string& user : users[i]) {
            std::string blob;
            if (tracker.saveUserState(user, blob))
                states.emplace_back(user, std::move(blob));
        }
        snapshots->save(partition, healthNext[i], int(states.size()), encodeActivityState(states));
    }

    void saveChanged()
    {
        for (std::int32_t partition = 0; partition < partitions; ++partition)
            if (unsaved[std::size_t(partition)])
                save(partition);
    }

    void revoked(std::int32_t partition)
    {
        if (partition < 0 || partition >= partitions)
            return;
        if (unsaved[std::size_t(partition)])
            save(partition); // unchanged users are in the store already
        owned[std::size_t(partition)] = 0;
        fresh[std::size_t(partition)] = 0;
        restored[std::size_t(partition)] = 0;
        // Its next owner restores them from the snapshot (or, without a store, rebuilds them from
        // the broadcast topics and the group's committed offset).
        for (const std::string& user : users[std::size_t(partition)])
            tracker.forgetUser(user);
        users[std::size_t(partition)].clear();
    }

    void noteUser(std::int32_t partition, const std::string& user)
    {
        auto& set = users[std::size_t(partition)];
        if (set.find(user) == set.end())
            set.insert(user);
    }

    void publish(const rd_kafka_message_t& source)
    {
        for (const ActivityProgress& a : out) {
            activitycodec::encode(a, buffer);
            if (!p.m_thread.producer().produce(topics::kActivityProgress, a.userId, buffer)) {
                qCWarning(lcActivity, "cannot publish activity progress for %s: %s", describeMessage(source).c_str(),
                          p.m_thread.producer().lastError().c_str());
                continue;
            }
            p.m_progressMessages.fetch_add(1, std::memory_order_relaxed);
            p.m_goalsReached.fetch_add(a.goalReached.size(), std::memory_order_relaxed);
            if (a.reason == ActivityProgress::Reason::DayClosed)
                p.m_daysClosed.fetch_add(1, std::memory_order_relaxed);
        }
    }

    void deadLetter(const rd_kafka_message_t& m, std::string_view reason, std::string_view why)
    {
        if (sendDeadLetter(p.m_thread.producer(), m, reason, why, buffer))
            p.m_deadLetters.fetch_add(1, std::memory_order_relaxed);
        else
            qCWarning(lcActivity, "cannot publish dead letter: %s", p.m_thread.producer().lastError().c_str());
    }

    void applyHealth(const rd_kafka_message_t& m)
    {
        if (m.partition < 0 || m.partition >= partitions || !owned[std::size_t(m.partition)])
            return; // fetched before a revocation
        std::int64_t& read = healthNext[std::size_t(m.partition)];
        if (m.offset < read)
            return; // in the state already: restored from a snapshot, or fetched again after a rebalance
        read = m.offset + 1;
        unsaved[std::size_t(m.partition)] = 1;
        if (DecodeError err = healthDecoder.decode(payloadOf(m), batch); !err.ok()) {
            p.m_malformed.count(err.reason, err.detail, m);
            if (p.m_options.deadLetterMalformedHealth)
                deadLetter(m, err.reason, err.detail);
            return;
        }
        if (partitioner.partitionOf(batch.userId, partitions) != m.partition) {
            const std::uint64_t n = p.m_misrouted.fetch_add(1, std::memory_order_relaxed) + 1;
            if (n <= 10 || n % 1000 == 0)
                qCWarning(lcActivity,
                          "upload of %s at %s: the %s partitioner puts this user in another partition, so their "
                          "goals and workouts go to that partition's owner (%llu such uploads)",
                          batch.userId.c_str(), describeMessage(m).c_str(), partitioner.name().c_str(),
                          static_cast<unsigned long long>(n));
        }
        noteUser(m.partition, batch.userId);
        out.clear();
        const activity::BatchResult r = tracker.addBatch(batch, out);
        p.m_healthMessages.fetch_add(1, std::memory_order_relaxed);
        p.m_samplesCounted.fetch_add(r.counted, std::memory_order_relaxed);
        p.m_duplicateSamples.fetch_add(r.duplicates, std::memory_order_relaxed);
        if (!r.late.empty()) {
            p.m_lateSamples.fetch_add(r.late.size(), std::memory_order_relaxed);
            // The health processor dead-letters an upload too late for the twin as well: the prefix
            // tells the two apart.
            detail = "activity: " + std::to_string(r.late.size()) + " of " + std::to_string(batch.samples.size()) +
                     " samples older than the allowed lateness behind the user's newest (accepting from " +
                     calendar::isoDateTimeUtc(r.acceptFromUs) + "; first late sample at " +
                     calendar::isoDateTimeUtc(r.late.front().tsUs) + ")";
            deadLetter(m, "late", detail);
        }
        publish(m);
    }

    /// Owner partition (of health-metrics) of a broadcast message, from its key; −1 without one.
    std::int32_t ownerOf(const rd_kafka_message_t& m) const { return partitioner.partitionOf(keyOf(m), partitions); }

    void applyBroadcast(const rd_kafka_message_t& m, int topic)
    {
        std::int64_t& position = next[std::size_t(topic)][std::size_t(m.partition)];
        const bool readBefore = m.offset < replayBelow[std::size_t(topic)][std::size_t(m.partition)];
        position = std::max(position, m.offset + 1);
        std::int32_t owner = ownerOf(m);
        // Events this instance applied before a rewind stay applied: only the new users get them again.
        const auto wanted = [&](std::int32_t partition) {
            return owned[std::size_t(partition)] && (!readBefore || fresh[std::size_t(partition)]);
        };
        if (owner >= 0 && !owned[std::size_t(owner)]) {
            p.m_othersMessages.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (owner >= 0 && !wanted(owner))
            return;
        const bool workouts = p.m_reader->topics()[std::size_t(topic)] == topics::kWorkoutData;
        const DecodeError err =
            workouts ? appDecoder.decode(payloadOf(m), workout) : appDecoder.decode(payloadOf(m), userEvent);
        if (!err.ok()) {
            // Without a key, the owner of the partition with the source partition's number rejects it: one member does.
            const std::int32_t rejecter = owner >= 0 ? owner : m.partition % partitions;
            if (owned[std::size_t(rejecter)] && !readBefore) {
                p.m_malformed.count(err.reason, err.detail, m);
                deadLetter(m, err.reason, err.detail);
            }
            return;
        }
        const std::string& user = workouts ? workout.userId : userEvent.userId;
        if (owner < 0) { // no key: the payload names the user
            owner = partitioner.partitionOf(user, partitions);
            if (!owned[std::size_t(owner)]) {
                p.m_othersMessages.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            if (!wanted(owner))
                return;
        }
        noteUser(owner, user);
        out.clear();
        const activity::EventResult r =
            workouts ? tracker.addWorkout(workout, out) : tracker.addUserEvent(userEvent, out);
        (workouts ? p.m_workoutMessages : p.m_userEventMessages).fetch_add(1, std::memory_order_relaxed);
        if (r.outcome != activity::InputOutcome::Applied)
            p.m_eventsNotApplied.fetch_add(1, std::memory_order_relaxed);
        else
            unsaved[std::size_t(owner)] = 1;
        // Users restored from a snapshot meet the events of days they closed again in the replay:
        // the previous owner applied those in time or dead-lettered them already.
        if (r.outcome == activity::InputOutcome::Late && !readBefore && !restored[std::size_t(owner)])
            deadLetter(m, "late", r.detail);
        publish(m);
    }

    void applyBroadcastBatch(const std::vector<KafkaMessagePtr>& messages)
    {
        for (const KafkaMessagePtr& m : messages) {
            const int topic = m->rkt ? p.m_reader->topicIndex(rd_kafka_topic_name(m->rkt)) : -1;
            if (m->err || topic < 0 || m->partition < 0 || m->partition >= p.m_reader->partitionCount(topic)) {
                if (m->err)
                    qCWarning(lcActivity, "broadcast reader error at %s: %s", describeMessage(*m).c_str(),
                              rd_kafka_message_errstr(m.get()));
                continue;
            }
            applyBroadcast(*m, topic);
        }
    }

    /// After gaining partitions: replays workout-data and user-events from the oldest retained
    /// message for the new partitions' users, before any of their health data is applied.
    void catchUp(std::vector<KafkaMessagePtr>& messages)
    {
        catchUpDue = false;
        replayBelow = next;
        replay(messages);
        restored.assign(restored.size(), 0); // what the replay (or as much as the timeout allowed) brought is theirs
    }

    void replay(std::vector<KafkaMessagePtr>& messages)
    {
        std::string error;
        if (!p.m_reader->rewind(error)) {
            qCWarning(lcActivity, "%s", error.c_str());
            return;
        }
        p.m_catchUps.fetch_add(1, std::memory_order_relaxed);
        const std::int64_t t0 = steadyClockUs();
        const std::int64_t deadline = t0 + std::int64_t(p.m_options.catchUpTimeoutMs) * kUsPerMs;
        while (!p.m_reader->caughtUp() && !p.m_thread.stopping() && steadyClockUs() < deadline) {
            p.m_reader->consumeBatch(messages, kBatchSize, kPollTimeoutMs);
            applyBroadcastBatch(messages);
        }
        if (!p.m_reader->caughtUp()) {
            qCWarning(lcActivity,
                      "workout-data and user-events not replayed to the end within %d ms: the new "
                      "partitions' health data goes on, their goals and workouts follow as read",
                      p.m_options.catchUpTimeoutMs);
            return;
        }
        fresh.assign(fresh.size(), 0);
        qCInfo(lcActivity, "replayed workout-data and user-events for the new partitions in %.0f ms",
               double(steadyClockUs() - t0) / double(kUsPerMs));
    }

    /// What the broadcast topics have now, ahead of the health data just read.
    void drainBroadcast(std::vector<KafkaMessagePtr>& messages)
    {
        for (int round = 0; round < kBroadcastBatchesPerRound; ++round) {
            if (p.m_reader->consumeBatch(messages, kBatchSize, 0) == 0)
                return;
            applyBroadcastBatch(messages);
        }
    }

    void share()
    {
        std::vector<std::int32_t> mine;
        for (std::int32_t i = 0; i < partitions; ++i)
            if (owned[std::size_t(i)])
                mine.push_back(i);
        const std::int64_t lag = p.m_thread.consumer().lag();
        std::lock_guard lock(p.m_mutex);
        p.m_shared.usersTracked = tracker.userCount();
        p.m_shared.partitions = std::move(mine);
        p.m_shared.lag = lag;
    }
};

ActivityProcessor::ActivityProcessor(BusSettings settings, ActivityProcessorOptions options)
    : m_settings(std::move(settings)), m_options(std::move(options)), m_malformed(&lcActivity, "malformed message")
{
}

ActivityProcessor::~ActivityProcessor()
{
    stop();
}

bool ActivityProcessor::start(std::string& error)
{
    m_keys = KeyPartitioner::fromSettings(m_settings, error);
    if (!m_keys || !m_thread.create(m_settings, m_options.groupId, error))
        return false;
    const std::string health(topics::kHealthMetrics);
    m_healthPartitions = topicPartitionCount(m_thread.consumer().handle(), health, kMetadataTimeoutMs, error);
    if (m_healthPartitions < 1)
        return false;
    m_reader = BroadcastReader::create(
        m_settings, {std::string(topics::kWorkoutData), std::string(topics::kUserEvents)}, kMetadataTimeoutMs, error);
    return m_reader && m_thread.start(
                           {health}, [this] { run(); }, error);
}

void ActivityProcessor::stop()
{
    m_thread.stop();
}

ActivityProcessorStats ActivityProcessor::stats() const
{
    ActivityProcessorStats s;
    {
        std::lock_guard lock(m_mutex);
        s = m_shared;
    }
    const auto get = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
    s.healthMessages = get(m_healthMessages);
    s.workoutMessages = get(m_workoutMessages);
    s.userEventMessages = get(m_userEventMessages);
    s.othersMessages = get(m_othersMessages);
    s.misrouted = get(m_misrouted);
    s.samplesCounted = get(m_samplesCounted);
    s.duplicateSamples = get(m_duplicateSamples);
    s.lateSamples = get(m_lateSamples);
    s.eventsNotApplied = get(m_eventsNotApplied);
    s.progressMessages = get(m_progressMessages);
    s.goalsReached = get(m_goalsReached);
    s.daysClosed = get(m_daysClosed);
    s.malformed = m_malformed.total();
    s.malformedByReason = m_malformed.byReason();
    s.deadLetters = get(m_deadLetters);
    s.catchUps = get(m_catchUps);
    return s;
}

void ActivityProcessor::run()
{
    pthread_setname_np(pthread_self(), "nx-activity"); // for top -H and perf
    Loop loop(*this, *m_keys);
    m_thread.consumer().setRebalanceHooks({
        [&](const char*, std::int32_t partition) { return loop.assigned(partition); },
        [&](const char*, std::int32_t partition) { loop.revoked(partition); },
    });
    std::vector<KafkaMessagePtr> health;
    std::vector<KafkaMessagePtr> broadcast;
    std::int64_t lastShareUs = 0;
    std::int64_t lastSnapshotUs = steadyClockUs();
    while (!m_thread.stopping()) {
        m_thread.consumer().consumeBatch(health, kBatchSize, kPollTimeoutMs); // rebalances happen in here
        // Goals and workouts first, then the uploads read before them.
        if (loop.catchUpDue)
            loop.catchUp(broadcast);
        else
            loop.drainBroadcast(broadcast);
        for (const KafkaMessagePtr& m : health) {
            if (m->err) {
                if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                    qCWarning(lcActivity, "consumer error at %s: %s", describeMessage(*m).c_str(),
                              rd_kafka_message_errstr(m.get()));
                continue;
            }
            loop.applyHealth(*m);
        }
        m_thread.producer().poll(0);
        const std::int64_t steadyNow = steadyClockUs();
        if (steadyNow - lastShareUs >= kSharePeriodUs) {
            loop.share();
            lastShareUs = steadyNow;
        }
        if (steadyNow - lastSnapshotUs >= m_options.snapshotIntervalUs) {
            loop.saveChanged();
            lastSnapshotUs = steadyNow;
        }
    }
    loop.share();
    loop.saveChanged();
    m_thread.consumer().setRebalanceHooks({}); // close() revokes after this thread's state is gone
}

} // namespace nexus
