#pragma once

#include "simulator/anomaly/AnomalyInjector.h"
#include "simulator/scenario/Scenario.h"
#include "simulator/stream/SimEvent.h"
#include "simulator/stream/UserTimeline.h"
#include "simulator/wearable/Population.h"

#include <memory>
#include <queue>
#include <vector>

namespace nexus::sim {

/// A scenario as one stream of messages in send order (simulated time), merged across the
/// population: what `nexus-twin simulate` sends. Deterministic: the same scenario gives the same
/// messages in the same order (ties broken by user index). Not thread-safe.
class ScenarioStream
{
public:
    explicit ScenarioStream(scenario::Scenario scenario);
    ~ScenarioStream();

    /// The next message; false when the scenario is over.
    bool next(SimEvent& out);

    /// Simulated time of the first message, and of the end of the last simulated day.
    TimestampUs firstDueUs() const { return m_firstDueUs; }
    TimestampUs endUs() const { return m_endUs; }

    /// Labels of the episodes injected so far, sorted by (start, user, kind), moved out.
    std::vector<anomaly::Label> takeLabels();

    const scenario::Scenario& scenario() const { return m_scenario; }
    const wearable::Population& population() const { return m_population; }

private:
    struct Head
    {
        TimestampUs dueUs;
        int user;
        bool operator>(const Head& o) const { return dueUs != o.dueUs ? dueUs > o.dueUs : user > o.user; }
    };

    void push(int user);

    scenario::Scenario m_scenario;
    wearable::Population m_population;
    anomaly::AnomalyInjector m_injector;
    std::vector<std::unique_ptr<UserTimeline>> m_users;
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> m_heads;
    TimestampUs m_firstDueUs = 0;
    TimestampUs m_endUs = 0;
};

} // namespace nexus::sim
