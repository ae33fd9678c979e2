#include "simulator/stream/UserTimeline.h"

#include "simulator/stream/AppEventDraws.h"

#include <algorithm>
#include <iterator>

namespace nexus::sim {

namespace {

constexpr DurationUs kDayUs = 24LL * 3600 * kUsPerSecond;

bool byDue(const SimEvent& a, const SimEvent& b)
{
    return a.dueUs < b.dueUs;
}

} // namespace

UserTimeline::UserTimeline(const wearable::Person& person, const scenario::Scenario& scenario,
                           const anomaly::AnomalyInjector& injector, int populationSize)
    : m_person(person),
      m_scenario(scenario),
      m_injector(injector),
      m_populationSize(populationSize),
      m_state(wearable::initialState(person))
{
}

wearable::TrainingPlan UserTimeline::planFor(int dayIndex) const
{
    wearable::TrainingPlan plan;
    plan.fromDay = m_scenario.startDay + dayIndex;
    plan.toDay = plan.fromDay + 1;
    for (std::size_t i = 0; i < m_scenario.phases.size(); ++i) {
        const scenario::Phase& phase = m_scenario.phases[i];
        if (dayIndex < phase.fromDay || dayIndex >= phase.toDay)
            continue;
        const double u = double(wearable::detail::mix(m_person.seed ^ wearable::detail::mix(i + 1)) >> 11) * 0x1.0p-53;
        if (u >= phase.userShare)
            continue;
        plan.loadMultiplier *= phase.loadMultiplier;
        plan.bedtimeShiftMin += phase.bedtimeShiftMin;
        plan.illness = std::max(plan.illness, phase.illness);
    }
    return plan;
}

bool UserTimeline::done()
{
    while (m_nextDayIndex < m_scenario.days && (m_buffer.empty() || m_buffer.front().dueUs >= m_generatedUntilUs))
        generateNextDay();
    return m_buffer.empty();
}

const SimEvent& UserTimeline::front()
{
    done();
    return m_buffer.front();
}

SimEvent UserTimeline::pop()
{
    done();
    SimEvent e = std::move(m_buffer.front());
    m_buffer.pop_front();
    return e;
}

std::vector<anomaly::Label> UserTimeline::takeLabels()
{
    return std::exchange(m_labels, {});
}

void UserTimeline::generateNextDay()
{
    const int i = m_nextDayIndex++;
    const DayNumber day = m_scenario.startDay + i;
    if (!m_lookahead)
        m_lookahead = wearable::simulateDay(m_person, m_state, day, planFor(i));
    const wearable::DayRecord today = std::move(*m_lookahead);
    m_lookahead.reset();
    if (i + 1 < m_scenario.days)
        m_lookahead = wearable::simulateDay(m_person, m_state, day + 1, planFor(i + 1));
    const TimestampUs nextBedUs = m_lookahead ? m_lookahead->night.bedUs : today.night.bedUs + kDayUs;

    wearable::DeviceDay device = wearable::recordDeviceDay(m_person, today, nextBedUs, m_scenario.cadence);
    m_injector.injectReadings(m_person, device, m_labels);

    std::vector<SimEvent> events;
    if (i == 0)
        appendSignUp(m_person, device.covers.fromUs - 60 * kUsPerSecond, events);
    appendUploads(device, events);
    appendWorkoutEvents(m_person, today, device, events);
    appendDailyAppEvents(m_person, device, m_scenario.appEvents, m_populationSize, events);
    std::stable_sort(events.begin(), events.end(), byDue);

    std::deque<SimEvent> merged;
    std::merge(std::make_move_iterator(m_buffer.begin()), std::make_move_iterator(m_buffer.end()),
               std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()),
               std::back_inserter(merged), byDue);
    m_buffer = std::move(merged);
    m_generatedUntilUs = device.covers.toUs;
}

void UserTimeline::appendUploads(const wearable::DeviceDay& day, std::vector<SimEvent>& out)
{
    // Devices sync on a fixed grid with a per-device phase, so uploads spread evenly over time.
    const DurationUs intervalUs = DurationUs(m_scenario.uploadIntervalS) * kUsPerSecond;
    const DurationUs phaseUs = DurationUs(m_person.seed % std::uint64_t(m_scenario.uploadIntervalS)) * kUsPerSecond;
    const auto dueOf = [&](TimestampUs t) {
        const TimestampUs slot = (t - phaseUs) / intervalUs + 1; // the first sync strictly after t
        return phaseUs + slot * intervalUs;
    };
    // The RR window travels with the upload after its last beat.
    TimestampUs rrDue = 0;
    if (!day.rr.empty()) {
        TimestampUs endUs = day.rr.front().startUs;
        for (std::uint16_t ms : day.rr.front().rrMs)
            endUs += TimestampUs(ms) * kUsPerMs;
        rrDue = dueOf(endUs);
    }

    int uploadIndex = 0;
    const auto queue = [&](HealthBatch&& batch, TimestampUs dueUs) {
        anomaly::UploadFate fate = m_injector.fateOfUpload(m_person, day.day, uploadIndex++, batch, m_labels, 86400 / m_scenario.uploadIntervalS);
        SimEvent e;
        e.dueUs = dueUs + fate.delayUs;
        e.malformVariant = fate.malformed ? fate.malformVariant : -1;
        e.payload = std::move(batch);
        for (int c = 1; c < fate.copies; ++c)
            out.push_back(e);
        out.push_back(std::move(e));
    };

    HealthBatch batch;
    TimestampUs batchDue = 0;
    const auto newBatch = [&](TimestampUs due) {
        batch = HealthBatch{};
        batch.userId = m_person.userId;
        batch.deviceId = m_person.deviceId;
        batchDue = due;
        if (due == rrDue && !day.rr.empty()) {
            batch.rrStartUs = day.rr.front().startUs;
            batch.rrMs = day.rr.front().rrMs;
        }
    };
    for (const HealthSample& s : day.samples) {
        const TimestampUs due = dueOf(s.tsUs);
        if (due != batchDue) {
            if (!batch.samples.empty() || !batch.rrMs.empty())
                queue(std::move(batch), batchDue);
            newBatch(due);
        }
        batch.samples.push_back(s);
    }
    if (!batch.samples.empty() || !batch.rrMs.empty())
        queue(std::move(batch), batchDue);
}

} // namespace nexus::sim
