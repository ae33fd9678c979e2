#include "backend/twin/TwinReportFormat.h"

#include "backend/twin/UserHistoryReader.h"

#include "backend/codec/PrettyJsonWriter.h"

#include <QDateTime>
#include <QJsonValue>

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

void writeScore(json::PrettyJsonWriter& w, const Score& s)
{
    w.beginObject();
    w.key("value");
    w.value(rounded(s.value));
    w.key("contributions");
    w.beginObject();
    for (int i = 0; i < s.count; ++i) {
        w.key(contributionName(s.contributions[i].input));
        w.value(rounded(s.contributions[i].points));
    }
    w.endObject();
    w.endObject();
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
    // Days, workouts and forecast days sit at depth 3; their scores are written on one line each.
    json::PrettyJsonWriter w(2, 3);
    w.beginObject();
    w.key("pmc_constant");
    w.value(pmcName(r.settings.pmcConstant));
    w.key("profile");
    w.beginObject();
    w.key("sex");
    w.value(r.profile.sex == Sex::Male ? "male" : "female");
    w.key("age");
    w.value(double(r.profile.ageYears));
    w.key("hr_rest");
    w.value(double(r.profile.hrRestBpm));
    w.key("hr_max");
    w.value(rounded(r.profile.effectiveHrMaxBpm()));
    w.key("hr_max_estimated");
    w.value(r.profile.hrMaxBpm <= 0.0f);
    w.endObject();

    w.key("days");
    w.beginArray();
    for (const TwinDay& d : r.days) {
        w.beginObject();
        w.key("date");
        w.value(isoDate(d.day));
        for (const DayColumn& c : kDayColumns) {
            w.key(c.name);
            w.value(number(c.value(d)));
        }
        for (const ScoreColumn& c : kScoreColumns) {
            w.key(c.name);
            writeScore(w, d.*c.score);
        }
        for (const DayColumn& c : kExtraColumns) {
            w.key(c.name);
            w.value(number(c.value(d)));
        }
        w.endObject();
    }
    w.endArray();

    w.key("workouts");
    w.beginArray();
    for (const TwinReport::Workout& wo : r.workouts) {
        const bool hr = wo.load.fromHeartRate;
        w.beginObject();
        w.key("start");
        w.value(isoTime(wo.startUs));
        w.key("date");
        w.value(isoDate(wo.day));
        w.key("minutes");
        w.value(rounded(wo.load.minutes));
        w.key("banister_trimp");
        w.value(hr ? number(wo.load.banister) : QJsonValue());
        w.key("edwards_trimp");
        w.value(hr ? number(wo.load.edwards) : QJsonValue());
        w.key("srpe");
        w.value(hr ? QJsonValue() : number(wo.load.sessionRpe));
        w.key("load");
        w.value(rounded(wo.load.load()));
        w.endObject();
    }
    w.endArray();

    w.key("fit");
    w.beginObject();
    for (const auto& [key, value] : fitFields(r.fit)) {
        const QByteArray name = key.toUtf8();
        w.key(name.constData());
        w.value(value);
    }
    w.endObject();

    w.key("forecast");
    w.beginArray();
    for (const ForecastDay& f : r.forecast) {
        w.beginObject();
        w.key("date");
        w.value(isoDate(f.day));
        for (const ForecastColumn& c : kForecastColumns) {
            w.key(c.name);
            w.value(number(f.*c.value));
        }
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.finish();
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
