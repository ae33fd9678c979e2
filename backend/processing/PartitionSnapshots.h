#pragma once

#include "backend/processing/TwinTable.h"

#include <pqxx/connection>

#include <cstdint>
#include <memory>
#include <string>

namespace nexus {

class HealthAnalyzer;

/// Hands a partition's twins and their users' detector state over through the store: saved as one
/// snapshot per partition (table twin_snapshots, bytes of a PartitionState) with the offset after
/// the last message applied to them, and restored
/// when the partition is assigned — to this instance after a restart, or to another one after a
/// rebalance. The consumer then resumes at the lower of the snapshot's offset and the position
/// the store's sample writer reached: samples the twins already hold are recognised as
/// duplicates, and samples the store had not yet written are written, so neither the twins nor
/// the stored rows lose or double anything. A partition the store has rows for but no snapshot
/// (a crash before its first snapshot) is replayed from the beginning to rebuild its twins.
///
/// Thread: the processor's (it owns the connection). Database errors are logged, never thrown:
/// without a snapshot a partition's twins start afresh from the group's committed offset.
class PartitionSnapshots
{
public:
    /// `resumeFromStore`: the store's offsets belong to this Kafka cluster. False for the embedded
    /// cluster, which starts empty on every run: the twins are restored, but reading starts where
    /// the group stands (from the beginning), since offsets stored by an earlier run would skip
    /// this run's first messages.
    PartitionSnapshots(const std::string& connectionString, std::string group, std::string topic,
                       bool resumeFromStore = true);

    struct Restored
    {
        std::int64_t resumeAt = -1;     ///< the offset to start reading at; −1: the group's committed offset
        std::int64_t appliedUntil = -1; ///< messages before this offset are in the restored twins and detectors
    };
    /// Restores the partition's twins into `table` and their detectors into `analyzer`. A snapshot
    /// another build wrote is not read: the partition's twins and detectors start afresh.
    Restored restore(TwinTable& table, HealthAnalyzer& analyzer, std::int32_t partition);
    /// Saves the partition's twins and detectors, which have seen everything before `nextOffset`.
    void save(const TwinTable& table, const HealthAnalyzer& analyzer, std::int32_t partition, std::int64_t nextOffset);

private:
    std::unique_ptr<pqxx::connection> m_db;
    std::string m_group;
    std::string m_topic;
    bool m_resumeFromStore;
    bool m_warnedForeignFormat = false;
};

} // namespace nexus
