#include "backend/twin/TwinReportFormat.h"

#include "backend/twin/UserHistoryReader.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace nexus::twinreport {

namespace {

double rounded(double v) { return std::round(v * 1e4) / 1e4; }

QJsonValue number(double v) { return hasValue(v) ? QJsonValue(rounded(v)) : QJsonValue(QJsonValue::Null); }

QString cell(double v) { return hasValue(v) ? QString::number(rounded(v), 'g', 12) : QString(); }

const char* pmcName(PmcConstant c) { return c == PmcConstant::Linear ? "linear" : "exponential"; }

/// The per-day columns, in output order: the field list first, then the extras.
struct DayColumn
{
    const char* name;
    double (*value)(const TwinDay&);
};
constexpr DayColumn kDayColumns[] = {
    {"load", [](const TwinDay& d) { return d.load; }},
    {"trimp", [](const TwinDay& d) { return d.trimp; }},
    {"ctl", [](const TwinDay& d) { return d.ctl; }},
    {"atl", [](const TwinDay& d) { return d.atl; }},
    {"tsb", [](const TwinDay& d) { return d.tsb; }},
    {"acwr_ewma", [](const TwinDay& d) { return d.acwrEwma; }},
    {"acwr_rolling_coupled", [](const TwinDay& d) { return d.acwrRollingCoupled; }},
    {"acwr_rolling_uncoupled", [](const TwinDay& d) { return d.acwrRollingUncoupled; }},
    {"rmssd", [](const TwinDay& d) { return d.rmssd; }},
    {"ln_rmssd", [](const TwinDay& d) { return d.lnRmssd; }},
    {"hrv_baseline", [](const TwinDay& d) { return d.hrvBaseline; }},
    {"hrv_low", [](const TwinDay& d) { return d.hrvLow; }},
    {"hrv_high", [](const TwinDay& d) { return d.hrvHigh; }},
    {"rhr", [](const TwinDay& d) { return d.rhr; }},
    {"sleep_efficiency", [](const TwinDay& d) { return d.sleepEfficiency; }},
};
constexpr DayColumn kExtraColumns[] = {
    {"edwards_trimp", [](const TwinDay& d) { return d.edwardsTrimp; }},
    {"ramp_rate", [](const TwinDay& d) { return d.rampRate; }},
    {"rhr_baseline", [](const TwinDay& d) { return d.rhrBaseline; }},
    {"sleep_hours", [](const TwinDay& d) { return d.sleepHours; }},
    {"sleep_regularity_min", [](const TwinDay& d) { return d.sleepRegularityMin; }},
};
struct ScoreColumn
{
    const char* name;
    const Score TwinDay::*score;
};
constexpr ScoreColumn kScoreColumns[] = {
    {"readiness", &TwinDay::readiness},
    {"recovery", &TwinDay::recovery},
    {"energy", &TwinDay::energy},
};

struct ForecastColumn
{
    const char* name;
    double ForecastDay::*value;
};
constexpr ForecastColumn kForecastColumns[] = {
    {"planned_load", &ForecastDay::plannedLoad}, {"ctl", &ForecastDay::ctl},
    {"atl", &ForecastDay::atl},                  {"tsb", &ForecastDay::tsb},
    {"fitness", &ForecastDay::fitness},          {"fatigue", &ForecastDay::fatigue},
    {"performance", &ForecastDay::performance},
};

QJsonObject scoreJson(const Score& s)
{
    QJsonObject contributions;
    for (int i = 0; i < s.count; ++i)
        contributions.insert(contributionName(s.contributions[i].input), rounded(s.contributions[i].points));
    return QJsonObject{{"value", rounded(s.value)}, {"contributions", contributions}};
}

QString isoTime(TimestampUs us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

/// The fit's key/value pairs, shared by both formats (numbers null when refused).
QList<QPair<QString, QJsonValue>> fitFields(const BanisterFit& f)
{
    auto num = [&](double v) { return f.fitted ? number(v) : QJsonValue(QJsonValue::Null); };
    return {
        {"status", f.fitted ? "fitted" : "refused"},
        {"reason", f.fitted ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromStdString(f.refusal))},
        {"p0", num(f.params.p0)},
        {"k1", num(f.params.k1)},
        {"k2", num(f.params.k2)},
        {"tau1", num(f.params.tau1)},
        {"tau2", num(f.params.tau2)},
        {"rmse", num(f.rmse)},
        {"markers", f.markers},
        {"iterations", f.iterations},
        {"time_constants_fitted", f.timeConstantsFitted},
        {"warning", f.warning.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromStdString(f.warning))},
    };
}

} // namespace

QByteArray toJson(const TwinReport& r)
{
    QJsonObject root;
    root.insert("pmc_constant", pmcName(r.settings.pmcConstant));
    root.insert("profile", QJsonObject{
                               {"sex", r.profile.sex == Sex::Male ? "male" : "female"},
                               {"age", r.profile.ageYears},
                               {"hr_rest", r.profile.hrRestBpm},
                               {"hr_max", rounded(r.profile.effectiveHrMaxBpm())},
                               {"hr_max_estimated", r.profile.hrMaxBpm <= 0.0f},
                           });
    QJsonArray days;
    for (const TwinDay& d : r.days) {
        QJsonObject o{{"date", isoDate(d.day)}};
        for (const DayColumn& c : kDayColumns)
            o.insert(c.name, number(c.value(d)));
        for (const ScoreColumn& c : kScoreColumns)
            o.insert(c.name, scoreJson(d.*c.score));
        for (const DayColumn& c : kExtraColumns)
            o.insert(c.name, number(c.value(d)));
        days.append(o);
    }
    root.insert("days", days);

    QJsonArray workouts;
    for (const TwinReport::Workout& w : r.workouts)
        workouts.append(QJsonObject{
            {"start", isoTime(w.startUs)},
            {"date", isoDate(w.day)},
            {"minutes", rounded(w.load.minutes)},
            {"banister_trimp", w.load.fromHeartRate ? number(w.load.banister) : QJsonValue()},
            {"edwards_trimp", w.load.fromHeartRate ? number(w.load.edwards) : QJsonValue()},
            {"srpe", w.load.fromHeartRate ? QJsonValue() : number(w.load.sessionRpe)},
            {"load", rounded(w.load.load())},
        });
    root.insert("workouts", workouts);

    QJsonObject fit;
    for (const auto& [key, value] : fitFields(r.fit))
        fit.insert(key, value);
    root.insert("fit", fit);

    QJsonArray forecast;
    for (const ForecastDay& f : r.forecast) {
        QJsonObject o{{"date", isoDate(f.day)}};
        for (const ForecastColumn& c : kForecastColumns)
            o.insert(c.name, number(f.*c.value));
        forecast.append(o);
    }
    root.insert("forecast", forecast);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray toCsv(const TwinReport& r)
{
    QStringList lines;
    QStringList header{"date"};
    for (const DayColumn& c : kDayColumns)
        header << c.name;
    for (const ScoreColumn& c : kScoreColumns)
        header << c.name;
    for (const DayColumn& c : kExtraColumns)
        header << c.name;
    lines << header.join(',');
    for (const TwinDay& d : r.days) {
        QStringList row{isoDate(d.day)};
        for (const DayColumn& c : kDayColumns)
            row << cell(c.value(d));
        for (const ScoreColumn& c : kScoreColumns)
            row << cell((d.*c.score).value);
        for (const DayColumn& c : kExtraColumns)
            row << cell(c.value(d));
        lines << row.join(',');
    }

    lines << QString() << "fit,value";
    for (const auto& [key, value] : fitFields(r.fit)) {
        QString text = value.isDouble() ? cell(value.toDouble())
                       : value.isBool() ? (value.toBool() ? "true" : "false")
                                        : value.toString();
        if (text.contains(',') || text.contains('"'))
            text = '"' + text.replace('"', "\"\"") + '"';
        lines << key + ',' + text;
    }

    lines << QString();
    QStringList forecastHeader{"date"};
    for (const ForecastColumn& c : kForecastColumns)
        forecastHeader << c.name;
    lines << forecastHeader.join(',');
    for (const ForecastDay& f : r.forecast) {
        QStringList row{isoDate(f.day)};
        for (const ForecastColumn& c : kForecastColumns)
            row << cell(f.*c.value);
        lines << row.join(',');
    }
    return (lines.join('\n') + '\n').toUtf8();
}

} // namespace nexus::twinreport
