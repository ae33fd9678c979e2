#pragma once

#include "models/events/HealthBatch.h"

namespace nexus::load {

/// A one-second heart-rate spike (up by riseBpm, back the next second) put into the readings of a
/// share of users once every `everyUs` of event time: a reading no heart produces, which the
/// health analyzer's implausible-reading detector reports as a sensor alert. It gives a load run
/// a steady trickle of alerts, so that input-to-alert latency can be measured under load.
/// everyUs is longer than the detector's quiet time (10 min), so each spike is a new episode:
/// one "open" message and, a quiet spell later, one "closed".
struct HeartRateSpikes
{
    double userShare = 0;                 ///< 0..1 of the users, chosen by a stable hash of the user id
    DurationUs everyUs = 15 * 60 * kUsPerSecond;
    int riseBpm = 60;                     ///< above the detector's 50 bpm jump

    /// Spikes the sample of `batch` that falls on the user's spike second, if the user is among
    /// the share and the batch holds that second (and a sample after it, to come back down in).
    /// Returns whether it did. Pure: the same batch always gets the same result.
    bool apply(HealthBatch& batch) const;
};

} // namespace nexus::load
