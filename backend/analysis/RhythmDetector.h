#pragma once

#include "backend/analysis/DetectorSettings.h"
#include "backend/analysis/Episode.h"

#include <array>

namespace nexus::analysis {

/// One night's beat-to-beat summary, handed to the nightly detectors.
struct NightSummary
{
    TimestampUs firstBeatUs = 0; ///< start of the night's first beat
    TimestampUs lastBeatUs = 0;  ///< end of its last beat
    int beats = 0;
    double meanRrMs = 0.0;
    double rmssdMs = 0.0;
    bool irregular = false; ///< an irregular window was seen: HRV and resting HR are not comparable
};

/// Statistics of one window of RR intervals (exposed for tests and docs).
struct RrWindowStats
{
    double meanRrMs = 0.0;
    double rmssdMs = 0.0;
    double normRmssd = 0.0;     ///< rMSSD / mean RR
    double rmssdToSdnn = 0.0;   ///< rMSSD / SDNN
    double turningPoints = 0.0; ///< turning points / (n − 2)
    double lag2Autocorr = 0.0;  ///< autocorrelation at lag 2 (−1 for a 4-beat breathing rhythm, ~0 when independent)
};
RrWindowStats rrWindowStats(const std::uint16_t* rrMs, int n);

/// Irregular rhythm on the RR stream: sliding windows of RhythmSettings::windowBeats beats,
/// judged every strideBeats beats; a window is irregular when it is both variable (normalised
/// rMSSD) and beat-to-beat independent (rMSSD/SDNN, turning points), which smooth respiratory
/// sinus arrhythmia is not. Also sums the night's beats into a NightSummary.
class RhythmDetector
{
public:
    static constexpr int kMaxWindowBeats = 64;

    /// End of the newest beat seen; the caller drops beats at or before it (duplicates).
    TimestampUs lastBeatUs() const { return m_s.lastBeatUs; }

    /// One beat of `rrMs` ending at `endUs`, in order.
    void beat(TimestampUs endUs, std::uint16_t rrMs, const EmitContext& ctx, const DetectorSettings& settings);
    /// Closes an episode when the beats stopped closeAfterSilenceUs ago.
    void tick(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    /// When the collected night is over (the user is awake and its last beat is nightEndAfterUs
    /// old), moves its summary to `out` and returns true. Nights with too few beats are dropped.
    bool takeNight(TimestampUs nowUs, bool asleep, const DetectorSettings& settings, NightSummary& out);
    /// Whether a window's statistics make it irregular for this user (RhythmSettings).
    bool irregular(const RrWindowStats& st, const RhythmSettings& settings) const;

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    void evaluate(TimestampUs endUs, const EmitContext& ctx, const DetectorSettings& settings);
    EpisodeText describe(const DetectorSettings& settings) const;

    struct State
    {
        std::array<std::uint16_t, kMaxWindowBeats> ring{}; ///< newest kMaxWindowBeats RR intervals
        TimestampUs lastBeatUs = 0;
        std::uint16_t head = 0;      ///< next slot to write
        std::uint16_t filled = 0;    ///< beats in the ring since the last discontinuity
        std::uint16_t sinceEval = 0; ///< beats since the last window evaluation
        std::uint8_t irregularRun = 0;
        std::uint8_t regularRun = 0;
        double flaggedRrSumMs = 0.0;      ///< mean RR of the episode's irregular windows, summed…
        std::uint32_t flaggedWindows = 0; ///< …over this many

        TimestampUs nightFirstUs = 0;
        TimestampUs nightLastUs = 0;
        double nightRrSumMs = 0.0;
        double nightSqDiffSum = 0.0;
        std::uint32_t nightBeats = 0;
        std::uint32_t nightDiffs = 0;
        std::uint16_t nightPrevRrMs = 0; ///< 0 after a discontinuity: no successive difference across it
        bool nightIrregular = false;
        float typicalRmssdMs = 0.0f; ///< EWMA of regular nights' rMSSD; 0 = no night yet
    };
    State m_s;
    Episode m_episode{true};
};

} // namespace nexus::analysis
