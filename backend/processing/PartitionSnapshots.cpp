#include "backend/processing/PartitionSnapshots.h"

#include "backend/store/StoreQueries.h"

#include <QLoggingCategory>

#include <pqxx/pqxx>

namespace nexus {

Q_LOGGING_CATEGORY(lcSnapshots, "nexus.snapshots")

PartitionSnapshots::PartitionSnapshots(const std::string& connectionString, std::string group, std::string topic,
                                       bool resumeFromStore)
    : m_db(std::make_unique<pqxx::connection>(connectionString))
    , m_group(std::move(group))
    , m_topic(std::move(topic))
    , m_resumeFromStore(resumeFromStore)
{
}

std::int64_t PartitionSnapshots::restore(TwinTable& table, std::int32_t partition)
{
    try {
        const auto snapshot = store::loadSnapshot(*m_db, m_group, m_topic, partition);
        const auto stored = store::storedPositions(*m_db, m_group, m_topic);
        const auto it = stored.find(partition);
        const std::int64_t storedAt = it == stored.end() ? -1 : it->second;
        if (snapshot && table.restorePartition(partition, snapshot->state)) {
            std::int64_t resume = storedAt >= 0 ? std::min(snapshot->nextOffset, storedAt) : snapshot->nextOffset;
            if (!m_resumeFromStore)
                resume = -1;
            qCInfo(lcSnapshots, "%s[%d]: restored %d twins, resuming at %s", m_topic.c_str(), partition,
                   snapshot->twins,
                   resume >= 0 ? ("offset " + std::to_string(resume)).c_str() : "the group's position (a new bus)");
            return resume;
        }
        if (snapshot)
            qCWarning(lcSnapshots, "%s[%d]: the snapshot was written by another build (format); twins start afresh",
                      m_topic.c_str(), partition);
        if (m_resumeFromStore && storedAt >= 0) {
            // The partition was processed before (the store has its rows) but its twins were never
            // saved, e.g. a crash within the first snapshot interval: rebuild them from what the
            // bus retains; rows already stored are recognised and skipped.
            qCInfo(lcSnapshots, "%s[%d]: no snapshot; replaying from the beginning to rebuild the twins",
                   m_topic.c_str(), partition);
            return 0;
        }
        return -1;
    } catch (const std::exception& e) {
        qCWarning(lcSnapshots, "%s[%d]: cannot load the snapshot (%s); twins start afresh", m_topic.c_str(),
                  partition, e.what());
        return -1;
    }
}

void PartitionSnapshots::save(const TwinTable& table, std::int32_t partition, std::int64_t nextOffset)
{
    try {
        int twins = 0;
        const std::string bytes = table.savePartition(partition, &twins);
        store::saveSnapshot(*m_db, m_group, {m_topic, partition, nextOffset}, TwinTable::kSnapshotFormat, twins, bytes);
    } catch (const std::exception& e) {
        qCWarning(lcSnapshots, "%s[%d]: cannot save the snapshot: %s", m_topic.c_str(), partition, e.what());
    }
}

} // namespace nexus
