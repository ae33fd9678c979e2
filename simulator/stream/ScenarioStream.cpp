#include "simulator/stream/ScenarioStream.h"

#include <algorithm>

namespace nexus::sim {

ScenarioStream::ScenarioStream(scenario::Scenario scenario)
    : m_scenario(std::move(scenario)),
      m_population(m_scenario.seed, m_scenario.users),
      m_injector(m_scenario.anomalies, m_scenario.seed)
{
    m_users.reserve(std::size_t(m_population.size()));
    for (const wearable::Person& person : m_population.people())
        m_users.push_back(std::make_unique<UserTimeline>(person, m_scenario, m_injector, m_population.size()));
    for (int u = 0; u < int(m_users.size()); ++u)
        push(u);
    m_firstDueUs = m_heads.empty() ? 0 : m_heads.top().dueUs;
    m_endUs = startOfDayUs(m_scenario.startDay + m_scenario.days);
}

ScenarioStream::~ScenarioStream() = default;

void ScenarioStream::push(int user)
{
    UserTimeline& t = *m_users[std::size_t(user)];
    if (!t.done())
        m_heads.push({t.front().dueUs, user});
}

bool ScenarioStream::next(SimEvent& out)
{
    if (m_heads.empty())
        return false;
    const Head head = m_heads.top();
    m_heads.pop();
    out = m_users[std::size_t(head.user)]->pop();
    push(head.user);
    return true;
}

std::vector<anomaly::Label> ScenarioStream::takeLabels()
{
    std::vector<anomaly::Label> all;
    for (auto& user : m_users) {
        std::vector<anomaly::Label> labels = user->takeLabels();
        all.insert(all.end(), std::make_move_iterator(labels.begin()), std::make_move_iterator(labels.end()));
    }
    std::sort(all.begin(), all.end(), [](const anomaly::Label& a, const anomaly::Label& b) {
        if (a.startUs != b.startUs)
            return a.startUs < b.startUs;
        if (a.userId != b.userId)
            return a.userId < b.userId;
        return a.kind < b.kind;
    });
    return all;
}

} // namespace nexus::sim
