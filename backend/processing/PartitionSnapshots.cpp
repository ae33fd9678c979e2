#include "backend/processing/PartitionSnapshots.h"

#include "backend/analysis/HealthAnalyzer.h"
#include "backend/processing/PartitionState.h"
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

namespace {

/// Reads a snapshot's bytes into `state`; false when this build cannot read them (snapshots of
/// format 1 held twins of an older layout only).
bool readSnapshot(const store::TwinSnapshot& snapshot, PartitionState& state)
{
    return snapshot.format == kPartitionStateFormat && decodePartitionState(snapshot.state, state);
}

/// Restores each user's detectors; a blob from another build leaves that user's detectors fresh.
int restoreDetectors(HealthAnalyzer& analyzer, const PartitionState& state)
{
    int refused = 0;
    for (const auto& [user, blob] : state.detectors)
        if (!analyzer.restoreUserState(user, blob)) {
            analyzer.forgetUser(user);
            ++refused;
        }
    return refused;
}

} // namespace

PartitionSnapshots::Restored PartitionSnapshots::restore(TwinTable& table, HealthAnalyzer& analyzer,
                                                        std::int32_t partition)
{
    try {
        const auto snapshot = store::loadSnapshot(*m_db, m_group, m_topic, partition);
        const auto stored = store::storedPositions(*m_db, m_group, m_topic);
        const auto it = stored.find(partition);
        const std::int64_t storedAt = it == stored.end() ? -1 : it->second;
        PartitionState state;
        if (snapshot && readSnapshot(*snapshot, state) && table.restorePartition(partition, state.twins)) {
            if (const int refused = restoreDetectors(analyzer, state))
                qCWarning(lcSnapshots, "%s[%d]: %d users' detector state was written by another build; their "
                          "detectors start afresh", m_topic.c_str(), partition, refused);
            std::int64_t resume = storedAt >= 0 ? std::min(snapshot->nextOffset, storedAt) : snapshot->nextOffset;
            if (!m_resumeFromStore)
                resume = -1;
            qCInfo(lcSnapshots, "%s[%d]: restored %d twins and %zu users' detectors, resuming at %s",
                   m_topic.c_str(), partition, snapshot->twins, state.detectors.size(),
                   resume >= 0 ? ("offset " + std::to_string(resume)).c_str() : "the group's position (a new bus)");
            return {resume, m_resumeFromStore ? snapshot->nextOffset : -1}; // offsets of this bus only
        }
        if (snapshot && !m_warnedForeignFormat) { // once: after an upgrade every partition has one
            m_warnedForeignFormat = true;
            qCWarning(lcSnapshots, "%s: the stored snapshots were written by another build (another layout); the "
                      "partitions' twins and detectors start afresh", m_topic.c_str());
        }
        if (m_resumeFromStore && storedAt >= 0) {
            // The partition was processed before (the store has its rows) but its twins were never
            // saved, e.g. a crash within the first snapshot interval: rebuild them from what the
            // bus retains; rows already stored are recognised and skipped.
            qCInfo(lcSnapshots, "%s[%d]: no snapshot; replaying from the beginning to rebuild the twins",
                   m_topic.c_str(), partition);
            return {0, -1};
        }
        return {};
    } catch (const std::exception& e) {
        qCWarning(lcSnapshots, "%s[%d]: cannot load the snapshot (%s); twins start afresh", m_topic.c_str(),
                  partition, e.what());
        return {};
    }
}

void PartitionSnapshots::save(const TwinTable& table, const HealthAnalyzer& analyzer, std::int32_t partition,
                              std::int64_t nextOffset)
{
    try {
        int twins = 0;
        PartitionState state;
        state.twins = table.savePartition(partition, &twins);
        // A user has a twin once a batch was applied, and the same batch went to the detectors.
        for (std::string& user : table.usersOf(partition)) {
            std::string blob;
            if (analyzer.saveUserState(user, blob))
                state.detectors.emplace_back(std::move(user), std::move(blob));
        }
        store::saveSnapshot(*m_db, m_group, {m_topic, partition, nextOffset}, kPartitionStateFormat, twins,
                            encodePartitionState(state));
    } catch (const std::exception& e) {
        qCWarning(lcSnapshots, "%s[%d]: cannot save the snapshot: %s", m_topic.c_str(), partition, e.what());
    }
}

} // namespace nexus
