#include "backend/processing/PartitionState.h"

#include "backend/analysis/StateBlob.h"

#include <cstdint>

namespace nexus {

namespace {

constexpr std::uint32_t kMagic = 0x5350584e;         // "NXPS"
constexpr std::uint32_t kActivityMagic = 0x5341584e; // "NXAS"

void putUsers(analysis::BlobWriter& w, const UserStates& users)
{
    w.put(std::uint32_t(users.size()));
    for (const auto& [user, blob] : users) {
        w.putBytes(user);
        w.putBytes(blob);
    }
}

/// Reads what putUsers wrote; false (the reader failed) when the bytes end early.
bool getUsers(analysis::BlobReader& r, UserStates& users)
{
    std::uint32_t count = 0;
    users.clear();
    if (!r.get(count))
        return false;
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        std::string user, blob;
        if (r.getBytes(user) && r.getBytes(blob))
            users.emplace_back(std::move(user), std::move(blob));
    }
    return r.ok();
}

} // namespace

std::string encodePartitionState(const PartitionState& state)
{
    std::string out;
    analysis::BlobWriter w(out);
    w.put(kMagic);
    w.putBytes(state.twins);
    putUsers(w, state.detectors);
    return out;
}

bool decodePartitionState(std::string_view bytes, PartitionState& state)
{
    analysis::BlobReader r(bytes);
    std::uint32_t magic = 0;
    return r.get(magic) && magic == kMagic && r.getBytes(state.twins) && getUsers(r, state.detectors) && r.atEnd();
}

std::string encodeActivityState(const UserStates& users)
{
    std::string out;
    analysis::BlobWriter w(out);
    w.put(kActivityMagic);
    putUsers(w, users);
    return out;
}

bool decodeActivityState(std::string_view bytes, UserStates& users)
{
    analysis::BlobReader r(bytes);
    std::uint32_t magic = 0;
    return r.get(magic) && magic == kActivityMagic && getUsers(r, users) && r.atEnd();
}

} // namespace nexus
