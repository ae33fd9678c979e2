#include "backend/processing/TwinTable.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace nexus {

const AthleteProfile TwinTable::kAssumedProfile = [] {
    AthleteProfile p;
    p.sex = Sex::Male;
    p.ageYears = 35.0f;
    p.hrRestBpm = 60.0f;
    return p;
}();

TwinTable::TwinTable(DurationUs updateInterval, const TwinSettings& settings, DurationUs lateness)
    : m_updateIntervalUs(std::max<DurationUs>(kUsPerMs, updateInterval))
    , m_latenessUs(std::max<DurationUs>(0, lateness))
    , m_engine(settings)
{
}

TimestampUs TwinTable::nextBoundary(const Entry& e) const
{
    const TimestampUs shifted = e.twin.lastEventUs - e.phaseUs;
    return (shifted / m_updateIntervalUs + 1) * m_updateIntervalUs + e.phaseUs;
}

TwinTable::Entry& TwinTable::entryFor(const std::string& userId)
{
    auto [it, inserted] = m_twins.try_emplace(userId);
    Entry& e = it->second;
    if (inserted) {
        e.twin.userId = userId;
        // FNV-1a: a stable hash (std::hash may differ between builds), whole milliseconds.
        std::uint64_t h = 1469598103934665603ULL;
        for (const char c : userId)
            h = (h ^ std::uint8_t(c)) * 1099511628211ULL;
        e.phaseUs = DurationUs(h % std::uint64_t(m_updateIntervalUs / kUsPerMs)) * kUsPerMs;
        e.state.profile = kAssumedProfile;
    }
    return e;
}

bool TwinTable::seenBefore(const Entry& e, TimestampUs tsUs)
{
    if (tsUs == e.twin.lastEventUs)
        return true;
    const std::size_t n = std::min<std::size_t>(e.uploads, e.recent.size());
    for (std::size_t i = 0; i < n; ++i)
        if (tsUs >= e.recent[i].firstUs && tsUs <= e.recent[i].lastUs)
            return true;
    return false;
}

TwinTable::ApplyResult TwinTable::apply(const HealthBatch& batch, std::int32_t partition)
{
    ApplyResult result;
    Entry& e = entryFor(batch.userId);
    e.partition = partition;
    TwinSummary& t = e.twin;
    m_late.clear();
    const auto count = [&t](const HealthSample& s) {
        ++t.sampleCount;
        t.meanHrBpm += (double(s.hrBpm) - t.meanHrBpm) / double(t.sampleCount);
        t.stepsTotal += s.steps;
    };
    for (const HealthSample& s : batch.samples) {
        if (t.sampleCount == 0 || s.tsUs > t.lastEventUs) {
            count(s);
            t.lastHrBpm = s.hrBpm;
            t.lastEventUs = s.tsUs;
            m_engine.addHrSample(e.state, s.tsUs, float(s.hrBpm), s.steps, &result.closedDays);
            ++result.applied;
        } else if (seenBefore(e, s.tsUs)) {
            ++result.skipped;
        } else if (t.lastEventUs - s.tsUs > m_latenessUs) {
            ++result.tooLate;
        } else {
            count(s);
            m_late.emplace_back(s.tsUs, float(s.hrBpm));
            ++result.applied;
            ++result.late;
        }
    }
    if (!m_late.empty())
        m_engine.addLateHrSamples(e.state, m_late);
    if (result.applied > 0 && !batch.samples.empty()) {
        const auto [first, last] = std::minmax_element(batch.samples.begin(), batch.samples.end(),
                                                       [](const HealthSample& a, const HealthSample& b) {
                                                           return a.tsUs < b.tsUs;
                                                       });
        e.recent[e.uploads++ % e.recent.size()] = {first->tsUs, last->tsUs};
    }
    if (result.applied == 0)
        return result;
    if (e.nextUpdateUs == 0) {
        e.nextUpdateUs = nextBoundary(e);
    } else if (t.lastEventUs >= e.nextUpdateUs) {
        e.nextUpdateUs = nextBoundary(e);
        const TwinDay day = m_engine.preview(e.state);
        t.sourceSentAtUs = batch.sentAtUs;
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

const TwinState* TwinTable::findState(const std::string& userId) const
{
    auto it = m_twins.find(userId);
    return it == m_twins.end() ? nullptr : &it->second.state;
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

namespace {

// Snapshot layout (native byte order; a snapshot is read back by the same build on the same kind
// of machine): magic, format, sizeof(TwinState), count, then per twin the user id, the summary's
// running statistics, the publication schedule and the engine state as its bytes.
constexpr std::uint32_t kSnapshotMagic = 0x4e58574e; // "NWXN"
static_assert(std::is_trivially_copyable_v<TwinState>, "TwinState is saved as its bytes");

template <typename T> void put(std::string& out, const T& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

template <typename T> bool get(const std::string& in, std::size_t& at, T& v)
{
    if (in.size() - at < sizeof v)
        return false;
    std::memcpy(&v, in.data() + at, sizeof v);
    at += sizeof v;
    return true;
}

} // namespace

std::string TwinTable::savePartition(std::int32_t partition, int* twins) const
{
    std::string out;
    std::uint32_t count = 0;
    for (const auto& [id, e] : m_twins)
        count += e.partition == partition;
    put(out, kSnapshotMagic);
    put(out, std::uint32_t(kSnapshotFormat));
    put(out, std::uint32_t(sizeof(TwinState)));
    put(out, count);
    for (const auto& [id, e] : m_twins) {
        if (e.partition != partition)
            continue;
        put(out, std::uint16_t(id.size()));
        out += id;
        put(out, e.twin.lastHrBpm);
        put(out, e.twin.meanHrBpm);
        put(out, e.twin.sampleCount);
        put(out, e.twin.stepsTotal);
        put(out, e.twin.lastEventUs);
        put(out, e.nextUpdateUs);
        put(out, e.recent);
        put(out, e.uploads);
        put(out, e.state);
    }
    if (twins)
        *twins = int(count);
    return out;
}

bool TwinTable::restorePartition(std::int32_t partition, const std::string& bytes)
{
    std::size_t at = 0;
    std::uint32_t magic = 0, format = 0, stateSize = 0, count = 0;
    if (!get(bytes, at, magic) || magic != kSnapshotMagic || !get(bytes, at, format) || format != kSnapshotFormat ||
        !get(bytes, at, stateSize) || stateSize != sizeof(TwinState) || !get(bytes, at, count))
        return false;
    std::vector<std::pair<std::string, Entry>> restored;
    restored.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint16_t length = 0;
        if (!get(bytes, at, length) || bytes.size() - at < length)
            return false;
        std::string id = bytes.substr(at, length);
        at += length;
        Entry e;
        e.twin.userId = id;
        e.partition = partition;
        if (!get(bytes, at, e.twin.lastHrBpm) || !get(bytes, at, e.twin.meanHrBpm) ||
            !get(bytes, at, e.twin.sampleCount) || !get(bytes, at, e.twin.stepsTotal) ||
            !get(bytes, at, e.twin.lastEventUs) || !get(bytes, at, e.nextUpdateUs) || !get(bytes, at, e.recent) ||
            !get(bytes, at, e.uploads) || !get(bytes, at, e.state))
            return false;
        restored.emplace_back(std::move(id), std::move(e));
    }
    if (at != bytes.size())
        return false;
    dropPartition(partition);
    for (auto& [id, e] : restored) {
        Entry& target = entryFor(id); // recomputes the publication phase
        const DurationUs phase = target.phaseUs;
        target = std::move(e);
        target.phaseUs = phase;
    }
    return true;
}

std::vector<std::string> TwinTable::usersOf(std::int32_t partition) const
{
    std::vector<std::string> users;
    for (const auto& [id, e] : m_twins)
        if (e.partition == partition)
            users.push_back(id);
    return users;
}

std::vector<std::string> TwinTable::dropPartition(std::int32_t partition)
{
    std::vector<std::string> dropped;
    for (auto it = m_twins.begin(); it != m_twins.end();) {
        if (it->second.partition != partition) {
            ++it;
            continue;
        }
        dropped.push_back(it->first);
        it = m_twins.erase(it);
    }
    return dropped;
}

} // namespace nexus
