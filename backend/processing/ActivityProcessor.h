#pragma once

#include "backend/activity/ActivitySettings.h"
#include "backend/bus/BusSettings.h"
#include "backend/bus/KeyPartitioner.h"
#include "backend/processing/DeadLetters.h"
#include "backend/processing/ProcessorThread.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace nexus {

class BroadcastReader;

struct ActivityProcessorOptions
{
    /// Its own consumer group on health-metrics (the health processor has another), so that both
    /// read every upload.
    std::string groupId = "nexus-activity";
    activity::ActivitySettings tracker;
    /// Send malformed health-metrics messages to dead-letters too. The runtime turns it off while
    /// the health processor runs, which sends them already (one dead letter per bad message).
    bool deadLetterMalformedHealth = true;
    /// How long rebuilding the new partitions' goals and workouts (a rewind of the broadcast
    /// topics) may hold back the health input before it goes on regardless, with a warning.
    int catchUpTimeoutMs = 30000;
    /// The store's connection string: each partition's users' tracker state is saved (every
    /// snapshotIntervalUs, on revocation and on stop) and restored on assignment
    /// (PartitionSnapshots), so that the next owner carries on the day's totals. Empty: no snapshots.
    std::string storeConnection;
    std::int64_t snapshotIntervalUs = 30 * kUsPerSecond;
    /// Whether offsets in the store belong to this bus (see PartitionSnapshots); false for the
    /// embedded cluster, which is new on every run.
    bool resumeFromStore = true;
    /// The group whose samples the store keeps (the health processor's): a partition it has rows
    /// for but this group has no snapshot of (a crash before the first one) was processed before,
    /// and is rebuilt from the beginning rather than from the committed offset with empty users.
    std::string storeRowsGroup = "nexus-processors";
};

/// What an activity processor has done so far; copied out for snapshots and /metrics.
struct ActivityProcessorStats
{
    std::uint64_t healthMessages = 0;    ///< health-metrics uploads applied to the tracker
    std::uint64_t workoutMessages = 0;   ///< workout-data messages of this instance's users applied
    std::uint64_t userEventMessages = 0; ///< user-events messages of this instance's users applied
    /// workout-data and user-events messages of users whose health-metrics partition another
    /// member of the group owns: read (every member reads those topics whole) and skipped.
    std::uint64_t othersMessages = 0;
    /// health-metrics uploads whose key the producers' partitioner maps to another partition than
    /// the one they came from: their user's goals and workouts go to whoever owns that one.
    std::uint64_t misrouted = 0;
    std::uint64_t samplesCounted = 0;
    std::uint64_t duplicateSamples = 0;
    std::uint64_t lateSamples = 0;      ///< behind the allowed lateness: not counted, dead-lettered
    std::uint64_t eventsNotApplied = 0; ///< workout and user events the tracker found duplicate, late or unusable
    std::uint64_t progressMessages = 0; ///< published on activity-progress (progress, goal-reached, day-closed)
    std::uint64_t goalsReached = 0;     ///< goals announced reached (each once per user, goal and day)
    std::uint64_t daysClosed = 0;       ///< day-closed messages
    std::uint64_t malformed = 0;
    std::map<std::string, std::uint64_t> malformedByReason;
    std::uint64_t deadLetters = 0; ///< messages sent to `dead-letters` (malformed, late)
    std::uint64_t catchUps = 0;    ///< rewinds of the broadcast topics after gaining partitions
    std::uint64_t usersTracked = 0;
    std::vector<std::int32_t> partitions; ///< the health-metrics partitions this instance owns
    std::int64_t lag = -1;                ///< health-metrics messages behind, −1 until known
};

/// The activity stream processor (issue 6): daily steps, active minutes and training load per
/// user against their goals (backend/activity/ActivityTracker.h), published on
/// `activity-progress` keyed by user id.
///
/// Its three inputs are partitioned differently (health-metrics 24, workout-data 8, user-events
/// 12), so one consumer group over all three would hand a user's health data and their goals to
/// different members. health-metrics is the partitioned input: a consumer group (groupId) splits
/// it. workout-data and user-events are broadcast-joined: every member reads all their
/// partitions (BroadcastReader, no group) and keeps the events of users whose key the producers'
/// partitioner (KeyPartitioner) maps to a health-metrics partition it owns. When it gains
/// partitions it rewinds those topics and replays them for the new users before their health
/// data (the tracker is event-time based; goals and workouts ahead of the samples are its normal
/// order); on revocation it forgets the partition's users. With a store, a partition's users are
/// saved with the offset after its last upload read (PartitionSnapshots) and restored by its next
/// owner, which resumes reading there: their day's totals and the goals already announced carry
/// over, and the replayed goals and workouts are recognised as already applied.
///
/// Too-late samples and workouts go to `dead-letters` with reason "late", malformed messages with
/// the decoder's reason (DeadLetters.h). Everything runs on the processor's own thread.
class ActivityProcessor
{
public:
    ActivityProcessor(BusSettings settings, ActivityProcessorOptions options = {});
    ~ActivityProcessor();

    /// Creates the clients (reading the topics' partition counts from the brokers), subscribes
    /// and starts the thread. False with `error` on failure.
    bool start(std::string& error);
    /// Stops the thread, leaves the group (committing offsets) and flushes what it published.
    void stop();

    /// Any thread. Counters are current; users, partitions and lag are refreshed every 250 ms by
    /// the processor thread.
    ActivityProcessorStats stats() const;

private:
    struct Loop;
    void run();

    BusSettings m_settings;
    ActivityProcessorOptions m_options;
    ProcessorThread m_thread;                  // the group consumer on health-metrics, the producer, the loop
    std::unique_ptr<BroadcastReader> m_reader; // processor thread only, once started
    std::int32_t m_healthPartitions = 0;       // set by start()
    std::optional<KeyPartitioner> m_keys;      // the producers' partitioner; set by start()

    RejectionCounter m_malformed;
    std::atomic<std::uint64_t> m_healthMessages{0};
    std::atomic<std::uint64_t> m_workoutMessages{0};
    std::atomic<std::uint64_t> m_userEventMessages{0};
    std::atomic<std::uint64_t> m_othersMessages{0};
    std::atomic<std::uint64_t> m_misrouted{0};
    std::atomic<std::uint64_t> m_samplesCounted{0};
    std::atomic<std::uint64_t> m_duplicateSamples{0};
    std::atomic<std::uint64_t> m_lateSamples{0};
    std::atomic<std::uint64_t> m_eventsNotApplied{0};
    std::atomic<std::uint64_t> m_progressMessages{0};
    std::atomic<std::uint64_t> m_goalsReached{0};
    std::atomic<std::uint64_t> m_daysClosed{0};
    std::atomic<std::uint64_t> m_deadLetters{0};
    std::atomic<std::uint64_t> m_catchUps{0};

    mutable std::mutex m_mutex;      // guards m_shared
    ActivityProcessorStats m_shared; // users, partitions, lag
};

} // namespace nexus
