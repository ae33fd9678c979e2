#pragma once

#include "backend/twin/Trimp.h"
#include "models/twin/BanisterModel.h"
#include "models/twin/TwinDay.h"
#include "models/twin/TwinSettings.h"
#include "models/twin/UserHistory.h"

#include <string>
#include <vector>

namespace nexus {

/// Everything `nexus-twin twin` computes from one user's history: a row per day from the first to
/// the last dated entry (markers included), each workout's loads, the Banister fit to the markers
/// and a forecast of the days after the history under the plan.
struct TwinReport
{
    static constexpr int kForecastDays = 14;

    struct Workout
    {
        TimestampUs startUs = 0;
        DayNumber day = 0;
        trimp::WorkoutLoad load;
    };

    AthleteProfile profile;
    TwinSettings settings;
    std::vector<TwinDay> days;
    std::vector<Workout> workouts;
    BanisterFit fit;
    std::vector<ForecastDay> forecast; ///< kForecastDays days after the last history day
};

/// Runs the history through the twin engine, fits the Banister model and forecasts. Returns false
/// with `error` ("plan[3].date: …") when the plan does not fit the forecast window.
bool computeTwinReport(const UserHistory& history, const TwinSettings& settings, TwinReport& report,
                       std::string& error);

} // namespace nexus
