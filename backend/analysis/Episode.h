#pragma once

#include "backend/analysis/Evidence.h"
#include "backend/analysis/StateBlob.h"
#include "models/events/Alert.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nexus::analysis {

/// Where detectors put their messages while one batch is analysed.
struct EmitContext
{
    const std::string& userId;
    TimestampUs sentAtUs = 0; ///< the batch's sentAtUs, copied into every alert (latency only)
    std::vector<AlertEvent>& out;
};

/// What a detector says about the episode in each message.
struct EpisodeText
{
    std::string message; ///< one line, e.g. "HR 128 bpm at rest for 12 min"
    std::string_view unit;
    AlertSeverity severity = AlertSeverity::Warning;
};

/// One detector's episode for one user: idle → candidate (abnormal readings seen, not yet
/// confirmed) → open (alert raised) → idle again after closing. Keeps the peak, the evidence and
/// when it last spoke; emits open/update/closed messages. O(1) state plus heap evidence only while
/// not idle.
class Episode
{
public:
    enum class Phase : std::uint8_t
    {
        Idle,
        Candidate,
        Open
    };

    /// `higherIsWorse` picks the peak: the maximum (tachycardia) or the minimum (SpO2).
    explicit Episode(bool higherIsWorse = true) { m_core.higherIsWorse = higherIsWorse; }
    Episode(Episode&&) noexcept = default;
    Episode& operator=(Episode&&) noexcept = default;

    Phase phase() const { return m_core.phase; }
    bool idle() const { return m_core.phase == Phase::Idle; }
    bool isOpen() const { return m_core.phase == Phase::Open; }
    TimestampUs startUs() const { return m_core.startUs; }
    TimestampUs lastHitUs() const { return m_core.lastHitUs; }
    double peak() const { return m_core.peak; }
    int hits() const { return int(m_core.hits); }
    int misses() const { return int(m_core.misses); }
    /// Event time of the first reading of the current run of clear readings; 0 when not clearing.
    TimestampUs clearSinceUs() const { return m_core.clearSinceUs; }
    int clearReadings() const { return int(m_core.clearReadings); }
    /// A candidate that met its persistence rule but waits (e.g. for a confirm delay) before opening.
    bool confirmed() const { return m_core.confirmed; }
    void setConfirmed() { m_core.confirmed = true; }

    /// Starts a candidate at the abnormal reading `tsUs` (any previous state is dropped).
    void begin(TimestampUs tsUs, double value) { begin(tsUs, value, value); }
    /// The same, when the evidence shows another quantity than the peak (a dropout's peak is the
    /// gap in minutes, its evidence the HR readings around it).
    void begin(TimestampUs tsUs, double value, double evidenceValue) { begin(tsUs, tsUs, value, evidenceValue); }
    /// The same, for an episode that starts (`startUs`) before its first hit (`tsUs`), as a
    /// window of beats or a night does.
    void begin(TimestampUs startUs, TimestampUs tsUs, double value, double evidenceValue);
    /// Another abnormal reading: extends the episode, updates the peak, adds evidence.
    void hit(TimestampUs tsUs, double value) { hit(tsUs, value, value); }
    void hit(TimestampUs tsUs, double value, double evidenceValue);
    /// Adds evidence without counting a hit (e.g. the reading before a jump).
    void addEvidence(TimestampUs tsUs, double value);
    /// A reading that is not a hit while a candidate (counted against the candidate).
    void miss() { ++m_core.misses; }
    /// A clear reading while open: starts or extends the run of clear readings.
    void clear(TimestampUs tsUs);
    /// A reading that interrupts a clear run without being a hit.
    void resetClear();
    /// Back to idle, forgetting everything.
    void reset();

    /// Candidate → open: emits the open message at reading `tsUs`.
    void open(const EmitContext& ctx, std::string_view detector, TimestampUs tsUs, const EpisodeText& text);
    /// Emits an update when the episode grew and the severity rose or `everyUs` passed since the
    /// last message. Call after hits while open.
    void maybeUpdate(const EmitContext& ctx, std::string_view detector, TimestampUs tsUs, const EpisodeText& text,
                     DurationUs everyUs);
    /// Emits the closed message (endUs = the last hit) and goes back to idle.
    void close(const EmitContext& ctx, std::string_view detector, TimestampUs tsUs, const EpisodeText& text);

    /// Snapshot support (see HealthAnalyzer::saveUserState).
    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    struct Core
    {
        TimestampUs startUs = 0;
        TimestampUs lastHitUs = 0;
        TimestampUs lastEmitUs = 0;
        TimestampUs lastEvidenceEmitUs = 0; ///< lastHitUs at the last message: "grew since" test
        TimestampUs clearSinceUs = 0;
        float peak = 0.0f;
        std::uint32_t hits = 0;
        std::uint16_t misses = 0;
        std::uint16_t clearReadings = 0;
        Phase phase = Phase::Idle;
        AlertSeverity emittedSeverity = AlertSeverity::Info;
        bool higherIsWorse = true;
        bool confirmed = false;
    };

    AlertEvent makeEvent(const EmitContext& ctx, std::string_view detector, AlertState state, TimestampUs tsUs,
                         const EpisodeText& text) const;
    void emit(const EmitContext& ctx, std::string_view detector, AlertState state, TimestampUs tsUs,
              const EpisodeText& text);

    Core m_core;
    std::unique_ptr<EvidenceBuffer> m_evidence; // null while idle
};

/// Formats a number for a message: integers without decimals, others with `decimals`.
std::string formatNumber(double v, int decimals = 1);
/// "12 min", "2 h 5 min" for a duration in microseconds (rounded to minutes).
std::string formatDuration(DurationUs us);
/// The episode key "detector:user:startUs".
std::string alertIdOf(std::string_view detector, const std::string& userId, TimestampUs startUs);

} // namespace nexus::analysis
