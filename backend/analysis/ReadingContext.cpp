#include "backend/analysis/ReadingContext.h"

namespace nexus::analysis {

ReadingInfo ReadingContext::observe(const HealthSample& s, const ContextSettings& settings)
{
    ReadingInfo info;
    if (m_s.lastSampleUs != 0) {
        info.sincePreviousUs = s.tsUs - m_s.lastSampleUs;
        info.previousHrBpm = m_s.lastHrBpm;
        info.previousWorkout = m_s.lastWorkout;
    }
    if (s.workout)
        m_s.lastWorkoutUs = s.tsUs;
    info.postWorkout = !s.workout && m_s.lastWorkoutUs != 0 && s.tsUs - m_s.lastWorkoutUs < settings.postWorkoutUs;
    info.atRest = !s.workout && !info.postWorkout && s.steps == 0;

    // Steps or a workout end the sleep hint at once; an SpO2 reading (re)starts it.
    if (s.steps > 0 || s.workout)
        m_s.asleepUntilUs = 0;
    if (s.spo2Pct != 0 && !s.workout)
        m_s.asleepUntilUs = s.tsUs + settings.sleepHintHoldUs;
    info.asleep = s.tsUs < m_s.asleepUntilUs;
    info.plausible = s.hrBpm >= settings.minPlausibleBpm && s.hrBpm <= settings.maxPlausibleBpm;

    m_s.lastSampleUs = s.tsUs;
    m_s.lastHrBpm = s.hrBpm;
    m_s.lastWorkout = s.workout;
    return info;
}

void ReadingContext::learnAwakeRest(double hrBpm, const ContextSettings& settings)
{
    if (m_s.baselineReadings < std::uint32_t(settings.baselineWarmupReadings)) {
        ++m_s.baselineReadings;
        m_s.awakeRestBpm += (hrBpm - m_s.awakeRestBpm) / m_s.baselineReadings;
        return;
    }
    m_s.awakeRestBpm += settings.baselineAlpha * (hrBpm - m_s.awakeRestBpm);
}

} // namespace nexus::analysis
