#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"
#include "backend/analysis/ReadingContext.h"

#include <array>

/// Signal-quality detectors: problems with the readings, reported as sensor alerts (never as
/// health findings).
namespace nexus::analysis {

/// No readings for longer than DropoutSettings::minGapUs. A gap found at a reading is *pending*
/// until the user's event time is confirmAfterUs past its end: late readings inside it split it
/// (pieces ≤ minGapUs vanish), and the first gap after a lost upload is a delivery problem, not
/// reported. A confirmed gap is reported open and closed at once; a silent device is opened early
/// by tick(). At most kMaxPending gaps wait (with the defaults at most 7 fit in confirmAfterUs);
/// when full, the oldest is reported early.
class DropoutDetector
{
public:
    static constexpr int kMaxPending = 8;

    void feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx, const DetectorSettings& settings);
    /// A reading at or before the user's newest (`newestUs`), dropped by the other detectors: a
    /// late upload. Splits the pending gap it falls in.
    void noteLateReading(const HealthSample& s, TimestampUs newestUs, const EmitContext& ctx,
                         const DetectorSettings& settings);
    /// One of the user's uploads was lost (undecodable): the next gap found is not reported. The
    /// note expires at a reading that follows its predecessor without a gap.
    void noteLostUpload();
    /// Event time moved to `nowUs` without readings: reports pending gaps now confirmed and, after
    /// minGapUs + confirmAfterUs of silence since `lastSampleUs` (HR `lastHrBpm`), opens a dropout.
    void tick(TimestampUs nowUs, TimestampUs lastSampleUs, std::uint16_t lastHrBpm, const EmitContext& ctx,
              const DetectorSettings& settings);
    /// Reports every pending gap at `nowUs` (end of input: no late reading can come any more).
    void confirmAll(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);

    int pendingCount() const { return int(m_pendingCount); }
    int lostUploadNotes() const { return int(m_lostUploads); }

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    /// A gap between two readings, both excluded.
    struct Gap
    {
        TimestampUs startUs = 0; ///< the reading before the gap
        TimestampUs endUs = 0;   ///< the reading after it
        std::uint16_t startHrBpm = 0;
        std::uint16_t endHrBpm = 0;
    };

    void addPending(const Gap& gap, TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    void removePending(int index);
    void confirmDue(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    void report(const Gap& gap, TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    void closeSilence(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx,
                      const DetectorSettings& settings);
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;

    std::array<Gap, kMaxPending> m_pending{}; ///< [0, m_pendingCount) in time order, disjoint
    std::uint8_t m_pendingCount = 0;
    std::uint8_t m_lostUploads = 0; ///< lost-upload notes not yet matched to a gap
    Episode m_episode{true};        ///< open only between tick()'s silence and the next reading
};

/// The same HR value on FlatlineSettings::minReadings consecutive readings.
class FlatlineDetector
{
public:
    void feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx, const DetectorSettings& settings);
    void tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    /// True while a run is long enough to be an open flat-line: its readings are not physiology.
    bool isOpen() const { return m_episode.isOpen(); }
    /// Identical consecutive readings so far, the newest included.
    int runLength() const { return int(m_runCount); }

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    std::uint32_t m_runCount = 0; ///< consecutive readings with HR == m_runHrBpm
    std::uint16_t m_runHrBpm = 0;
    Episode m_episode{true};
};

/// HR out of the plausible range, or spikes: ≥ 2 jumps of ≥ 50 bpm within 5 min outside workouts.
class ImplausibleDetector
{
public:
    void feed(const HealthSample& s, const ReadingInfo& info, const EmitContext& ctx, const DetectorSettings& settings);
    void tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    bool isOpen() const { return m_episode.isOpen(); }

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    EpisodeText describe(const Episode& e, const DetectorSettings& settings) const;
    TimestampUs m_lastJumpUs = 0; ///< newest jump reading (0 = none)
    float m_lastJumpBpm = 0.0f;
    std::uint16_t m_lastJumpHrBpm = 0;
    Episode m_episode{true};
};

} // namespace nexus::analysis
