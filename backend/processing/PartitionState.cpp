#include "backend/processing/PartitionState.h"

#include "backend/analysis/StateBlob.h"

#include <cstdint>

namespace nexus {

namespace {
constexpr std::uint32_t kMagic = 0x5350584e; // "NXPS"
} // namespace

std::string encodePartitionState(const PartitionState& state)
{
    std::string out;
    analysis::BlobWriter w(out);
    w.put(kMagic);
    w.putBytes(state.twins);
    w.put(std::uint32_t(state.detectors.size()));
    for (const auto& [user, blob] : state.detectors) {
        w.putBytes(user);
        w.putBytes(blob);
    }
    return out;
}

bool decodePartitionState(std::string_view bytes, PartitionState& state)
{
    analysis::BlobReader r(bytes);
    std::uint32_t magic = 0, count = 0;
    if (!r.get(magic) || magic != kMagic || !r.getBytes(state.twins) || !r.get(count))
        return false;
    state.detectors.clear();
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        std::string user, blob;
        if (r.getBytes(user) && r.getBytes(blob))
            state.detectors.emplace_back(std::move(user), std::move(blob));
    }
    return r.ok() && r.atEnd();
}

} // namespace nexus
