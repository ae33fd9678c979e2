#include "app/simulate/DetectorEvaluation.h"

#include "app/simulate/SimEventEncoding.h"
#include "backend/analysis/HealthAnalyzer.h"
#include "backend/codec/HealthBatchCodec.h"
#include "simulator/stream/ScenarioStream.h"

#include <unordered_map>

namespace nexus {

DetectorEvaluation evaluateDetectors(const scenario::Scenario& scenario)
{
    DetectorEvaluation out;
    out.scenario = scenario.name;
    out.users = scenario.users;
    out.days = scenario.days;

    sim::ScenarioStream stream(scenario);
    HealthAnalyzer analyzer;
    HealthBatchDecoder decoder;
    HealthBatch decoded;
    std::string bytes;
    std::unordered_map<std::string, TimestampUs> newest; // per user: the newest sample seen
    std::int64_t analyzeUs = 0;

    sim::SimEvent event;
    while (stream.next(event)) {
        const auto* batch = std::get_if<HealthBatch>(&event.payload);
        if (!batch || batch->samples.empty())
            continue;
        const TimestampUs first = batch->samples.front().tsUs, last = batch->samples.back().tsUs + kUsPerSecond;
        encodeSimEvent(event, event.dueUs, bytes);
        if (!decoder.decode(bytes, decoded).ok()) {
            out.detections.push_back({event.userId(), "decoder", first, last});
            analyzer.noteLostUpload(event.userId()); // as the processor does with the message key
            continue;
        }
        TimestampUs& seen = newest[decoded.userId];
        if (first <= seen)
            out.detections.push_back({decoded.userId, "stale-upload", first, last});
        seen = std::max(seen, decoded.samples.back().tsUs);
        out.samples += decoded.samples.size();
        const std::int64_t t0 = steadyClockUs();
        analyzer.analyze(decoded, out.alerts);
        analyzeUs += steadyClockUs() - t0;
    }
    // The scenario ends at a different moment for every user (time zones, bedtimes): move each
    // user just past their own last reading, so the end of input does not look like a dropout.
    for (const auto& [user, last] : newest) {
        analyzer.flush(user, last + kUsPerSecond, out.alerts);
        analyzer.finish(user, out.alerts); // end of input: late data can no longer fill a gap
    }
    out.analyzeSeconds = double(analyzeUs) / 1e6;
    out.labels = stream.takeLabels();
    std::vector<detectorscore::Detection> alerts = detectorscore::detectionsOf(out.alerts, stream.endUs());
    out.detections.insert(out.detections.end(), alerts.begin(), alerts.end());
    return out;
}

} // namespace nexus
