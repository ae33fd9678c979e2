#include "backend/processing/TwinTable.h"

#include <algorithm>

namespace nexus {

const AthleteProfile TwinTable::kAssumedProfile = [] {
    AthleteProfile p;
    p.sex = Sex::Male;
    p.ageYears = 35.0f;
    p.hrRestBpm = 60.0f;
    return p;
}();

TwinTable::TwinTable(DurationUs updateInterval, const TwinSettings& settings)
    : m_updateIntervalUs(std::max<DurationUs>(kUsPerMs, updateInterval))
    , m_engine(settings)
{
}

TimestampUs TwinTable::nextBoundary(const Entry& e) const
{
    const TimestampUs shifted = e.twin.lastEventUs - e.phaseUs;
    return (shifted / m_updateIntervalUs + 1) * m_updateIntervalUs + e.phaseUs;
}

TwinTable::ApplyResult TwinTable::apply(const HealthBatch& batch)
{
    ApplyResult result;
    auto [it, inserted] = m_twins.try_emplace(batch.userId);
    Entry& e = it->second;
    if (inserted) {
        e.twin.userId = batch.userId;
        // FNV-1a: a stable hash (std::hash may differ between builds), whole milliseconds.
        std::uint64_t h = 1469598103934665603ULL;
        for (const char c : batch.userId)
            h = (h ^ std::uint8_t(c)) * 1099511628211ULL;
        e.phaseUs = DurationUs(h % std::uint64_t(m_updateIntervalUs / kUsPerMs)) * kUsPerMs;
        e.state.profile = kAssumedProfile;
    }
    TwinSummary& t = e.twin;
    for (const HealthSample& s : batch.samples) {
        if (t.sampleCount > 0 && s.tsUs <= t.lastEventUs) {
            ++result.skipped;
            continue;
        }
        ++t.sampleCount;
        t.meanHrBpm += (double(s.hrBpm) - t.meanHrBpm) / double(t.sampleCount);
        t.lastHrBpm = s.hrBpm;
        t.stepsTotal += s.steps;
        t.lastEventUs = s.tsUs;
        m_engine.addHrSample(e.state, s.tsUs, float(s.hrBpm), s.steps);
        ++result.applied;
    }
    if (result.applied == 0)
        return result;
    if (e.nextUpdateUs == 0) {
        e.nextUpdateUs = nextBoundary(e);
    } else if (t.lastEventUs >= e.nextUpdateUs) {
        e.nextUpdateUs = nextBoundary(e);
        const TwinDay day = m_engine.preview(e.state);
        t.day = day.day;
        t.loadToday = day.load;
        t.ctl = day.ctl;
        t.atl = day.atl;
        t.tsb = day.tsb;
        t.acwrEwma = day.acwrEwma;
        t.readiness = day.readiness;
        t.recovery = day.recovery;
        t.energy = day.energy;
        result.due = &t;
    }
    return result;
}

const TwinSummary* TwinTable::find(const std::string& userId) const
{
    auto it = m_twins.find(userId);
    return it == m_twins.end() ? nullptr : &it->second.twin;
}

std::vector<TwinSummary> TwinTable::mostActive(std::size_t n) const
{
    std::vector<const TwinSummary*> all;
    all.reserve(m_twins.size());
    for (const auto& [id, e] : m_twins)
        all.push_back(&e.twin);
    const auto busier = [](const TwinSummary* a, const TwinSummary* b) {
        if (a->stepsTotal != b->stepsTotal)
            return a->stepsTotal > b->stepsTotal;
        if (a->sampleCount != b->sampleCount)
            return a->sampleCount > b->sampleCount;
        return a->userId < b->userId;
    };
    const std::size_t k = std::min(n, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end(), busier);
    std::vector<TwinSummary> top;
    top.reserve(k);
    for (std::size_t i = 0; i < k; ++i)
        top.push_back(*all[i]);
    return top;
}

} // namespace nexus
