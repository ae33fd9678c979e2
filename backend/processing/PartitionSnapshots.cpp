#include "backend/processing/PartitionSnapshots.h"

#include "backend/store/StoreQueries.h"

#include <QLoggingCategory>

#include <pqxx/pqxx>

namespace nexus {

Q_LOGGING_CATEGORY(lcSnapshots, "nexus.snapshots")

PartitionSnapshots::PartitionSnapshots(const std::string& connectionString, std::string group, std::string topic,
                                       int format, bool resumeFromStore, std::string rowsGroup)
    : m_db(std::make_unique<pqxx::connection>(connectionString)), m_group(std::move(group)),
      m_rowsGroup(rowsGroup.empty() ? m_group : std::move(rowsGroup)), m_topic(std::move(topic)), m_format(format),
      m_resumeFromStore(resumeFromStore)
{
}

PartitionSnapshots::Restored PartitionSnapshots::restore(std::int32_t partition,
                                                         const std::function<bool(std::string_view state)>& read)
{
    try {
        const auto snapshot = store::loadSnapshot(*m_db, m_group, m_topic, partition);
        const auto stored = store::storedPositions(*m_db, m_group, m_topic);
        const auto it = stored.find(partition);
        const std::int64_t storedAt = it == stored.end() ? -1 : it->second;
        if (snapshot && snapshot->format == m_format && read(snapshot->state)) {
            std::int64_t resume = storedAt >= 0 ? std::min(snapshot->nextOffset, storedAt) : snapshot->nextOffset;
            if (!m_resumeFromStore)
                resume = -1;
            qCInfo(lcSnapshots, "%s %s[%d]: restored %d users' state, resuming at %s", m_group.c_str(), m_topic.c_str(),
                   partition, snapshot->twins,
                   resume >= 0 ? ("offset " + std::to_string(resume)).c_str() : "the group's position (a new bus)");
            return {resume, m_resumeFromStore ? snapshot->nextOffset : -1}; // offsets of this bus only
        }
        if (snapshot && !m_warnedForeignFormat) { // once: after an upgrade every partition has one
            m_warnedForeignFormat = true;
            qCWarning(lcSnapshots,
                      "%s %s: the stored snapshots were written by another build (another layout); "
                      "the partitions' state starts afresh",
                      m_group.c_str(), m_topic.c_str());
        }
        const bool processedBefore =
            storedAt >= 0 || (m_rowsGroup != m_group && store::storedPositions(*m_db, m_rowsGroup, m_topic).count(partition));
        if (m_resumeFromStore && processedBefore) {
            // The partition was processed before (the store has its rows) but its state was never
            // saved, e.g. a crash within the first snapshot interval: rebuild it from what the
            // bus retains; rows already stored are recognised and skipped.
            qCInfo(lcSnapshots, "%s %s[%d]: no snapshot; replaying from the beginning to rebuild the state",
                   m_group.c_str(), m_topic.c_str(), partition);
            return {0, -1};
        }
        return {};
    } catch (const std::exception& e) {
        qCWarning(lcSnapshots, "%s %s[%d]: cannot load the snapshot (%s); the state starts afresh", m_group.c_str(),
                  m_topic.c_str(), partition, e.what());
        return {};
    }
}

void PartitionSnapshots::save(std::int32_t partition, std::int64_t nextOffset, int users, const std::string& state)
{
    try {
        store::saveSnapshot(*m_db, m_group, {m_topic, partition, nextOffset}, m_format, users, state);
    } catch (const std::exception& e) {
        qCWarning(lcSnapshots, "%s %s[%d]: cannot save the snapshot: %s", m_group.c_str(), m_topic.c_str(), partition,
                  e.what());
    }
}

} // namespace nexus
