#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nexus {

/// Per-user state of one partition's users: (user id, that user's state bytes).
using UserStates = std::vector<std::pair<std::string, std::string>>;

/// What the health processor keeps of one partition's users between owners: their twins
/// (TwinTable::savePartition) and each user's detector state (HealthAnalyzer::saveUserState).
/// Stored as the snapshot's bytes with format kPartitionStateFormat.
struct PartitionState
{
    std::string twins;
    UserStates detectors; ///< (user id, detector state)
};

constexpr int kPartitionStateFormat = 2;

std::string encodePartitionState(const PartitionState& state);
/// False when the bytes are not a whole PartitionState (truncated or something else).
bool decodePartitionState(std::string_view bytes, PartitionState& state);

/// What the activity processor keeps of one partition's users between owners: each user's
/// tracker state (ActivityTracker::saveUserState). Stored with format kActivityStateFormat, a
/// number of its own so that neither processor reads the other's snapshots.
constexpr int kActivityStateFormat = 101;

std::string encodeActivityState(const UserStates& users);
/// False when the bytes are not a whole activity state (truncated or something else).
bool decodeActivityState(std::string_view bytes, UserStates& users);

} // namespace nexus
