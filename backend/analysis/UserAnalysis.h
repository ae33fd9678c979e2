#pragma once

#include "backend/analysis/HeartRateDetectors.h"
#include "backend/analysis/NightlyDetectors.h"
#include "backend/analysis/ReadingContext.h"
#include "backend/analysis/RhythmDetector.h"
#include "backend/analysis/SignalQualityDetectors.h"
#include "backend/analysis/Spo2Detector.h"

namespace nexus::analysis {

/// Everything the analyzer keeps for one user: the reading context and every detector's state.
/// Fixed size (bounded rings, no growing containers); evidence buffers live on the heap only while
/// an episode is a candidate or open.
class UserAnalysis
{
public:
    TimestampUs lastSampleUs() const { return m_context.lastSampleUs(); }
    TimestampUs lastBeatUs() const { return m_rhythm.lastBeatUs(); }

    /// One reading newer than lastSampleUs().
    void sample(const HealthSample& s, const EmitContext& ctx, const DetectorSettings& settings);
    /// One RR beat ending at `endUs`, newer than lastBeatUs().
    void beat(TimestampUs endUs, std::uint16_t rrMs, const EmitContext& ctx, const DetectorSettings& settings);
    /// A reading at or before lastSampleUs() (late or duplicated): only fills pending dropouts.
    void lateSample(const HealthSample& s, const EmitContext& ctx, const DetectorSettings& settings);
    /// One of the user's uploads could not be decoded: the next gap is delivery, not the sensor.
    void noteLostUpload() { m_dropout.noteLostUpload(); }
    /// Event time moved to `nowUs` without readings: time-outs only.
    void advanceTo(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings);
    /// End of input: pending dropouts are reported now, at the newest reading's time.
    void finish(const EmitContext& ctx, const DetectorSettings& settings);

    const ReadingContext& context() const { return m_context; }
    const NightlyDetectors& nightly() const { return m_nightly; }
    const DropoutDetector& dropout() const { return m_dropout; }

    void save(BlobWriter& w) const;
    bool load(BlobReader& r);

private:
    ReadingContext m_context;
    DropoutDetector m_dropout;
    FlatlineDetector m_flatline;
    ImplausibleDetector m_implausible;
    TachycardiaDetector m_tachycardia;
    BradycardiaDetector m_bradycardia;
    Spo2Detector m_spo2;
    RhythmDetector m_rhythm;
    NightlyDetectors m_nightly;
};

} // namespace nexus::analysis
