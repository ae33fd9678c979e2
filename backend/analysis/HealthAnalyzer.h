#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "models/events/Alert.h"
#include "models/events/HealthBatch.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nexus::analysis {
class UserAnalysis;
}

namespace nexus {

/// Per-user streaming health detectors (docs/detectors.md): tachycardia at rest, bradycardia,
/// SpO2 low, irregular rhythm, resting HR elevated, HRV drop, and the sensor problems dropout,
/// flat-line and implausible readings. Feed it each user's uploads in order; it keeps O(1) state
/// per user and emits one alert per episode (open, updates, closed). Pure logic in event time:
/// no clock, no I/O. Not thread-safe: one analyzer per processing thread (users are partitioned
/// by key, so a user's state lives on one thread).
class HealthAnalyzer
{
public:
    struct Stats
    {
        std::uint64_t samples = 0;      ///< readings analysed
        std::uint64_t staleSamples = 0; ///< readings at or before the user's newest (duplicates, late): dropout only
        std::uint64_t beats = 0;        ///< RR beats analysed
        std::uint64_t staleBeats = 0;
        std::uint64_t alerts = 0;      ///< messages emitted (open + update + closed)
        std::uint64_t lostUploads = 0; ///< noteLostUpload() calls for known users
    };

    explicit HealthAnalyzer(analysis::DetectorSettings settings = {});
    ~HealthAnalyzer();
    HealthAnalyzer(const HealthAnalyzer&) = delete;
    HealthAnalyzer& operator=(const HealthAnalyzer&) = delete;

    /// Analyses one upload and appends the alert messages it causes to `out`, in event-time order
    /// per detector. Readings and beats are merged in event-time order; those at or before the
    /// user's newest already seen (duplicate or late uploads) only fill gaps the dropout detector
    /// still holds pending, and are dropped for every other detector. Every message carries
    /// batch.sentAtUs as sourceSentAtUs.
    void analyze(const HealthBatch& batch, std::vector<AlertEvent>& out);

    /// The processor could not decode a message keyed by `userId`: that upload's readings are lost.
    /// The user's next gap in readings (one gap per call) is then a delivery problem, not reported
    /// as a sensor dropout; the note expires at a reading that follows its predecessor without a
    /// gap. Does nothing for a user without readings yet (no gap can follow).
    void noteLostUpload(const std::string& userId);

    /// Moves `userId`'s event time to `nowEventUs` without readings (a watermark): closes episodes
    /// whose time-outs passed, reports dropouts whose confirmation delay passed
    /// (DropoutSettings::confirmAfterUs) and opens a dropout for a device silent for longer than
    /// minGapUs + confirmAfterUs. Does nothing for unknown users or a time not after the user's
    /// newest reading.
    void flush(const std::string& userId, TimestampUs nowEventUs, std::vector<AlertEvent>& out);
    /// flush() for every user.
    void flushAll(TimestampUs nowEventUs, std::vector<AlertEvent>& out);
    /// End of input for `userId` (a file or replay ran out): no late reading can come any more, so
    /// its pending dropouts are reported now, at its newest reading's time. Does nothing for
    /// unknown users.
    void finish(const std::string& userId, std::vector<AlertEvent>& out);

    /// Snapshot of one user's detector state (binary, for the same build; see docs/detectors.md).
    /// False for an unknown user.
    bool saveUserState(const std::string& userId, std::string& blob) const;
    /// Replaces `userId`'s state with a snapshot. False (state unchanged) when the blob is not a
    /// snapshot of this build's layout or is truncated.
    bool restoreUserState(const std::string& userId, std::string_view blob);
    void forgetUser(const std::string& userId);

    std::size_t userCount() const;
    const Stats& stats() const { return m_stats; }
    const analysis::DetectorSettings& settings() const { return m_settings; }
    /// The fixed per-user state in bytes (without the map node, the key and evidence buffers of
    /// candidate or open episodes).
    static std::size_t stateBytesPerUser();

    /// Read access for tests and reports; nullptr for an unknown user.
    const analysis::UserAnalysis* user(const std::string& userId) const;

private:
    struct Users;
    analysis::DetectorSettings m_settings;
    std::unique_ptr<Users> m_users;
    Stats m_stats;
};

} // namespace nexus
