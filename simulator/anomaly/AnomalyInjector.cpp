#include "simulator/anomaly/AnomalyInjector.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <numeric>
#include <optional>

namespace nexus::anomaly {

namespace {

using wearable::DeviceDay;
using wearable::Person;
using wearable::RrWindow;
using wearable::Span;
using wearable::detail::mix;
using wearable::detail::Rng;

constexpr int kMaxAttempts = 16; // placements drawn per episode before it is left out
// A longer gap between two samples ends a run: an episode never bridges readings the device did not take.
constexpr DurationUs kMaxRunGapUs = 10 * 60 * kUsPerSecond;
constexpr int kMinArrhythmiaBeats = 120;
constexpr int kCorruptVariants = 4;

// Salts that keep the generators of the different decisions apart.
enum Stream : std::uint64_t
{
    kReadingStream = 0x5245414431ULL,
    kUploadStream = 0x55504c4f41ULL,
    kEligibilityStream = 0x454c494749ULL,
};

std::uint64_t hashOf(std::initializer_list<std::uint64_t> parts)
{
    std::uint64_t h = 0x6a09e667f3bcc909ULL;
    for (std::uint64_t p : parts)
        h = mix(h ^ mix(p + 0x9e3779b97f4a7c15ULL));
    return h;
}

double unitOf(std::uint64_t h)
{
    return double(h >> 11) * 0x1.0p-53;
}

/// Poisson draw by Knuth's product of uniforms (a normal approximation above 30, never reached by
/// realistic scenarios), so no std::poisson_distribution and the same counts on every platform.
int poisson(Rng& rng, double mean)
{
    if (!(mean > 0.0))
        return 0;
    if (mean > 30.0)
        return int(std::max(0L, std::lround(rng.normal(mean, std::sqrt(mean)))));
    const double limit = std::exp(-mean);
    double p = 1.0;
    int k = 0;
    do {
        ++k;
        p *= rng.uniform();
    } while (p > limit);
    return k - 1;
}

/// Uniform whole number in [lo, hi].
std::int64_t uniformInt(double u, std::int64_t lo, std::int64_t hi)
{
    if (hi <= lo)
        return lo;
    return std::min(hi, lo + std::int64_t(u * double(hi - lo + 1)));
}

bool overlaps(const Span& a, const Span& b)
{
    return a.fromUs < b.toUs && b.fromUs < a.toUs;
}

bool overlapsAny(const Span& s, const std::vector<Span>& taken)
{
    return std::any_of(taken.begin(), taken.end(), [&s](const Span& t) { return overlaps(s, t); });
}

Span hull(const Span& a, const Span& b)
{
    return {std::min(a.fromUs, b.fromUs), std::max(a.toUs, b.toUs)};
}

/// Picks one of Σ counts positions uniformly; returns (group, offset within the group).
std::optional<std::pair<std::size_t, std::int64_t>> drawPosition(const std::vector<std::int64_t>& counts, Rng& rng)
{
    const std::int64_t total = std::accumulate(counts.begin(), counts.end(), std::int64_t(0));
    if (total <= 0)
        return std::nullopt;
    std::int64_t k = uniformInt(rng.uniform(), 0, total - 1);
    for (std::size_t g = 0; g < counts.size(); ++g) {
        if (k < counts[g])
            return std::make_pair(g, k);
        k -= counts[g];
    }
    return std::nullopt;
}

/// Indices [first, last) of the samples with tsUs in `span`.
std::pair<std::size_t, std::size_t> samplesIn(const std::vector<HealthSample>& samples, const Span& span)
{
    const auto byTs = [](const HealthSample& s, TimestampUs t) { return s.tsUs < t; };
    const auto first = std::lower_bound(samples.begin(), samples.end(), span.fromUs, byTs);
    const auto last = std::lower_bound(first, samples.end(), span.toUs, byTs);
    return {std::size_t(first - samples.begin()), std::size_t(last - samples.begin())};
}

/// The time a run of samples [first, last] stands for: its first reading to one second past its last.
struct Run
{
    TimestampUs fromUs = 0;
    TimestampUs toUs = 0;
};

std::vector<Run> sampleRuns(const std::vector<HealthSample>& samples, const std::function<bool(TimestampUs)>& allowed)
{
    std::vector<Run> runs;
    bool open = false;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const TimestampUs t = samples[i].tsUs;
        if (!allowed(t)) {
            open = false;
            continue;
        }
        if (open && t - samples[i - 1].tsUs <= kMaxRunGapUs) {
            runs.back().toUs = t + kUsPerSecond;
        } else {
            runs.push_back({t, t + kUsPerSecond});
            open = true;
        }
    }
    return runs;
}

/// Time of the start of beat `k` (beat k ends at startUs + Σ_{j≤k} rrMs[j] ms).
std::vector<TimestampUs> beatBoundaries(const RrWindow& w)
{
    std::vector<TimestampUs> b(w.rrMs.size() + 1);
    b[0] = w.startUs;
    for (std::size_t k = 0; k < w.rrMs.size(); ++k)
        b[k + 1] = b[k] + DurationUs(w.rrMs[k]) * kUsPerMs;
    return b;
}

std::string minutesText(DurationUs d)
{
    const std::int64_t s = d / kUsPerSecond;
    return s < 120 ? std::to_string(s) + " s" : std::to_string((s + 30) / 60) + " min";
}

/// One person-day of reading injection: the day being changed, its labels and the spans taken.
class DayInjection
{
public:
    DayInjection(const Person& person, DeviceDay& day, std::vector<Label>& labels)
        : m_person(person), m_day(day), m_labels(labels)
    {
    }

    void inject(const Spec& spec, Rng& rng)
    {
        const int episodes = poisson(rng, spec.perUserDay);
        const int minS = std::max(1, std::min(spec.minDurationS, spec.maxDurationS));
        const int maxS = std::max(minS, spec.maxDurationS);
        for (int e = 0; e < episodes; ++e) {
            const DurationUs d = uniformInt(rng.uniform(), minS, maxS) * kUsPerSecond;
            if (spec.kind == Kind::Arrhythmia)
                injectArrhythmia(d, rng);
            else
                injectIntoSamples(spec.kind, d, rng);
        }
    }

private:
    void injectIntoSamples(Kind kind, DurationUs d, Rng& rng)
    {
        const DeviceDay& day = m_day;
        std::function<bool(TimestampUs)> allowed = [](TimestampUs) { return true; };
        std::size_t minSamples = 1;
        switch (kind) {
        case Kind::TachycardiaAtRest:
        case Kind::Bradycardia:
            allowed = [&day](TimestampUs t) { return day.atRest(t); };
            break;
        case Kind::MotionArtefact:
            allowed = [&day](TimestampUs t) { return day.atRest(t); };
            minSamples = 3; // a spike and the jump back
            break;
        case Kind::Spo2Drop:
            allowed = [&day](TimestampUs t) { return day.sleep.contains(t); };
            break;
        case Kind::Flatline:
            minSamples = 2; // one reading is not stuck
            break;
        default:
            break;
        }
        const std::vector<Run> runs = sampleRuns(m_day.samples, allowed);
        std::vector<std::int64_t> counts; // whole-second start positions per run
        for (const Run& r : runs)
            counts.push_back(r.toUs - r.fromUs >= d ? (r.toUs - r.fromUs - d) / kUsPerSecond + 1 : 0);

        for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
            const auto pos = drawPosition(counts, rng);
            if (!pos)
                return;
            const TimestampUs t0 = runs[pos->first].fromUs + pos->second * kUsPerSecond;
            Span window{t0, t0 + d};
            if (kind == Kind::SensorDropout)
                window = keepRrWindowsWhole(window);
            const auto [first, last] = samplesIn(m_day.samples, window);
            if (last - first < minSamples)
                continue;
            const Span affected{m_day.samples[first].tsUs, m_day.samples[last - 1].tsUs + kUsPerSecond};
            const Span footprint = hull(window, affected);
            if (overlapsAny(footprint, m_taken))
                continue;
            m_taken.push_back(footprint);
            if (kind == Kind::SensorDropout) {
                m_day.samples.erase(m_day.samples.begin() + std::ptrdiff_t(first),
                                    m_day.samples.begin() + std::ptrdiff_t(last));
                cutRrWindows(window);
                addLabel(kind, window, "gap " + minutesText(window.toUs - window.fromUs));
            } else {
                addLabel(kind, affected, changeSamples(kind, first, last, rng));
            }
            return;
        }
    }

    /// Changes samples [first, last) and returns the label's detail.
    std::string changeSamples(Kind kind, std::size_t first, std::size_t last, Rng& rng)
    {
        auto& s = m_day.samples;
        switch (kind) {
        case Kind::TachycardiaAtRest:
        case Kind::Bradycardia: {
            const bool tachy = kind == Kind::TachycardiaAtRest;
            const double lo = tachy ? 105 : 32, hi = tachy ? 140 : 38;
            const double level = rng.uniform(lo, hi);
            for (std::size_t i = first; i < last; ++i) {
                s[i].hrBpm = std::uint16_t(std::clamp(double(std::lround(level + rng.uniform(-3, 3))), lo, hi));
                s[i].steps = 0;
            }
            return "hr " + std::to_string(std::lround(level)) + " bpm";
        }
        case Kind::MotionArtefact: {
            // Consecutive readings alternate high and low, each at least 60 bpm from the one before
            // it, so a jump detector sees it at any cadence. Within 20..250: a high follows a value
            // ≤ 190 and lands ≥ 80, so the next low can always fall 60.
            int previous = first > 0 ? s[first - 1].hrBpm : s[first].hrBpm;
            previous = std::min(previous, 190);
            for (std::size_t i = first; i < last; ++i) {
                const int jump = int(uniformInt(rng.uniform(), 60, 90));
                const bool up = (i - first) % 2 == 0;
                previous = up ? std::min(250, std::max(80, previous + jump)) : std::max(20, previous - jump);
                s[i].hrBpm = std::uint16_t(previous);
            }
            return std::to_string(last - first) + " spikes of 60+ bpm";
        }
        case Kind::Flatline: {
            const std::uint16_t stuck = s[first].hrBpm;
            for (std::size_t i = first; i < last; ++i)
                s[i].hrBpm = stuck;
            return "hr stuck at " + std::to_string(stuck) + " bpm";
        }
        case Kind::Spo2Drop: {
            const double level = rng.uniform(80, 88);
            for (std::size_t i = first; i < last; ++i)
                s[i].spo2Pct = std::uint8_t(std::clamp(double(std::lround(level + rng.uniform(-1, 1))), 80.0, 88.0));
            return "spo2 " + std::to_string(std::lround(level)) + " %";
        }
        default:
            return {};
        }
    }

    /// A dropout that would split an RR window in two is stretched to the window's nearer edge:
    /// a window is one contiguous recording, so the device loses the shorter side with the gap.
    Span keepRrWindowsWhole(Span window) const
    {
        for (const RrWindow& w : m_day.rr) {
            const TimestampUs rs = w.startUs, re = beatBoundaries(w).back();
            if (window.fromUs > rs && window.toUs < re) {
                if (window.fromUs - rs <= re - window.toUs)
                    window.fromUs = rs;
                else
                    window.toUs = re;
            }
        }
        return window;
    }

    /// Removes the beats that overlap the gap. keepRrWindowsWhole leaves beats on one side of it
    /// only; should both sides remain anyway, the longer one is kept.
    void cutRrWindows(const Span& gap)
    {
        for (auto it = m_day.rr.begin(); it != m_day.rr.end();) {
            const std::vector<TimestampUs> b = beatBoundaries(*it);
            const std::size_t n = it->rrMs.size();
            std::size_t hitFirst = n, hitLast = 0; // overlapping beats [hitFirst, hitLast]
            for (std::size_t k = 0; k < n; ++k) {
                if (overlaps({b[k], b[k + 1]}, gap)) {
                    hitFirst = std::min(hitFirst, k);
                    hitLast = k;
                }
            }
            if (hitFirst == n) {
                ++it;
                continue;
            }
            const bool keepAfter = n - hitLast - 1 > hitFirst; // beats after the gap outnumber those before
            const std::size_t from = keepAfter ? hitLast + 1 : 0, to = keepAfter ? n : hitFirst;
            if (from >= to) {
                it = m_day.rr.erase(it);
                continue;
            }
            it->startUs = b[from];
            it->rrMs = std::vector<std::uint16_t>(it->rrMs.begin() + std::ptrdiff_t(from),
                                                  it->rrMs.begin() + std::ptrdiff_t(to));
            ++it;
        }
    }

    void injectArrhythmia(DurationUs d, Rng& rng)
    {
        std::vector<std::int64_t> counts; // start beats per RR window
        std::vector<std::size_t> beats;   // stretch length per RR window
        for (const RrWindow& w : m_day.rr) {
            const std::size_t n = w.rrMs.size();
            const double meanMs = n ? std::accumulate(w.rrMs.begin(), w.rrMs.end(), 0.0) / double(n) : 0.0;
            std::size_t k = 0;
            if (n >= std::size_t(kMinArrhythmiaBeats))
                k = std::size_t(
                    std::clamp<double>(std::round(double(d / kUsPerMs) / meanMs), kMinArrhythmiaBeats, double(n)));
            beats.push_back(k);
            counts.push_back(k ? std::int64_t(n - k + 1) : 0);
        }
        for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
            const auto pos = drawPosition(counts, rng);
            if (!pos)
                return;
            RrWindow& w = m_day.rr[pos->first];
            const std::size_t from = std::size_t(pos->second), k = beats[pos->first];
            const std::vector<TimestampUs> b = beatBoundaries(w);
            const Span span{b[from], b[from + k]};
            if (overlapsAny(span, m_taken))
                continue;
            m_taken.push_back(span);
            scrambleBeats(w, from, k, rng);
            addLabel(Kind::Arrhythmia, span, "irregular rr over " + std::to_string(k) + " beats");
            return;
        }
    }

    /// AF-like: every interval independently mean × U(0.6, 1.4), rescaled and rounded so the
    /// stretch keeps its total length and the beats after it keep their times.
    static void scrambleBeats(RrWindow& w, std::size_t from, std::size_t k, Rng& rng)
    {
        const auto begin = w.rrMs.begin() + std::ptrdiff_t(from);
        const std::int64_t totalMs = std::accumulate(begin, begin + std::ptrdiff_t(k), std::int64_t(0));
        const double meanMs = double(totalMs) / double(k);
        std::vector<double> drawn(k);
        for (double& r : drawn)
            r = meanMs * rng.uniform(0.6, 1.4);
        const double scale = double(totalMs) / std::accumulate(drawn.begin(), drawn.end(), 0.0);
        double cumulative = 0.0;
        std::int64_t previous = 0;
        for (std::size_t j = 0; j < k; ++j) {
            cumulative += drawn[j] * scale;
            const std::int64_t now = j + 1 == k ? totalMs : std::llround(cumulative);
            w.rrMs[from + j] = std::uint16_t(std::clamp<std::int64_t>(now - previous, 200, 2500));
            previous = now;
        }
    }

    void addLabel(Kind kind, const Span& span, std::string detail)
    {
        m_labels.push_back({m_person.userId, kind, span.fromUs, span.toUs, std::move(detail)});
    }

    const Person& m_person;
    DeviceDay& m_day;
    std::vector<Label>& m_labels;
    std::vector<Span> m_taken; // reading episodes already placed on this day; they never overlap
};

/// The specs of `want` kinds in Kind order, each with its occurrence number among specs of its kind
/// (the occurrence seeds its generator, so two specs of one kind draw independently).
std::vector<std::pair<const Spec*, std::uint64_t>> ordered(const std::vector<Spec>& specs, bool readingKinds)
{
    std::vector<std::pair<const Spec*, std::uint64_t>> out;
    std::array<std::uint64_t, kKindCount> seen{};
    for (const Spec& s : specs)
        if (isReadingKind(s.kind) == readingKinds)
            out.emplace_back(&s, seen[std::size_t(s.kind)]++);
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.first->kind < b.first->kind; });
    return out;
}

} // namespace

AnomalyInjector::AnomalyInjector(std::vector<Spec> specs, std::uint64_t scenarioSeed)
    : m_specs(std::move(specs)), m_seed(scenarioSeed)
{
}

bool AnomalyInjector::isEligible(const Person& person, const Spec& spec)
{
    if (spec.userShare >= 1.0)
        return true;
    return unitOf(hashOf({kEligibilityStream, person.seed, std::uint64_t(spec.kind)})) < spec.userShare;
}

void AnomalyInjector::injectReadings(const Person& person, DeviceDay& day, std::vector<Label>& labels) const
{
    DayInjection injection(person, day, labels);
    for (const auto& [spec, occurrence] : ordered(m_specs, true)) {
        if (!(spec->perUserDay > 0.0) || !isEligible(person, *spec))
            continue;
        Rng rng(hashOf({m_seed, kReadingStream, person.seed, std::uint64_t(std::int64_t(day.day)),
                        std::uint64_t(spec->kind), occurrence}));
        injection.inject(*spec, rng);
    }
}

UploadFate AnomalyInjector::fateOfUpload(const Person& person, DayNumber day, int uploadIndex, const HealthBatch& batch,
                                         std::vector<Label>& labels, int uploadsPerDay) const
{
    UploadFate fate;
    if (batch.samples.empty())
        return fate;
    const TimestampUs fromUs = batch.samples.front().tsUs, toUs = batch.samples.back().tsUs + kUsPerSecond;
    std::array<bool, kKindCount> applied{};
    for (const auto& [spec, occurrence] : ordered(m_specs, false)) {
        if (applied[std::size_t(spec->kind)] || !(spec->perUserDay > 0.0) || !isEligible(person, *spec))
            continue;
        // Counter-based draws (a hash per decision) rather than a seeded generator: this runs for
        // every upload, and seeding a Mersenne Twister each time would dominate the simulation.
        const std::uint64_t h =
            hashOf({m_seed, kUploadStream, person.seed, std::uint64_t(std::int64_t(day)),
                    std::uint64_t(std::int64_t(uploadIndex)), std::uint64_t(spec->kind), occurrence});
        if (unitOf(h) >= spec->perUserDay / double(std::max(1, uploadsPerDay)))
            continue;
        applied[std::size_t(spec->kind)] = true;
        const double u = unitOf(mix(h ^ 0x2545f4914f6cdd1dULL));
        std::string detail;
        switch (spec->kind) {
        case Kind::DuplicateEvents:
            fate.copies = 2;
            detail = "delivered twice";
            break;
        case Kind::LateEvents: {
            const int minS = std::max(1, std::min(spec->minDurationS, spec->maxDurationS));
            const int maxS = std::max(minS, spec->maxDurationS);
            fate.delayUs = uniformInt(u, minS, maxS) * kUsPerSecond;
            detail = "sent " + minutesText(fate.delayUs) + " late";
            break;
        }
        case Kind::MalformedPayload:
            fate.malformed = true;
            fate.malformVariant = int(uniformInt(u, 0, kCorruptVariants - 1));
            detail = malformVariantName(fate.malformVariant);
            break;
        default:
            continue;
        }
        labels.push_back({person.userId, spec->kind, fromUs, toUs, std::move(detail)});
    }
    return fate;
}

const char* AnomalyInjector::malformVariantName(int variant)
{
    static constexpr const char* kNames[kCorruptVariants] = {"truncated", "hr_bpm as a string", "hr 400 bpm",
                                                             "no user_id"};
    return kNames[((variant % kCorruptVariants) + kCorruptVariants) % kCorruptVariants];
}

std::string AnomalyInjector::corruptPayload(const std::string& json, int variant)
{
    // A strict prefix of a JSON object is never a JSON document: its closing brace is gone.
    const auto truncated = [&json] {
        const std::size_t end = json.find_last_not_of(" \t\r\n");
        const std::size_t size = end == std::string::npos ? 0 : end + 1;
        return json.substr(0, std::max<std::size_t>(1, size / 2));
    };
    // The first sample's HR value: the key cannot occur inside a string, where quotes are escaped.
    const std::string hrKey = "\"hr_bpm\":";
    const std::size_t hrAt = json.find(hrKey);
    const std::size_t valueAt = hrAt == std::string::npos ? hrAt : hrAt + hrKey.size();
    const std::size_t valueEnd = hrAt == std::string::npos ? hrAt : json.find_first_of(",}", valueAt);

    switch (((variant % kCorruptVariants) + kCorruptVariants) % kCorruptVariants) {
    case 1:
        if (valueEnd == std::string::npos)
            return truncated();
        return json.substr(0, valueAt) + '"' + json.substr(valueAt, valueEnd - valueAt) + '"' + json.substr(valueEnd);
    case 2:
        if (valueEnd == std::string::npos)
            return truncated();
        return json.substr(0, valueAt) + "400" + json.substr(valueEnd);
    case 3: {
        const std::size_t keyAt = json.find("\"user_id\":\"");
        if (keyAt == std::string::npos)
            return truncated();
        std::size_t i = keyAt + 11; // past the value's opening quote
        while (i < json.size() && json[i] != '"')
            i += json[i] == '\\' ? 2 : 1;
        if (i >= json.size())
            return truncated();
        ++i; // closing quote
        if (i < json.size() && json[i] == ',')
            ++i;
        else if (keyAt > 0 && json[keyAt - 1] == ',')
            return json.substr(0, keyAt - 1) + json.substr(i);
        return json.substr(0, keyAt) + json.substr(i);
    }
    default:
        return truncated();
    }
}

} // namespace nexus::anomaly
