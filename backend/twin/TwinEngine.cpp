#include "backend/twin/TwinEngine.h"

#include "backend/twin/TwinScoring.h"

#include <algorithm>
#include <cmath>

namespace nexus {

namespace {
constexpr DurationUs kBucketUs = 300 * kUsPerSecond;
constexpr int kMinHrvBaselineNights = 3;
constexpr int kMinHrvRangeNights = 14;
constexpr int kMinRhrBaselineDays = 7;
constexpr int kMinRegularityNights = 3;
constexpr int kMinRestingBucketSamples = 60; ///< a minute of 1 Hz data in a 5-minute bucket
} // namespace

TwinEngine::TwinEngine(const TwinSettings& settings)
    : m_settings(settings)
{
    auto decay = [&](int days) {
        return settings.pmcConstant == PmcConstant::Linear ? 1.0 / days : 1.0 - std::exp(-1.0 / days);
    };
    m_kCtl = decay(settings.ctlDays);
    m_kAtl = decay(settings.atlDays);
    m_lambdaAcute = 2.0 / (settings.acwrAcuteDays + 1);
    m_lambdaChronic = 2.0 / (settings.acwrChronicDays + 1);
}

void TwinEngine::start(TwinState& twin, const AthleteProfile& profile, DayNumber firstDay) const
{
    const AthleteProfile copy = profile; // `profile` may be twin.profile itself
    twin = TwinState{};
    twin.profile = copy;
    twin.firstDay = firstDay;
    twin.day = firstDay;
    twin.started = true;
    twin.energy = static_cast<float>(m_settings.weights.energyInitial);
}

void TwinEngine::addLoad(TwinState& twin, double load) const { twin.today.load += load; }

trimp::WorkoutLoad TwinEngine::addWorkout(TwinState& twin, const WorkoutEntry& workout) const
{
    const trimp::WorkoutLoad w = trimp::ofWorkout(workout, twin.profile);
    twin.today.load += w.load();
    twin.today.trimp += w.banister;
    twin.today.edwardsTrimp += w.edwards;
    return w;
}

void TwinEngine::addNight(TwinState& twin, const NightEntry& night) const
{
    OpenDay& t = twin.today;
    t.inBedMin = static_cast<float>(night.inBedMin);
    t.asleepMin = static_cast<float>(night.asleepMin);
    const auto& rr = night.rrMs;
    if (rr.size() >= 2) {
        double sumSq = 0.0, sum = rr[0];
        for (std::size_t i = 1; i < rr.size(); ++i) {
            const double d = double(rr[i]) - double(rr[i - 1]);
            sumSq += d * d;
            sum += rr[i];
        }
        t.rmssd = static_cast<float>(std::sqrt(sumSq / double(rr.size() - 1)));
        t.nightRhr = static_cast<float>(60000.0 / (sum / double(rr.size())));
    }
}

void TwinEngine::addHrSample(TwinState& twin, TimestampUs tsUs, float hrBpm, std::uint16_t steps,
                             std::vector<TwinDay>* closedDays) const
{
    if (!twin.started)
        start(twin, twin.profile, dayOf(tsUs));
    if (tsUs <= twin.lastSampleUs)
        return;
    if (tsUs >= startOfDayUs(twin.day + 1)) {
        const DayNumber day = dayOf(tsUs);
        while (twin.day < day) {
            TwinDay closed = closeDay(twin);
            if (closedDays)
                closedDays->push_back(closed);
        }
        twin.lastSampleUs = 0; // no TRIMP across midnight: the next interval starts afresh
    }

    OpenDay& t = twin.today;
    if (twin.lastSampleUs > 0)
        addImpulse(twin, double(tsUs - twin.lastSampleUs) / kUsPerSecond, twin.lastHrBpm);

    if (tsUs >= twin.bucketEndUs) {
        closeBucket(twin);
        twin.bucketEndUs = (tsUs / kBucketUs + 1) * kBucketUs;
    }
    twin.bucketHrSum += hrBpm;
    ++twin.bucketSamples;
    twin.bucketSteps = static_cast<std::uint16_t>(std::min<int>(0xffff, twin.bucketSteps + steps));
    t.sawSamples = true;
    twin.lastSampleUs = tsUs;
    twin.lastHrBpm = hrBpm;
}

void TwinEngine::addImpulse(TwinState& twin, double seconds, float hrBpm) const
{
    const AthleteProfile& p = twin.profile;
    const double hrMax = p.effectiveHrMaxBpm();
    const double x = (hrBpm - p.hrRestBpm) / (hrMax - p.hrRestBpm);
    if (seconds > trimp::kMaxHoldSeconds || x < m_settings.liveTrainingHrrFraction)
        return;
    const double minutes = seconds / 60.0;
    const double impulse = minutes * x * 0.64 * std::exp(p.banisterExponent() * x);
    twin.today.trimp += impulse;
    twin.today.load += impulse;
    twin.today.edwardsTrimp += minutes * trimp::edwardsZone(hrBpm, hrMax);
}

std::size_t TwinEngine::addLateHrSamples(TwinState& twin,
                                         const std::vector<std::pair<TimestampUs, float>>& readings) const
{
    if (!twin.started)
        return 0;
    const TimestampUs dayStart = startOfDayUs(twin.day);
    std::size_t onOpenDay = 0;
    for (std::size_t i = 0; i < readings.size(); ++i) {
        const auto [tsUs, hrBpm] = readings[i];
        if (tsUs < dayStart)
            continue;
        ++onOpenDay;
        if (i + 1 < readings.size() && readings[i + 1].first > tsUs)
            addImpulse(twin, double(readings[i + 1].first - tsUs) / kUsPerSecond, hrBpm);
    }
    return onOpenDay;
}

void TwinEngine::closeBucket(TwinState& twin) const
{
    if (twin.bucketSamples == 0)
        return;
    OpenDay& t = twin.today;
    const float mean = twin.bucketHrSum / twin.bucketSamples;
    const float rest = twin.profile.hrRestBpm;
    constexpr int kBucketMinutes = 5;
    const bool inactive = twin.bucketSteps == 0;
    if (!inactive || mean >= rest + 10.0f)
        t.awakeMinutes = static_cast<std::uint16_t>(t.awakeMinutes + kBucketMinutes);
    if (inactive && mean >= rest + 20.0f)
        t.stressMinutes = static_cast<std::uint16_t>(t.stressMinutes + kBucketMinutes);
    if (inactive && twin.bucketSamples >= kMinRestingBucketSamples &&
        (t.lowestRestingBucketBpm == 0.0f || mean < t.lowestRestingBucketBpm))
        t.lowestRestingBucketBpm = mean;
    twin.bucketHrSum = 0.0f;
    twin.bucketSamples = 0;
    twin.bucketSteps = 0;
}

TwinDay TwinEngine::closeDay(TwinState& twin) const
{
    closeBucket(twin);
    const OpenDay& t = twin.today;
    const TwinSettings& s = m_settings;
    const int index = twin.day - twin.firstDay;
    TwinDay d;
    d.day = twin.day;
    d.load = t.load;
    d.trimp = t.trimp;
    d.edwardsTrimp = t.edwardsTrimp;

    // Performance management: form is yesterday's fitness minus yesterday's fatigue.
    scoring::ScoreInputs in;
    const double ctlYesterday = twin.ctl;
    d.tsb = twin.ctl - twin.atl;
    if (ctlYesterday > 0.0 && index >= s.acwrChronicDays) // a new twin's CTL is too young to judge form by
        in.formRatio = d.tsb / ctlYesterday;
    twin.ctl += m_kCtl * (t.load - twin.ctl);
    twin.atl += m_kAtl * (t.load - twin.atl);
    d.ctl = twin.ctl;
    d.atl = twin.atl;
    if (twin.ctlHistory.size() >= twin_capacity::kCtlDays)
        d.rampRate = twin.ctl - twin.ctlHistory.at(twin_capacity::kCtlDays - 1);
    twin.ctlHistory.push(twin.ctl);

    // Acute:chronic workload ratios.
    if (index == 0) {
        twin.acwrAcute = t.load;
        twin.acwrChronic = t.load;
    } else {
        twin.acwrAcute += m_lambdaAcute * (t.load - twin.acwrAcute);
        twin.acwrChronic += m_lambdaChronic * (t.load - twin.acwrChronic);
    }
    if (index >= s.acwrChronicDays && twin.acwrChronic > 0.0)
        d.acwrEwma = twin.acwrAcute / twin.acwrChronic;
    twin.loads.push(t.load);
    if (index >= s.acwrChronicDays - 1) {
        const double acute = twin.loads.stats(s.acwrAcuteDays).mean;
        const double coupled = twin.loads.stats(s.acwrChronicDays).mean;
        const double uncoupled = twin.loads.stats(s.acwrChronicDays - s.acwrAcuteDays, s.acwrAcuteDays).mean;
        if (coupled > 0.0)
            d.acwrRollingCoupled = acute / coupled;
        if (uncoupled > 0.0)
            d.acwrRollingUncoupled = acute / uncoupled;
    }

    // HRV: tonight's ln rMSSD joins the baseline and the normal range.
    double ln = kNoValue;
    if (t.rmssd > 0.0f) {
        d.rmssd = t.rmssd;
        ln = std::log(double(t.rmssd));
        d.lnRmssd = ln;
    }
    twin.lnRmssd.push(ln);
    const auto baseline = twin.lnRmssd.stats(s.hrvBaselineDays);
    if (baseline.count >= kMinHrvBaselineNights)
        d.hrvBaseline = baseline.mean;
    const auto range = twin.lnRmssd.stats(s.hrvNormalRangeDays);
    if (range.count >= kMinHrvRangeNights) {
        d.hrvLow = range.mean - s.hrvNormalRangeWidthSd * range.sd;
        d.hrvHigh = range.mean + s.hrvNormalRangeWidthSd * range.sd;
        if (hasValue(d.hrvBaseline) && range.sd > 0.0)
            in.hrvZ = (d.hrvBaseline - range.mean) / range.sd;
    }

    // Resting HR against the previous days' baseline.
    const auto rhrBaseline = twin.rhr.stats(s.rhrBaselineDays);
    if (rhrBaseline.count >= kMinRhrBaselineDays)
        d.rhrBaseline = rhrBaseline.mean;
    if (t.nightRhr > 0.0f)
        d.rhr = t.nightRhr;
    else if (t.lowestRestingBucketBpm > 0.0f)
        d.rhr = t.lowestRestingBucketBpm;
    twin.rhr.push(d.rhr);

    // Sleep.
    if (t.asleepMin >= 0.0f) {
        d.sleepHours = t.asleepMin / 60.0;
        if (t.inBedMin > 0.0f)
            d.sleepEfficiency = double(t.asleepMin) / double(t.inBedMin);
    }
    twin.asleepMin.push(t.asleepMin >= 0.0f ? double(t.asleepMin) : kNoValue);
    const auto regularity = twin.asleepMin.stats(s.sleepRegularityNights);
    if (regularity.count >= kMinRegularityNights)
        d.sleepRegularityMin = regularity.sd;

    // Scores.
    in.carriedEnergy = twin.energy;
    if (t.sawSamples) {
        in.awakeHours = t.awakeMinutes / 60.0;
        in.stressMinutes = t.stressMinutes;
    }
    d.recovery = scoring::recovery(d, in, s.weights);
    d.readiness = scoring::readiness(d, d.recovery, in, s.weights);
    d.energy = scoring::energy(d, in, s.weights);

    twin.energy = d.energy.value;
    ++twin.day;
    twin.today = OpenDay{};
    return d;
}

TwinDay TwinEngine::preview(const TwinState& twin) const
{
    TwinState copy = twin;
    return closeDay(copy);
}

void TwinEngine::projectPmc(const TwinState& twin, std::vector<ForecastDay>& forecast) const
{
    double ctl = twin.ctl, atl = twin.atl;
    for (ForecastDay& f : forecast) {
        f.tsb = ctl - atl;
        ctl += m_kCtl * (f.plannedLoad - ctl);
        atl += m_kAtl * (f.plannedLoad - atl);
        f.ctl = ctl;
        f.atl = atl;
    }
}

} // namespace nexus
