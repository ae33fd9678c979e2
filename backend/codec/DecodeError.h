#pragma once

#include <string>

namespace nexus {

/// Why a message could not be decoded. `reason` is a stable short code (used as a counter label
/// and in the dead-letter topic later); `detail` names the field and the problem for humans.
struct DecodeError
{
    std::string reason; ///< e.g. "not-json", "missing-field", "bad-type", "out-of-range", "unordered"
    std::string detail; ///< e.g. "samples[3].hr_bpm = 400 is outside 20..250"

    bool ok() const { return reason.empty(); }
};

} // namespace nexus
