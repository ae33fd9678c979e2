#pragma once

#include "simulator/anomaly/Anomaly.h"
#include "simulator/wearable/DeviceDay.h"
#include "simulator/wearable/Population.h"

#include <string>
#include <vector>

/// Injects a scenario's anomalies into one person's simulated readings and uploads, and writes one
/// ground-truth Label per injected episode. Every draw comes from a generator seeded by
/// (scenario seed, person, day, kind), so the same scenario gives the same episodes and labels,
/// and adding one kind to a scenario does not move the episodes of another.
namespace nexus::anomaly {

/// Uploads per device and day assumed when the caller does not say: one every 15 minutes, the
/// scenarios' default upload interval (Scenario::uploadIntervalS = 900).
constexpr int kDefaultUploadsPerDay = 96;

/// What happens to one upload on its way to Kafka.
struct UploadFate
{
    int copies = 1;            ///< 2 = delivered twice (DuplicateEvents)
    DurationUs delayUs = 0;    ///< > 0 = held back this long after its due time (LateEvents)
    bool malformed = false;    ///< the bytes are corrupted before sending (MalformedPayload)
    int malformVariant = 0;    ///< which corruption (see corruptPayload)
};

class AnomalyInjector
{
public:
    AnomalyInjector(std::vector<Spec> specs, std::uint64_t scenarioSeed);

    /// Applies the reading kinds to `day` (samples, RR window) and appends their labels.
    /// Episodes are placed only where they make sense: tachycardia, bradycardia and motion
    /// artefacts in `day.atRest` time, SpO2 drops asleep (`day.sleep`), arrhythmia in the night's
    /// RR window, dropouts and flat-lines anywhere the device has samples. An episode keeps the
    /// readings' timestamps (except a dropout, which removes them) so that the day stays strictly
    /// ordered. Per (person, day, spec) the episode count is Poisson(perUserDay) for eligible
    /// users; each is placed uniformly among the positions where it fits and does not overlap
    /// another reading episode of this person and day, and is left out (no label) when there is
    /// none. Specs are applied in Kind order, so the order of a scenario's list does not matter.
    /// Pure: the result depends only on the arguments and the scenario seed.
    void injectReadings(const wearable::Person& person, wearable::DeviceDay& day, std::vector<Label>& labels) const;

    /// Decides the fate of the n-th upload of `person` on `day` (a pure function of its
    /// arguments) and appends a label for each delivery anomaly it chose. `batch` is the upload;
    /// an upload without samples is never affected. Each delivery spec hits an upload with
    /// probability perUserDay / uploadsPerDay (eligible users only), independently of the others,
    /// so one upload may be both duplicated and late.
    UploadFate fateOfUpload(const wearable::Person& person, DayNumber day, int uploadIndex, const HealthBatch& batch,
                            std::vector<Label>& labels, int uploadsPerDay = kDefaultUploadsPerDay) const;

    /// Whether `person` is among the userShare of users `spec` applies to (a stable hash of the
    /// person's seed and the kind: the same users every day).
    static bool isEligible(const wearable::Person& person, const Spec& spec);

    /// Corrupts an encoded upload so that the health-batch decoder rejects it: variant 0 truncates
    /// the JSON, 1 puts a string where hr_bpm's integer belongs, 2 sets an HR of 400 bpm, 3
    /// removes the user_id field. Returns the corrupted bytes. Variants are taken modulo 4; a
    /// payload the variant cannot apply to (no sample, no user_id) is truncated instead.
    static std::string corruptPayload(const std::string& json, int variant);

    /// Short human-readable name of a corruption variant ("truncated", "hr_bpm as a string",
    /// "hr 400 bpm", "no user_id"), as written in labels.
    static const char* malformVariantName(int variant);

    const std::vector<Spec>& specs() const { return m_specs; }

private:
    std::vector<Spec> m_specs;
    std::uint64_t m_seed;
};

} // namespace nexus::anomaly
