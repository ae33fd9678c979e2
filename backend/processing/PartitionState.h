#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nexus {

/// What a processor keeps of one partition's users between owners: their twins
/// (TwinTable::savePartition) and each user's detector state (HealthAnalyzer::saveUserState).
/// Stored as the snapshot's bytes with format kPartitionStateFormat.
struct PartitionState
{
    std::string twins;
    std::vector<std::pair<std::string, std::string>> detectors; ///< (user id, detector state)
};

constexpr int kPartitionStateFormat = 2;

std::string encodePartitionState(const PartitionState& state);
/// False when the bytes are not a whole PartitionState (truncated or something else).
bool decodePartitionState(std::string_view bytes, PartitionState& state);

} // namespace nexus
