#include "backend/twin/TwinReport.h"

#include "backend/twin/BanisterFitter.h"
#include "backend/twin/TwinEngine.h"

#include <algorithm>
#include <numeric>

namespace nexus {

namespace {

/// The first and last day any dated entry of the history falls on.
bool historyRange(const UserHistory& h, DayNumber& first, DayNumber& last)
{
    bool any = false;
    auto take = [&](DayNumber d) {
        first = any ? std::min(first, d) : d;
        last = any ? std::max(last, d) : d;
        any = true;
    };
    for (const auto& e : h.dailyLoad)
        take(e.day);
    for (const auto& w : h.workouts)
        take(w.day);
    for (const auto& n : h.nights)
        take(n.day);
    for (const auto& m : h.markers)
        take(m.day);
    return any;
}

} // namespace

bool computeTwinReport(const UserHistory& history, const TwinSettings& settings, TwinReport& report,
                       std::string& error)
{
    report = TwinReport{};
    report.profile = history.profile;
    report.settings = settings;
    DayNumber first = 0, last = 0;
    if (!historyRange(history, first, last)) {
        error = "no history: give daily_load, workouts or nights";
        return false;
    }

    std::vector<double> planLoads(TwinReport::kForecastDays, 0.0);
    for (std::size_t i = 0; i < history.plan.size(); ++i) {
        const DayNumber day = history.plan[i].day;
        const std::string where = "plan[" + std::to_string(i) + "].date: ";
        if (day <= last) {
            error = where + "the plan must start after the history's last day (day " + std::to_string(day - last) +
                    " relative to it)";
            return false;
        }
        if (day > last + TwinReport::kForecastDays) {
            error = where + "beyond the " + std::to_string(TwinReport::kForecastDays) +
                    "-day forecast after the history's last day (day +" + std::to_string(day - last) + ")";
            return false;
        }
        planLoads[std::size_t(day - last - 1)] = history.plan[i].load;
    }

    // Workouts by local date, then start (offsets may differ between workouts).
    std::vector<std::size_t> workoutOrder(history.workouts.size());
    std::iota(workoutOrder.begin(), workoutOrder.end(), 0);
    std::stable_sort(workoutOrder.begin(), workoutOrder.end(), [&](std::size_t a, std::size_t b) {
        return history.workouts[a].day < history.workouts[b].day;
    });

    const TwinEngine engine(settings);
    TwinState twin;
    engine.start(twin, history.profile, first);
    std::size_t li = 0, wi = 0, ni = 0;
    report.days.reserve(std::size_t(last - first + 1));
    for (DayNumber day = first; day <= last; ++day) {
        for (; li < history.dailyLoad.size() && history.dailyLoad[li].day == day; ++li)
            engine.addLoad(twin, history.dailyLoad[li].load);
        for (; wi < workoutOrder.size() && history.workouts[workoutOrder[wi]].day == day; ++wi) {
            const WorkoutEntry& w = history.workouts[workoutOrder[wi]];
            report.workouts.push_back({w.startUs, w.day, engine.addWorkout(twin, w)});
        }
        for (; ni < history.nights.size() && history.nights[ni].day == day; ++ni)
            engine.addNight(twin, history.nights[ni]);
        report.days.push_back(engine.closeDay(twin));
    }

    std::vector<double> loads;
    loads.reserve(report.days.size());
    for (const TwinDay& d : report.days)
        loads.push_back(d.load);
    report.fit = banister::fit(loads, first, history.markers);
    if (report.fit.fitted) {
        report.forecast = banister::forecast(report.fit.params, loads, first, planLoads);
    } else {
        for (int j = 0; j < TwinReport::kForecastDays; ++j) {
            ForecastDay f;
            f.day = last + 1 + j;
            f.plannedLoad = planLoads[std::size_t(j)];
            f.fitness = f.fatigue = f.performance = kNoValue;
            report.forecast.push_back(f);
        }
    }
    engine.projectPmc(twin, report.forecast);
    return true;
}

} // namespace nexus
