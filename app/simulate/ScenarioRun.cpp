#include "app/simulate/ScenarioRun.h"

#include "app/simulate/SimEventEncoding.h"
#include "models/events/Topics.h"

#include <chrono>
#include <thread>

namespace nexus {

std::uint64_t ScenarioRunProgress::messages() const
{
    std::uint64_t n = 0;
    for (std::uint64_t v : sentByTopic)
        n += v;
    return n;
}

int inputTopicIndex(std::string_view topic)
{
    int i = 0;
    for (const TopicSpec& t : kTopicCatalogue) {
        if (!t.input)
            continue;
        if (t.name == topic)
            return i;
        ++i;
    }
    return -1;
}

ScenarioRunProgress runScenario(sim::ScenarioStream& stream, const ScenarioRunOptions& options)
{
    ScenarioRunProgress p;
    p.firstDueUs = stream.firstDueUs();
    p.endUs = stream.endUs();
    const std::int64_t startWall = steadyClockUs();
    std::int64_t nextReport = startWall + kUsPerSecond;
    std::string bytes;
    sim::SimEvent event;
    std::uint64_t sinceStopCheck = 0;

    while (stream.next(event)) {
        if (options.speed > 0.0) {
            // Pace on the schedule, not on the previous send, so a slow send is caught up.
            const std::int64_t dueWall = startWall + std::int64_t(double(event.dueUs - p.firstDueUs) / options.speed);
            std::int64_t now = steadyClockUs();
            while (now < dueWall && !(options.stopRequested && options.stopRequested())) {
                std::this_thread::sleep_for(std::chrono::microseconds(std::min<std::int64_t>(dueWall - now, 100'000)));
                now = steadyClockUs();
            }
            p.behindSeconds = double(std::max<std::int64_t>(0, now - dueWall)) / 1e6;
        }
        const TimestampUs sentAt = options.stampWallClock ? wallClockUs() : event.dueUs;
        encodeSimEvent(event, sentAt, bytes);
        const std::string_view topic = event.topic();
        if (options.send(event.dueUs, topic, event.userId(), bytes)) {
            ++p.sentByTopic[std::size_t(inputTopicIndex(topic))];
            if (const auto* batch = std::get_if<HealthBatch>(&event.payload))
                p.samples += batch->samples.size();
            if (event.malformVariant >= 0)
                ++p.malformed;
        } else {
            ++p.failures;
        }
        p.simulatedUs = event.dueUs;

        if (++sinceStopCheck >= 256 || options.speed > 0.0) {
            sinceStopCheck = 0;
            const std::int64_t now = steadyClockUs();
            if (now >= nextReport) {
                p.wallSeconds = double(now - startWall) / 1e6;
                if (options.progress)
                    options.progress(p);
                nextReport = now + kUsPerSecond;
            }
            if (options.stopRequested && options.stopRequested()) {
                p.stopped = true;
                break;
            }
        }
    }
    p.finished = !p.stopped;
    p.wallSeconds = double(steadyClockUs() - startWall) / 1e6;
    if (options.progress)
        options.progress(p);
    return p;
}

} // namespace nexus
