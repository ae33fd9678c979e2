#pragma once

#include "backend/twin/TwinEngine.h"
#include "models/events/HealthBatch.h"
#include "models/twin/TwinSummary.h"

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace nexus {

/// The twins of all users a processor owns, updated from health batches in event time.
///
/// Each sample goes through the twin engine (backend/twin/TwinEngine.h): live TRIMP, resting HR,
/// day closes and scores. Until `user-events` carry profiles, every user gets `kAssumedProfile`.
/// Per user besides: last HR, running mean HR (mean += (hr − mean)/n), sample count, steps total and the
/// newest event time.
///
/// Event time, with lateness: a sample at or before the twin's newest event time is
/// - a duplicate (a re-delivered upload: Kafka producer retries, a replay) when it lies within the
///   time span of one of the user's last kRecentUploads uploads, or equals the newest time: skipped
///   and counted, so a re-delivered batch never counts twice;
/// - late (an upload held back by the device or the network) when it is at most `lateness` older
///   than the newest event time: it counts (samples, mean HR, steps, and its TRIMP toward the open
///   day; see TwinEngine::addLateHrSamples);
/// - too late otherwise: skipped and counted; a batch of nothing else is for the dead letters.
/// Duplicates come from producer retries and devices re-sending, a few uploads apart. An upload
/// re-delivered after more than kRecentUploads newer ones would pass for a late one: replays after
/// a restore are recognised by offset instead (HealthProcessor, PartitionSnapshots).
///
/// A twin is due for publication whenever its event time crosses a multiple of
/// `updateInterval` shifted by a per-user offset (a hash of the user id), so that users' updates
/// spread over the interval instead of bursting together. Event time, not wall clock: a replay
/// publishes the same updates.
class TwinTable
{
public:
    /// The profile the engine assumes for users whose profile it has not seen: 35-year-old male,
    /// resting HR 60 bpm, HRmax by age.
    static const AthleteProfile kAssumedProfile;

    static constexpr DurationUs kDefaultLatenessUs = 2 * 3600 * kUsPerSecond;
    static constexpr int kRecentUploads = 16;

    explicit TwinTable(DurationUs updateInterval = 10 * kUsPerSecond, const TwinSettings& settings = {},
                       DurationUs lateness = kDefaultLatenessUs);

    struct ApplyResult
    {
        std::size_t applied = 0;       ///< samples counted, in order or late
        std::size_t late = 0;          ///< of them, late
        std::size_t skipped = 0;       ///< duplicate samples
        std::size_t tooLate = 0;       ///< samples older than the lateness allows
        const TwinSummary* due = nullptr; ///< set when the twin should be published now, its day values filled in
        std::vector<TwinDay> closedDays;  ///< days of this user the batch closed (its samples crossed midnight)
    };
    /// Applies a batch read from Kafka partition `partition` (a user's batches all come from the
    /// partition their key maps to; the partition groups twins for snapshots).
    ApplyResult apply(const HealthBatch& batch, std::int32_t partition = 0);

    const TwinSummary* find(const std::string& userId) const;
    /// The twin engine's state of the user's twin (for a preview of the open day).
    const TwinState* findState(const std::string& userId) const;
    std::size_t size() const { return m_twins.size(); }

    /// The `n` twins with the most steps, most first (ties: more samples, then user id).
    std::vector<TwinSummary> mostActive(std::size_t n) const;

    /// The twins of one partition as bytes, for the store's per-partition snapshot. The format
    /// carries a version and the twin state's size, so a binary with another layout refuses it.
    std::string savePartition(std::int32_t partition, int* twins = nullptr) const;
    /// Replaces the partition's twins with a snapshot's. False (table unchanged) when the bytes are
    /// not a snapshot this binary can read.
    bool restorePartition(std::int32_t partition, const std::string& bytes);
    /// Forgets the partition's twins (it was revoked: another instance owns them now) and
    /// returns their user ids, so per-user state elsewhere (the detectors) can go with them.
    std::vector<std::string> dropPartition(std::int32_t partition);
    /// The user ids of the partition's twins.
    std::vector<std::string> usersOf(std::int32_t partition) const;
    static constexpr int kSnapshotFormat = 2;

private:
    struct UploadSpan
    {
        TimestampUs firstUs = 0;
        TimestampUs lastUs = 0;
    };
    struct Entry
    {
        TwinSummary twin;
        TwinState state;
        TimestampUs nextUpdateUs = 0;
        DurationUs phaseUs = 0; ///< this user's offset of the publication boundaries
        std::int32_t partition = 0;
        std::array<UploadSpan, kRecentUploads> recent{}; ///< the last uploads applied, for duplicates
        std::uint32_t uploads = 0;                        ///< uploads applied; the next goes to recent[uploads % n]
    };
    static bool seenBefore(const Entry& e, TimestampUs tsUs);
    Entry& entryFor(const std::string& userId);
    TimestampUs nextBoundary(const Entry& e) const;

    DurationUs m_updateIntervalUs;
    DurationUs m_latenessUs;
    std::vector<std::pair<TimestampUs, float>> m_late; // scratch for apply()
    TwinEngine m_engine;
    std::unordered_map<std::string, Entry> m_twins;
};

} // namespace nexus
