#include "app/simulate/DetectorScore.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace nexus::detectorscore {

std::string detectorFor(anomaly::Kind kind)
{
    using anomaly::Kind;
    switch (kind) {
    case Kind::TachycardiaAtRest:
        return std::string(detector::kTachycardiaAtRest);
    case Kind::Bradycardia:
        return std::string(detector::kBradycardia);
    case Kind::Arrhythmia:
        return std::string(detector::kIrregularRhythm);
    case Kind::Spo2Drop:
        return std::string(detector::kSpo2Low);
    case Kind::SensorDropout:
        return std::string(detector::kSensorDropout);
    case Kind::Flatline:
        return std::string(detector::kSensorFlatline);
    case Kind::MotionArtefact:
        return std::string(detector::kSensorImplausible);
    case Kind::MalformedPayload:
        return "decoder";
    case Kind::DuplicateEvents:
    case Kind::LateEvents:
        return "stale-upload";
    }
    return {};
}

namespace {

bool overlaps(TimestampUs a0, TimestampUs a1, TimestampUs b0, TimestampUs b1, DurationUs tolerance)
{
    return a0 - tolerance < b1 + tolerance && b0 - tolerance < a1 + tolerance;
}

} // namespace

std::vector<KindScore> score(const std::vector<anomaly::Label>& labels, const std::vector<Detection>& detections,
                             const std::vector<anomaly::Kind>& kinds, DurationUs toleranceUs)
{
    // Detections by (detector, user), so matching stays linear in practice.
    std::map<std::pair<std::string, std::string>, std::vector<const Detection*>> byKey;
    for (const Detection& d : detections)
        byKey[{d.detector, d.userId}].push_back(&d);

    std::vector<KindScore> out;
    for (const anomaly::Kind kind : kinds) {
        KindScore s;
        s.kind = kind;
        s.detectedBy = detectorFor(kind);
        std::unordered_map<const Detection*, bool> matched;
        for (const Detection& d : detections)
            if (d.detector == s.detectedBy)
                matched.emplace(&d, false);
        for (const anomaly::Label& l : labels) {
            if (l.kind != kind)
                continue;
            ++s.labels;
            bool found = false;
            const auto it = byKey.find({s.detectedBy, l.userId});
            if (it != byKey.end())
                for (const Detection* d : it->second)
                    if (overlaps(l.startUs, l.endUs, d->startUs, d->endUs, toleranceUs)) {
                        found = true;
                        matched[d] = true;
                    }
            s.found += found;
        }
        s.detections = int(matched.size());
        s.correct = int(std::count_if(matched.begin(), matched.end(), [](const auto& m) { return m.second; }));
        out.push_back(s);
    }
    // Duplicates and late uploads share one detector: a stale upload labelled as either kind is
    // correct for both, so precision is not halved by the other kind's detections.
    for (KindScore& s : out) {
        if (s.detectedBy != "stale-upload")
            continue;
        int correct = 0;
        for (const Detection& d : detections) {
            if (d.detector != "stale-upload")
                continue;
            correct += std::any_of(labels.begin(), labels.end(), [&](const anomaly::Label& l) {
                return (l.kind == anomaly::Kind::DuplicateEvents || l.kind == anomaly::Kind::LateEvents) &&
                       l.userId == d.userId && overlaps(l.startUs, l.endUs, d.startUs, d.endUs, toleranceUs);
            });
        }
        s.correct = correct;
    }
    return out;
}

std::vector<Detection> detectionsOf(const std::vector<AlertEvent>& alerts, TimestampUs endUs)
{
    std::unordered_map<std::string, std::size_t> index;
    std::vector<Detection> out;
    for (const AlertEvent& a : alerts) {
        auto [it, inserted] = index.emplace(a.alertId, out.size());
        if (inserted)
            out.push_back({a.userId, a.detector, a.startUs, std::max(endUs, a.startUs + 1)});
        if (a.state == AlertState::Closed)
            out[it->second].endUs = std::max(a.endUs, a.startUs) + 1;
    }
    return out;
}

} // namespace nexus::detectorscore
