#pragma once

#include "models/core/Time.h"

#include <string>
#include <string_view>
#include <vector>

namespace nexus::load {

/// From `atUs` (since the start of the run) on, the level is `rate` events/s (`--step RATE@T`).
struct RateStep
{
    double rate = 0;
    DurationUs atUs = 0;
};

/// During [atUs, atUs + lengthUs) the rate is `rate` events/s, whatever the level and ramp say
/// (`--spike RATE@T+D`).
struct RateSpike
{
    double rate = 0;
    DurationUs atUs = 0;
    DurationUs lengthUs = 0;
};

/// The command-line spelling of a profile, as the user typed it; parseRateProfile() turns it into
/// a RateProfile. Empty strings take the defaults.
struct RateProfileText
{
    std::string rate = "1000";   ///< --rate: events/s, a positive number (suffix k or M allowed)
    std::string ramp;            ///< --ramp: duration, default 0 (no ramp)
    std::string duration = "60s"; ///< --duration
    std::vector<std::string> steps;  ///< --step RATE@T, repeatable
    std::vector<std::string> spikes; ///< --spike RATE@T+D, repeatable
};

/// A requested arrival rate over the time of a run, t in [0, duration), in events per second:
///
///   rate(t) = spike rate            while a spike covers t (the last one given wins on overlap)
///           = level(t) · min(1, t/ramp)  otherwise,
///
/// where level(t) is the rate of the latest step at or before t, else the base rate. So a ramp
/// rises linearly from 0 and also scales steps that fall inside it; spikes are absolute. The rate
/// is piecewise linear, so the number of events due by t (its integral) is piecewise quadratic and
/// has an exact inverse: timeOfEventUs(k) is when the k-th event is due. Immutable; any thread.
class RateProfile
{
public:
    RateProfile() = default;
    RateProfile(double baseRate, DurationUs rampUs, DurationUs durationUs, std::vector<RateStep> steps = {},
                std::vector<RateSpike> spikes = {});

    /// Requested events/s at `tUs` since the start; 0 outside [0, duration).
    double rateAt(DurationUs tUs) const;
    /// Events due in [0, tUs]: the integral of rateAt (fractional; clamped to [0, duration]).
    double eventsDue(DurationUs tUs) const;
    /// When the `k`-th event (k ≥ 1) is due: the earliest t with eventsDue(t) ≥ k, rounded to the
    /// microsecond. −1 when the profile ends before k events are due.
    DurationUs timeOfEventUs(double k) const;

    double totalEvents() const { return m_totalEvents; }
    double peakRate() const;
    double baseRate() const { return m_baseRate; }
    DurationUs rampUs() const { return m_rampUs; }
    DurationUs durationUs() const { return m_durationUs; }
    const std::vector<RateStep>& steps() const { return m_steps; }
    const std::vector<RateSpike>& spikes() const { return m_spikes; }
    /// "50,000 ev/s, ramp 30 s, 2 steps, 1 spike, 5 min" style one-liner for reports.
    std::string describe() const;

private:
    /// [startUs, endUs) over which the rate goes linearly from startRate to endRate.
    struct Segment
    {
        DurationUs startUs = 0;
        DurationUs endUs = 0;
        double startRate = 0;
        double endRate = 0;
        double eventsBefore = 0; ///< integral up to startUs
    };

    double levelAt(DurationUs tUs) const;
    const RateSpike* spikeAt(DurationUs tUs) const;
    double rateWithin(DurationUs tUs, DurationUs anchorUs) const;
    void buildSegments();

    double m_baseRate = 0;
    DurationUs m_rampUs = 0;
    DurationUs m_durationUs = 0;
    std::vector<RateStep> m_steps;   ///< sorted by time
    std::vector<RateSpike> m_spikes; ///< in the order given
    std::vector<Segment> m_segments;
    double m_totalEvents = 0;
};

/// Parses "500ms", "30s", "1.5s", "5m", "1h" (a bare number is seconds) into microseconds.
/// False with `error` naming `option` ("--ramp: 'x' is not a duration …").
bool parseDuration(std::string_view text, std::string_view option, DurationUs& out, std::string& error);
/// Parses an events/s figure: "50000", "50k", "1.5M". Negative, NaN and (unless allowZero) zero
/// are refused, naming `option`.
bool parseRate(std::string_view text, std::string_view option, bool allowZero, double& out, std::string& error);
/// Parses the whole profile; every error names its option. Steps and spikes must start inside the
/// duration.
bool parseRateProfile(const RateProfileText& text, RateProfile& out, std::string& error);

} // namespace nexus::load
