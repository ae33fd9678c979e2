#include "backend/analysis/UserAnalysis.h"

namespace nexus::analysis {

void UserAnalysis::sample(const HealthSample& s, const EmitContext& ctx, const DetectorSettings& settings)
{
    // Thresholds come from the baseline before this reading, so a reading never judges itself.
    const double tachyBpm = TachycardiaDetector::thresholdBpm(m_context, settings);
    const double bradyBpm = BradycardiaDetector::thresholdBpm(m_context, settings);
    ReadingInfo info = m_context.observe(s, settings.context);

    // Sensor detectors first: what they flag is not health evidence.
    m_dropout.feed(s, info, ctx, settings);
    m_rhythm.tick(s.tsUs, ctx, settings);
    m_flatline.feed(s, info, ctx, settings);
    m_implausible.feed(s, info, ctx, settings);
    info.suspect = m_implausible.isOpen() || m_flatline.runLength() >= settings.flatline.suspectAfterReadings;
    const bool tachyHit = m_tachycardia.feed(s, info, tachyBpm, ctx, settings);
    const bool bradyHit = m_bradycardia.feed(s, info, bradyBpm, ctx, settings);
    m_spo2.feed(s, ctx, settings);

    // Only quiet, trustworthy, awake rest readings teach the baseline the thresholds adapt to.
    if (info.atRest && !info.asleep && info.plausible && !info.suspect && !tachyHit && !bradyHit &&
        m_tachycardia.idle() && m_bradycardia.idle())
        m_context.learnAwakeRest(s.hrBpm, settings.context);

    NightSummary night;
    if (m_rhythm.takeNight(s.tsUs, info.asleep, settings, night))
        m_nightly.night(night, s.tsUs, ctx, settings);
}

void UserAnalysis::beat(TimestampUs endUs, std::uint16_t rrMs, const EmitContext& ctx, const DetectorSettings& settings)
{
    m_rhythm.beat(endUs, rrMs, ctx, settings);
}

void UserAnalysis::lateSample(const HealthSample& s, const EmitContext& ctx, const DetectorSettings& settings)
{
    m_dropout.noteLateReading(s, m_context.lastSampleUs(), ctx, settings);
}

void UserAnalysis::advanceTo(TimestampUs nowUs, const EmitContext& ctx, const DetectorSettings& settings)
{
    if (nowUs <= m_context.lastSampleUs())
        return;
    m_dropout.tick(nowUs, m_context.lastSampleUs(), m_context.lastHrBpm(), ctx, settings);
    m_rhythm.tick(nowUs, ctx, settings);
    m_flatline.tick(nowUs, ctx, settings);
    m_implausible.tick(nowUs, ctx, settings);
    m_tachycardia.tick(nowUs, ctx, settings);
    m_bradycardia.tick(nowUs, ctx, settings);
    m_spo2.tick(nowUs, ctx, settings);
    NightSummary night;
    if (m_rhythm.takeNight(nowUs, m_context.asleepAt(nowUs), settings, night))
        m_nightly.night(night, nowUs, ctx, settings);
}

void UserAnalysis::finish(const EmitContext& ctx, const DetectorSettings& settings)
{
    m_dropout.confirmAll(m_context.lastSampleUs(), ctx, settings);
}

void UserAnalysis::save(BlobWriter& w) const
{
    m_context.save(w);
    m_dropout.save(w);
    m_flatline.save(w);
    m_implausible.save(w);
    m_tachycardia.save(w);
    m_bradycardia.save(w);
    m_spo2.save(w);
    m_rhythm.save(w);
    m_nightly.save(w);
}

bool UserAnalysis::load(BlobReader& r)
{
    return m_context.load(r) && m_dropout.load(r) && m_flatline.load(r) && m_implausible.load(r) &&
           m_tachycardia.load(r) && m_bradycardia.load(r) && m_spo2.load(r) && m_rhythm.load(r) && m_nightly.load(r);
}

} // namespace nexus::analysis
