#pragma once

#include <pqxx/connection>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace nexus {

/// Hands a processor's per-partition state over through the store: saved as one snapshot per
/// partition (table twin_snapshots, keyed by consumer group, topic and partition) with the offset
/// after the last message applied to it, and restored when the partition is assigned — to this
/// instance after a restart, or to another one after a rebalance. The bytes are the processor's
/// own (the health processor's PartitionState, the activity processor's tracker states), stamped
/// with its format number: a snapshot of another format (another build, another processor) is
/// not read, and the partition's state starts afresh.
///
/// Where the group also writes the topic's messages to the store (the health processor's
/// samples, StoreQueries storedPositions), the consumer resumes at the lower of the snapshot's
/// offset and the position the store's writer reached: messages the state already holds are
/// recognised by offset (Restored::appliedUntil), and those the store had not yet written are
/// written, so neither loses or doubles anything. A partition the store has rows for but no
/// snapshot (a crash before its first snapshot) is replayed from the beginning to rebuild its
/// state. A processor that stores no rows of its own (the activity processor) names the group
/// whose rows show that a partition was processed before (`rowsGroup`): the same evidence then
/// makes it rebuild such a partition from the beginning. Otherwise reading resumes at the
/// snapshot's offset.
///
/// Thread: the processor's (it owns the connection). Database errors are logged, never thrown:
/// without a snapshot a partition's state starts afresh from the group's committed offset.
class PartitionSnapshots
{
public:
    /// `format`: the number the processor's bytes are stamped with. `resumeFromStore`: the
    /// store's offsets belong to this Kafka cluster. False for the embedded cluster, which starts
    /// empty on every run: the state is restored, but reading starts where the group stands
    /// (from the beginning), since offsets stored by an earlier run would skip this run's first
    /// messages.
    /// `rowsGroup`: the group whose stored rows (StoreQueries storedPositions) show a partition
    /// was processed before; empty: `group`.
    PartitionSnapshots(const std::string& connectionString, std::string group, std::string topic, int format,
                       bool resumeFromStore = true, std::string rowsGroup = {});

    struct Restored
    {
        std::int64_t resumeAt = -1;     ///< the offset to start reading at; −1: the group's committed offset
        std::int64_t appliedUntil = -1; ///< messages before this offset are in the restored state
    };
    /// Restores the partition's state: hands the bytes of its snapshot, when it has one of this
    /// format, to `read`, which puts them into the processor's state. `read` returns false when
    /// the bytes are not of its layout (another build): the partition then starts afresh.
    Restored restore(std::int32_t partition, const std::function<bool(std::string_view state)>& read);
    /// Saves the partition's state (bytes of this format, holding `users` users' state), which
    /// has seen everything before `nextOffset`.
    void save(std::int32_t partition, std::int64_t nextOffset, int users, const std::string& state);

private:
    std::unique_ptr<pqxx::connection> m_db;
    std::string m_group;
    std::string m_rowsGroup;
    std::string m_topic;
    int m_format;
    bool m_resumeFromStore;
    bool m_warnedForeignFormat = false;
};

} // namespace nexus
