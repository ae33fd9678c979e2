#pragma once

#include "simulator/anomaly/AnomalyInjector.h"
#include "simulator/scenario/Scenario.h"
#include "simulator/stream/SimEvent.h"

#include <deque>
#include <optional>
#include <vector>

namespace nexus::sim {

/// One simulated person's messages in send order, generated a day at a time: the device's
/// uploads (with the scenario's anomalies injected), the workout reports and the app events.
/// A day is generated when the next message would be past what has been generated, so memory
/// holds about one day per person.
class UserTimeline
{
public:
    /// References must outlive the timeline.
    UserTimeline(const wearable::Person& person, const scenario::Scenario& scenario,
                 const anomaly::AnomalyInjector& injector, int populationSize);

    /// True when every message has been taken.
    bool done();
    /// The next message; call only when !done().
    const SimEvent& front();
    SimEvent pop();

    /// Labels of the episodes injected so far (moved out).
    std::vector<anomaly::Label> takeLabels();

    /// The plan of the person's `dayIndex`-th day: the scenario phases that cover it and apply
    /// to this person, combined (load multipliers multiply, shifts add, the largest illness wins).
    wearable::TrainingPlan planFor(int dayIndex) const;

private:
    void generateNextDay();
    void appendUploads(const wearable::DeviceDay& day, std::vector<SimEvent>& out);

    const wearable::Person& m_person;
    const scenario::Scenario& m_scenario;
    const anomaly::AnomalyInjector& m_injector;
    int m_populationSize;
    wearable::PhysiologyState m_state;
    std::optional<wearable::DayRecord> m_lookahead; ///< tomorrow, for tonight's bedtime
    int m_nextDayIndex = 0;
    TimestampUs m_generatedUntilUs = 0;
    std::deque<SimEvent> m_buffer;
    std::vector<anomaly::Label> m_labels;
};

} // namespace nexus::sim
