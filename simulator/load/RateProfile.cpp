#include "simulator/load/RateProfile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace nexus::load {

namespace {

std::string quoted(std::string_view option, std::string_view text, const char* problem)
{
    return std::string(option) + ": '" + std::string(text) + "' " + problem;
}

/// Splits "12.5ms" into its number and unit; false when there is no leading number.
bool splitNumber(std::string_view text, double& value, std::string& unit)
{
    const std::string s(text);
    const char* begin = s.c_str();
    char* end = nullptr;
    value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(value))
        return false;
    unit.assign(end);
    return true;
}

std::string formatDuration(DurationUs us)
{
    char buf[32];
    if (us % kUsPerSecond != 0)
        std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(us / kUsPerMs));
    else if (us % (60 * kUsPerSecond) != 0 || us == 0)
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(us / kUsPerSecond));
    else
        std::snprintf(buf, sizeof buf, "%lldm", static_cast<long long>(us / (60 * kUsPerSecond)));
    return buf;
}

std::string formatRate(double rate)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", rate);
    return buf;
}

} // namespace

RateProfile::RateProfile(double baseRate, DurationUs rampUs, DurationUs durationUs, std::vector<RateStep> steps,
                         std::vector<RateSpike> spikes)
    : m_baseRate(baseRate), m_rampUs(std::max<DurationUs>(0, rampUs)), m_durationUs(std::max<DurationUs>(0, durationUs)),
      m_steps(std::move(steps)), m_spikes(std::move(spikes))
{
    std::stable_sort(m_steps.begin(), m_steps.end(), [](const RateStep& a, const RateStep& b) { return a.atUs < b.atUs; });
    buildSegments();
}

double RateProfile::levelAt(DurationUs tUs) const
{
    double level = m_baseRate;
    for (const RateStep& s : m_steps) {
        if (s.atUs > tUs)
            break;
        level = s.rate;
    }
    return level;
}

const RateSpike* RateProfile::spikeAt(DurationUs tUs) const
{
    const RateSpike* found = nullptr;
    for (const RateSpike& s : m_spikes)
        if (tUs >= s.atUs && tUs < s.atUs + s.lengthUs)
            found = &s; // the last one given wins
    return found;
}

/// The rate at `tUs` with the level/spike regime that holds at `anchorUs`: within one segment the
/// regime is constant and only the ramp factor varies, so evaluating a segment's ends this way
/// gives its linear limits even where the regime changes exactly at an end.
double RateProfile::rateWithin(DurationUs tUs, DurationUs anchorUs) const
{
    if (const RateSpike* spike = spikeAt(anchorUs))
        return spike->rate;
    const double ramp = m_rampUs > 0 ? std::min(1.0, double(tUs) / double(m_rampUs)) : 1.0;
    return levelAt(anchorUs) * ramp;
}

void RateProfile::buildSegments()
{
    std::vector<DurationUs> cuts{0, m_durationUs, m_rampUs};
    for (const RateStep& s : m_steps)
        cuts.push_back(s.atUs);
    for (const RateSpike& s : m_spikes) {
        cuts.push_back(s.atUs);
        cuts.push_back(s.atUs + s.lengthUs);
    }
    for (DurationUs& c : cuts)
        c = std::clamp<DurationUs>(c, 0, m_durationUs);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    m_segments.clear();
    double before = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const DurationUs a = cuts[i], b = cuts[i + 1];
        const DurationUs mid = a + (b - a) / 2;
        Segment seg{a, b, rateWithin(a, mid), rateWithin(b, mid), before};
        before += 0.5 * (seg.startRate + seg.endRate) * double(b - a) / double(kUsPerSecond);
        m_segments.push_back(seg);
    }
    m_totalEvents = before;
}

double RateProfile::rateAt(DurationUs tUs) const
{
    if (tUs < 0 || tUs >= m_durationUs)
        return 0.0;
    return rateWithin(tUs, tUs);
}

double RateProfile::eventsDue(DurationUs tUs) const
{
    if (m_segments.empty() || tUs <= 0)
        return 0.0;
    if (tUs >= m_durationUs)
        return m_totalEvents;
    const auto it = std::upper_bound(m_segments.begin(), m_segments.end(), tUs,
                                     [](DurationUs t, const Segment& s) { return t < s.startUs; });
    const Segment& s = *std::prev(it);
    const double x = double(tUs - s.startUs) / double(kUsPerSecond);
    const double length = double(s.endUs - s.startUs) / double(kUsPerSecond);
    const double slope = (s.endRate - s.startRate) / length;
    return s.eventsBefore + s.startRate * x + 0.5 * slope * x * x;
}

DurationUs RateProfile::timeOfEventUs(double k) const
{
    if (k <= 0)
        return 0;
    if (k > m_totalEvents)
        return -1;
    // The first segment whose end reaches k events.
    const auto it = std::lower_bound(m_segments.begin(), m_segments.end(), k, [](const Segment& s, double n) {
        return s.eventsBefore + 0.5 * (s.startRate + s.endRate) * double(s.endUs - s.startUs) / double(kUsPerSecond) < n;
    });
    if (it == m_segments.end())
        return m_durationUs;
    const Segment& s = *it;
    const double m = k - s.eventsBefore;
    if (m <= 0)
        return s.startUs;
    // Solve startRate·x + slope·x²/2 = m for the smallest x ≥ 0, in the form that stays exact
    // both for a flat rate (slope 0) and for a ramp from zero (startRate 0).
    const double length = double(s.endUs - s.startUs) / double(kUsPerSecond);
    const double slope = (s.endRate - s.startRate) / length;
    const double root = std::sqrt(std::max(0.0, s.startRate * s.startRate + 2.0 * slope * m));
    const double x = 2.0 * m / (s.startRate + root);
    return std::min(s.endUs, s.startUs + DurationUs(std::llround(x * double(kUsPerSecond))));
}

double RateProfile::peakRate() const
{
    double peak = 0;
    for (const Segment& s : m_segments)
        peak = std::max({peak, s.startRate, s.endRate});
    return peak;
}

std::string RateProfile::describe() const
{
    std::string out = formatRate(m_baseRate) + " events/s for " + formatDuration(m_durationUs);
    if (m_rampUs > 0)
        out += ", ramp " + formatDuration(m_rampUs);
    for (const RateStep& s : m_steps)
        out += ", step " + formatRate(s.rate) + "@" + formatDuration(s.atUs);
    for (const RateSpike& s : m_spikes)
        out += ", spike " + formatRate(s.rate) + "@" + formatDuration(s.atUs) + "+" + formatDuration(s.lengthUs);
    return out;
}

bool parseDuration(std::string_view text, std::string_view option, DurationUs& out, std::string& error)
{
    double value = 0;
    std::string unit;
    const char* const expected = "is not a duration (e.g. 500ms, 30s, 5m, 1h)";
    if (!splitNumber(text, value, unit) || value < 0) {
        error = quoted(option, text, expected);
        return false;
    }
    double scale = 0;
    if (unit.empty() || unit == "s")
        scale = double(kUsPerSecond);
    else if (unit == "ms")
        scale = double(kUsPerMs);
    else if (unit == "us")
        scale = 1;
    else if (unit == "m" || unit == "min")
        scale = 60.0 * double(kUsPerSecond);
    else if (unit == "h")
        scale = 3600.0 * double(kUsPerSecond);
    if (scale == 0 || value * scale > 1e15) { // 1e15 µs ≈ 31 years: a typo, not a run
        error = quoted(option, text, expected);
        return false;
    }
    out = DurationUs(std::llround(value * scale));
    return true;
}

bool parseRate(std::string_view text, std::string_view option, bool allowZero, double& out, std::string& error)
{
    double value = 0;
    std::string unit;
    if (!splitNumber(text, value, unit) || !(unit.empty() || unit == "k" || unit == "M")) {
        error = quoted(option, text, "is not a rate in events/s (e.g. 2000, 50k, 1.5M)");
        return false;
    }
    value *= unit == "k" ? 1e3 : unit == "M" ? 1e6 : 1.0;
    if (value < 0 || (value == 0 && !allowZero) || value > 1e9) {
        error = quoted(option, text, allowZero ? "must be a rate from 0 to 1G events/s" : "must be a rate above 0 events/s (up to 1G)");
        return false;
    }
    out = value;
    return true;
}

bool parseRateProfile(const RateProfileText& text, RateProfile& out, std::string& error)
{
    double rate = 0;
    DurationUs ramp = 0, duration = 0;
    if (!parseRate(text.rate, "--rate", false, rate, error))
        return false;
    if (!text.ramp.empty() && !parseDuration(text.ramp, "--ramp", ramp, error))
        return false;
    if (!parseDuration(text.duration, "--duration", duration, error))
        return false;
    if (duration <= 0) {
        error = quoted("--duration", text.duration, "must be longer than 0");
        return false;
    }
    const auto insideRun = [&](std::string_view option, std::string_view item, DurationUs at) {
        if (at < duration)
            return true;
        error = quoted(option, item, "starts at or after the end of --duration");
        return false;
    };

    std::vector<RateStep> steps;
    for (const std::string& item : text.steps) {
        const auto at = item.find('@');
        RateStep step;
        if (at == std::string::npos) {
            error = quoted("--step", item, "is not RATE@TIME (e.g. 20000@30s)");
            return false;
        }
        const std::string label = "--step: '" + item + "'";
        if (!parseRate(std::string_view(item).substr(0, at), label + ", rate", true, step.rate, error) ||
            !parseDuration(std::string_view(item).substr(at + 1), label + ", time", step.atUs, error) ||
            !insideRun("--step", item, step.atUs))
            return false;
        steps.push_back(step);
    }

    std::vector<RateSpike> spikes;
    for (const std::string& item : text.spikes) {
        const auto at = item.find('@');
        const auto plus = item.find('+', at == std::string::npos ? 0 : at);
        RateSpike spike;
        if (at == std::string::npos || plus == std::string::npos) {
            error = quoted("--spike", item, "is not RATE@TIME+LENGTH (e.g. 80000@60s+5s)");
            return false;
        }
        const std::string_view s(item);
        const std::string label = "--spike: '" + item + "'";
        if (!parseRate(s.substr(0, at), label + ", rate", true, spike.rate, error) ||
            !parseDuration(s.substr(at + 1, plus - at - 1), label + ", time", spike.atUs, error) ||
            !parseDuration(s.substr(plus + 1), label + ", length", spike.lengthUs, error) ||
            !insideRun("--spike", item, spike.atUs))
            return false;
        if (spike.lengthUs <= 0) {
            error = quoted("--spike", item, "needs a length above 0");
            return false;
        }
        spikes.push_back(spike);
    }
    out = RateProfile(rate, ramp, duration, std::move(steps), std::move(spikes));
    return true;
}

} // namespace nexus::load
