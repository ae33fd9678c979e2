#pragma once

#include "simulator/scenario/Scenario.h"
#include "simulator/stream/SimEvent.h"
#include "simulator/wearable/DeviceDay.h"

#include <vector>

/// The app-side events of a simulated person (workout-data, user-events, social-events,
/// ai-interactions). Pure functions of their arguments; draws come from generators seeded by
/// (person.seed, day, stream), so they do not disturb the physiology's draws.
namespace nexus::sim {

/// Sign-up with the person's profile, then a daily-steps and a weekly-TRIMP goal, at `atUs`.
void appendSignUp(const wearable::Person& person, TimestampUs atUs, std::vector<SimEvent>& out);

/// Start, stop and summary of each workout of the day, as the device reports them (the summary
/// a minute after the stop, when the watch has synced).
void appendWorkoutEvents(const wearable::Person& person, const wearable::DayRecord& record,
                         const wearable::DeviceDay& device, std::vector<SimEvent>& out);

/// Poisson numbers of profile changes, goal changes, social events and coach questions at
/// random awake times of the day. `populationSize` bounds the users a person follows.
void appendDailyAppEvents(const wearable::Person& person, const wearable::DeviceDay& device,
                          const scenario::AppEventRates& rates, int populationSize, std::vector<SimEvent>& out);

/// The daily-steps goal a person sets: their usual steps rounded up to 500, at least 5,000.
double dailyStepsGoal(const wearable::Person& person);

/// A Poisson draw (Knuth's method; the means here are small).
int poisson(wearable::detail::Rng& rng, double mean);

} // namespace nexus::sim
