#include "backend/twin/UserHistoryReader.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QStringList>

#include <cmath>
#include <limits>
#include <type_traits>

namespace nexus {

QString ReadError::toString() const
{
    return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

QString isoDate(DayNumber day) { return QString::fromStdString(calendar::isoDate(day)); }

std::optional<DayNumber> parseIsoDate(const QString& s) { return calendar::parseIsoDate(s.toStdString()); }

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxWorkoutSeconds = 7 * 86400.0; // sample times are floats; a week keeps them sub-second exact
constexpr double kMinutesPerDay = 1440.0;
constexpr int kMaxTimeConstantDays = 365; // CTL/ATL are EWMAs, not rings: only a sanity bound

/// "text with %1 and %2" filled with QString arguments in one pass.
template <typename... Args> QString fmt(const char* text, const Args&... args)
{
    return QString::fromUtf8(text).arg(args...);
}

/// Shortest text that reads back as the same double: 300, 0.1, -5.
QString num(double v)
{
    return std::isinf(v) ? QStringLiteral("∞") : QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString join(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString at(const QString& path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

QString describe(const QJsonValue& v)
{
    if (v.isDouble())
        return "the number " + num(v.toDouble());
    if (v.isString())
        return fmt("the string \"%1\"", v.toString().size() > 40 ? v.toString().left(37) + "..." : v.toString());
    if (v.isBool())
        return v.toBool() ? "true" : "false";
    return v.isArray() ? "an array" : v.isObject() ? "an object" : v.isNull() ? "null" : "nothing";
}

/// Checks one value at a time. Every check returns false after recording the problem, so callers
/// chain them with || or && and stop at the first failure.
class Checker
{
public:
    explicit Checker(ReadError& error) : m_error(error) { m_error = {}; }

    bool fail(const QString& path, const QString& message)
    {
        // Keys and values are quoted as given; escape newlines so the error stays one line.
        m_error = ReadError{QString(path).replace(u'\n', QStringLiteral("\\n")),
                            QString(message).replace(u'\n', QStringLiteral("\\n"))};
        return false;
    }

    bool check(bool ok, const QString& path, const QString& message) { return ok || fail(path, message); }

    bool document(const QByteArray& json, QJsonObject& out)
    {
        QJsonParseError e{};
        const QJsonDocument doc = QJsonDocument::fromJson(json, &e);
        const QByteArray before = json.left(e.offset);
        if (e.error != QJsonParseError::NoError)
            return fail({}, fmt("not valid JSON: %1 at offset %2 (line %3, column %4)", e.errorString(),
                                QString::number(e.offset), QString::number(before.count('\n') + 1),
                                QString::number(before.size() - before.lastIndexOf('\n'))));
        out = doc.object();
        return check(doc.isObject(), {},
                     fmt("the file must be a JSON object, got %1", doc.isArray() ? "an array" : "nothing"));
    }

    /// Unknown keys are errors: a typo ("hr_mx") must not silently drop a value.
    bool onlyKeys(const QJsonObject& o, const QString& path, const QStringList& keys)
    {
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!keys.contains(it.key()))
                return fail(join(path, it.key()), fmt("unknown key (expected one of %1)", keys.join(u", ")));
        return true;
    }

    /// v has the given JSON type; `expected` names it for the message ("an object").
    bool typed(const QJsonValue& v, const QString& path, QJsonValue::Type type, const char* expected)
    {
        if (v.type() == type)
            return true;
        return fail(path, v.isUndefined() ? fmt("missing (expected %1)", expected)
                                          : fmt("expected %1, got %2", expected, describe(v)));
    }

    bool number(const QJsonValue& v, const QString& path, double& out)
    {
        out = v.toDouble();
        // The parser already rejects NaN and overflow; this guards against a future lenient parser.
        return typed(v, path, QJsonValue::Double, "a number") &&
               (std::isfinite(out) || fail(path, "expected a finite number, got " + num(out)));
    }

    /// lo ≤ v ≤ hi; the message reads "heart rate 300 bpm is outside 20–250 bpm".
    bool range(double v, double lo, double hi, const QString& path, const char* what, const char* unit)
    {
        if (v >= lo && v <= hi)
            return true;
        const QString u = *unit ? QString(u' ') + unit : QString();
        return fail(path, fmt("%1 %2%3 is outside %4–%5%3", what, num(v), u, num(lo), num(hi)));
    }

    /// The required number o[key], within lo–hi.
    bool field(const QJsonObject& o, const QString& path, const char* key, double lo, double hi, const char* what,
               const char* unit, double& out)
    {
        return number(o.value(key), join(path, key), out) && range(out, lo, hi, join(path, key), what, unit);
    }

    /// The date that keys an entry of a list; dates must strictly increase along the list.
    bool keyDate(const QJsonObject& o, const QString& entryPath, std::optional<DayNumber>& previous, DayNumber& out)
    {
        const QString path = join(entryPath, "date");
        const QJsonValue v = o.value("date");
        const auto day = parseIsoDate(v.toString());
        if (!typed(v, path, QJsonValue::String, "a date \"YYYY-MM-DD\"") ||
            !check(day.has_value(), path, fmt("\"%1\" is not a date (use YYYY-MM-DD)", v.toString())))
            return false;
        if (previous && *day <= *previous)
            return fail(path, *day == *previous ? "duplicate date " + isoDate(*day)
                                                : fmt("dates must be in increasing order: %1 after %2", isoDate(*day),
                                                      isoDate(*previous)));
        previous = out = *day;
        return true;
    }

    /// Calls entry(object, path) for each element of the optional array root[key], after checking
    /// that the element is an object with only the given keys.
    template <typename Entry>
    bool eachEntry(const QJsonObject& root, const char* key, const QStringList& keys, Entry&& entry)
    {
        const QJsonArray list = root.value(key).toArray();
        if (root.contains(key) && !typed(root.value(key), key, QJsonValue::Array, "an array"))
            return false;
        for (qsizetype i = 0; i < list.size(); ++i)
            if (!typed(list.at(i), at(key, i), QJsonValue::Object, "an object") ||
                !onlyKeys(list.at(i).toObject(), at(key, i), keys) || !entry(list.at(i).toObject(), at(key, i)))
                return false;
        return true;
    }

private:
    ReadError& m_error;
};

bool readProfile(Checker& c, const QJsonObject& root, AthleteProfile& p)
{
    const QString path = QStringLiteral("profile");
    const QString sexPath = QStringLiteral("profile.sex");
    const QString maxPath = QStringLiteral("profile.hr_max");
    const QJsonObject o = root.value(path).toObject();
    if (!c.check(root.contains(path), path, "missing (the file needs a \"profile\" object)") ||
        !c.typed(root.value(path), path, QJsonValue::Object, "an object") ||
        !c.onlyKeys(o, path, {"sex", "age", "hr_rest", "hr_max", "weight_kg"}))
        return false;

    const QString sex = o.value("sex").toString();
    if (!c.typed(o.value("sex"), sexPath, QJsonValue::String, "\"male\" or \"female\"") ||
        !c.check(sex == QLatin1String("male") || sex == QLatin1String("female"), sexPath,
                 fmt("unknown sex \"%1\" (use \"male\" or \"female\")", sex)))
        return false;
    p.sex = sex == QLatin1String("male") ? Sex::Male : Sex::Female;

    double age = 0.0;
    double hrRest = 0.0;
    double hrMax = 0.0;
    double weight = 0.0;
    if (!c.field(o, path, "age", 5, 120, "age", "years", age) ||
        !c.field(o, path, "hr_rest", 25, 120, "resting heart rate", "bpm", hrRest) ||
        (o.contains("hr_max") && !c.number(o.value("hr_max"), maxPath, hrMax)) ||
        !c.check(hrMax <= 250.0, maxPath, fmt("maximum heart rate %1 bpm is above 250 bpm", num(hrMax))))
        return false;
    p.ageYears = float(age);
    p.hrRestBpm = float(hrRest);
    p.hrMaxBpm = float(hrMax); // 0 when absent: the models then use Tanaka's estimate
    // Compared as the floats the models use, so "above hr_rest" still holds after the conversion.
    if (o.contains("hr_max") && !(p.hrMaxBpm > p.hrRestBpm))
        return c.fail(maxPath, fmt("maximum heart rate %1 bpm must be above hr_rest %2 bpm", num(hrMax), num(hrRest)));
    // Unreachable with today's ranges (age ≤ 120 gives ≥ 124 bpm), kept in case they widen.
    if (!(p.effectiveHrMaxBpm() > p.hrRestBpm))
        return c.fail(maxPath, fmt("missing, and the age estimate 208 − 0.7·age = %1 bpm is not above hr_rest %2 bpm "
                                   "(give hr_max)",
                                   num(p.effectiveHrMaxBpm()), num(hrRest)));
    if (o.contains("weight_kg") && !c.field(o, path, "weight_kg", 20, 400, "weight", "kg", weight))
        return false;
    p.weightKg = float(weight);
    return true;
}

/// A list of {date, <valueKey>: number} entries: daily_load, plan (loads, ≥ 0) and markers (any number).
template <typename Entry>
bool readDated(Checker& c, const QJsonObject& root, const char* key, const char* valueKey, double Entry::*value,
               std::vector<Entry>& out)
{
    const bool isLoad = std::is_same_v<Entry, DailyLoadEntry>;
    std::optional<DayNumber> previous;
    return c.eachEntry(root, key, {"date", valueKey}, [&](const QJsonObject& o, const QString& path) {
        Entry e;
        return c.keyDate(o, path, previous, e.day) && c.number(o.value(valueKey), join(path, valueKey), e.*value) &&
               c.check(!isLoad || e.*value >= 0.0, join(path, valueKey), "negative load " + num(e.*value)) &&
               (out.push_back(e), true);
    });
}

bool readHrSamples(Checker& c, const QJsonValue& v, const QString& path, std::vector<HrPoint>& out)
{
    const QJsonArray samples = v.toArray();
    if (!c.typed(v, path, QJsonValue::Array, "an array") ||
        !c.check(samples.size() >= 2, path, fmt("needs at least 2 samples, got %1", QString::number(samples.size()))))
        return false;
    out.reserve(size_t(samples.size()));
    // Plain ifs, not check(): a long workout has thousands of samples, so messages are built only on failure.
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const QString samplePath = at(path, i);
        const QJsonArray pair = samples.at(i).toArray();
        double seconds = 0.0;
        double bpm = 0.0;
        if (!samples.at(i).isArray() || pair.size() != 2)
            return c.fail(samplePath, "expected [seconds_from_start, bpm], got " + describe(samples.at(i)));
        if (!c.number(pair.at(0), at(samplePath, 0), seconds) || !c.number(pair.at(1), at(samplePath, 1), bpm))
            return false;
        if (seconds < 0.0 || seconds > kMaxWorkoutSeconds)
            return c.fail(samplePath, seconds < 0.0
                                          ? fmt("negative time %1 s", num(seconds))
                                          : fmt("time %1 s is more than 7 days after the start", num(seconds)));
        if (!c.range(bpm, 20, 250, samplePath, "heart rate", "bpm"))
            return false;
        // Order is checked on the stored floats, so two distinct doubles that round together are caught.
        const HrPoint point{float(seconds), float(bpm)};
        if (!out.empty() && point.secondsFromStart <= out.back().secondsFromStart)
            return c.fail(samplePath, point.secondsFromStart == out.back().secondsFromStart
                                          ? fmt("duplicate time %1 s", num(seconds))
                                          : fmt("times must be in increasing order: %1 s after %2 s", num(seconds),
                                                num(out.back().secondsFromStart)));
        out.push_back(point);
    }
    return true;
}

/// The load data of a workout: heart-rate samples, or minutes and a session RPE.
bool readWorkoutLoad(Checker& c, const QJsonObject& o, const QString& path, WorkoutEntry& w)
{
    const bool hasMinutes = o.contains("minutes");
    const bool hasRpe = o.contains("rpe");
    const QString minutesPath = join(path, "minutes");
    if (o.contains("hr_samples"))
        return c.check(!hasMinutes && !hasRpe, path, "give either hr_samples or minutes and rpe, not both") &&
               readHrSamples(c, o.value("hr_samples"), join(path, "hr_samples"), w.hrSamples);
    return c.check(hasMinutes || hasRpe, path, "no data: give hr_samples, or minutes and rpe") &&
           c.check(hasMinutes && hasRpe, join(path, hasMinutes ? "rpe" : "minutes"),
                   "missing (a workout without hr_samples needs minutes and rpe)") &&
           c.number(o.value("minutes"), minutesPath, w.minutes) &&
           c.check(w.minutes >= 0.0, minutesPath, "negative duration " + num(w.minutes)) &&
           c.check(w.minutes > 0.0, minutesPath, "duration must be positive, got 0") &&
           c.field(o, path, "rpe", 0, 10, "RPE", "", w.rpe);
}

/// Workouts in strictly increasing order of start, a time with a UTC offset or Z.
bool readWorkouts(Checker& c, const QJsonObject& root, std::vector<WorkoutEntry>& out)
{
    QString previous;
    return c.eachEntry(
        root, "workouts", {"start", "hr_samples", "minutes", "rpe"}, [&](const QJsonObject& o, const QString& path) {
            const QString startPath = join(path, "start");
            const QString start = o.value("start").toString();
            const QDateTime time = QDateTime::fromString(start, Qt::ISODateWithMs);
            WorkoutEntry w;
            w.startUs = time.toMSecsSinceEpoch() * kUsPerMs;
            // A time without a zone would be read in the machine's zone: results must not depend on where they run.
            if (!c.typed(o.value("start"), startPath, QJsonValue::String,
                         "an ISO-8601 time such as \"2026-03-01T07:30:00+02:00\"") ||
                !c.check(time.isValid(), startPath,
                         fmt("\"%1\" is not an ISO-8601 time (e.g. 2026-03-01T07:30:00+02:00)", start)) ||
                !c.check(time.timeSpec() != Qt::LocalTime, startPath,
                         fmt("\"%1\" needs a UTC offset or Z (e.g. 2026-03-01T07:30:00Z)", start)))
                return false;
            // The date as written, in its own offset.
            w.day = calendar::daysFromCivil(time.date().year(), time.date().month(), time.date().day());
            if (!out.empty() && w.startUs <= out.back().startUs)
                return c.fail(startPath, w.startUs == out.back().startUs
                                             ? fmt("duplicate start %1 (the same instant as %2)", start, previous)
                                             : fmt("starts must be in increasing order: %1 after %2", start, previous));
            previous = start;
            return readWorkoutLoad(c, o, path, w) && (out.push_back(std::move(w)), true);
        });
}

bool readNight(Checker& c, const QJsonObject& o, const QString& path, NightEntry& n)
{
    const QString rrPath = join(path, "rr_ms");
    const QString inBedPath = join(path, "in_bed_min");
    const QString asleepPath = join(path, "asleep_min");
    const QJsonArray rr = o.value("rr_ms").toArray();
    if (o.contains("rr_ms") &&
        (!c.typed(o.value("rr_ms"), rrPath, QJsonValue::Array, "an array") ||
         !c.check(rr.size() >= 2, rrPath, fmt("needs at least 2 RR intervals, got %1", QString::number(rr.size())))))
        return false;
    n.rrMs.reserve(size_t(rr.size()));
    for (qsizetype i = 0; i < rr.size(); ++i) {
        double ms = 0.0;
        if (!c.number(rr.at(i), at(rrPath, i), ms) || !c.range(ms, 250, 2500, at(rrPath, i), "RR interval", "ms"))
            return false;
        n.rrMs.push_back(float(ms));
    }
    return c.number(o.value("in_bed_min"), inBedPath, n.inBedMin) &&
           c.check(n.inBedMin > 0.0, inBedPath, "time in bed must be positive, got " + num(n.inBedMin)) &&
           c.check(n.inBedMin <= kMinutesPerDay, inBedPath,
                   fmt("time in bed %1 min is more than 24 h", num(n.inBedMin))) &&
           c.number(o.value("asleep_min"), asleepPath, n.asleepMin) &&
           c.check(n.asleepMin >= 0.0, asleepPath, "negative time asleep " + num(n.asleepMin)) &&
           c.check(n.asleepMin <= n.inBedMin, asleepPath,
                   fmt("time asleep %1 min is more than in_bed_min %2 min", num(n.asleepMin), num(n.inBedMin)));
}

/// A settings value: its key, the member it sets and its allowed range (lo excluded when loOpen).
template <typename Owner, typename T> struct Field
{
    const char* name;
    T Owner::*member;
    double lo = -kInf;
    double hi = kInf;
    bool loOpen = false;
};

template <typename Owner, typename T, size_t N> QStringList fieldNames(const Field<Owner, T> (&fields)[N])
{
    QStringList names;
    for (const auto& f : fields)
        names << QString::fromLatin1(f.name);
    return names;
}

template <typename Owner, typename T, size_t N>
bool readFields(Checker& c, const QJsonObject& o, const QString& path, const Field<Owner, T> (&fields)[N], Owner& out)
{
    for (const auto& f : fields) {
        const QString fieldPath = join(path, f.name);
        double v = 0.0;
        if (!o.contains(f.name))
            continue;
        if (!c.number(o.value(f.name), fieldPath, v) ||
            !c.check(!std::is_same_v<T, int> || v == std::floor(v), fieldPath,
                     "expected a whole number, got " + num(v)) ||
            !c.check(!(f.loOpen ? v <= f.lo : v < f.lo) && v <= f.hi, fieldPath,
                     fmt("%1 is outside %2%3, %4%5", num(v), f.loOpen ? "(" : "[", num(f.lo), num(f.hi),
                         f.hi < kInf ? "]" : ")")))
            return false;
        out.*f.member = T(v);
    }
    return true;
}

using namespace twin_capacity;

const Field<TwinSettings, int> kDayFields[] = {
    {"ctl_days", &TwinSettings::ctlDays, 1, kMaxTimeConstantDays},
    {"atl_days", &TwinSettings::atlDays, 1, kMaxTimeConstantDays},
    {"acwr_acute_days", &TwinSettings::acwrAcuteDays, 1, kLoadDays},
    {"acwr_chronic_days", &TwinSettings::acwrChronicDays, 1, kLoadDays},
    {"hrv_baseline_days", &TwinSettings::hrvBaselineDays, 1, kHrvDays},
    {"hrv_normal_range_days", &TwinSettings::hrvNormalRangeDays, 1, kHrvDays},
    {"rhr_baseline_days", &TwinSettings::rhrBaselineDays, 1, kRhrDays},
    {"sleep_regularity_nights", &TwinSettings::sleepRegularityNights, 1, kSleepNights},
};

const Field<TwinSettings, double> kRealFields[] = {
    {"hrv_normal_range_width_sd", &TwinSettings::hrvNormalRangeWidthSd, 0, kInf, true},
    {"live_training_hrr_fraction", &TwinSettings::liveTrainingHrrFraction, 0, 1, true},
};

// Weights are judgement calls, so any finite number goes, except where a unit bounds the value.
const Field<ScoreWeights, double> kWeightFields[] = {
    {"recovery_base", &ScoreWeights::recoveryBase},
    {"hrv_points_per_sd", &ScoreWeights::hrvPointsPerSd},
    {"rhr_points_per_bpm", &ScoreWeights::rhrPointsPerBpm},
    {"sleep_need_hours", &ScoreWeights::sleepNeedHours, 0, 24, true},
    {"sleep_points_per_hour", &ScoreWeights::sleepPointsPerHour},
    {"sleep_efficiency_norm", &ScoreWeights::sleepEfficiencyNorm, 0, 1, true},
    {"efficiency_points_per_tenth", &ScoreWeights::efficiencyPointsPerTenth},
    {"form_points", &ScoreWeights::formPoints},
    {"acwr_high_points_per01", &ScoreWeights::acwrHighPointsPer01},
    {"acwr_low_points_per01", &ScoreWeights::acwrLowPointsPer01},
    {"regularity_points_per10_min", &ScoreWeights::regularityPointsPer10Min},
    {"energy_initial", &ScoreWeights::energyInitial, 0, 100},
    {"energy_sleep_recharge_per_hour", &ScoreWeights::energySleepRechargePerHour},
    {"energy_assumed_sleep_hours", &ScoreWeights::energyAssumedSleepHours, 0, 24},
    {"energy_waking_drain_per_hour", &ScoreWeights::energyWakingDrainPerHour},
    {"energy_load_drain_per_unit", &ScoreWeights::energyLoadDrainPerUnit},
    {"energy_stress_drain_per_minute", &ScoreWeights::energyStressDrainPerMinute},
};

/// shorter ≤ longer for a pair of windows; the error names the key the file set.
bool ordered(Checker& c, const QJsonObject& o, int shorter, const QString& shorterKey, int longer,
             const QString& longerKey)
{
    return c.check(
        shorter <= longer, o.contains(longerKey) ? longerKey : shorterKey,
        fmt("%1 %2 must not exceed %3 %4", shorterKey, QString::number(shorter), longerKey, QString::number(longer)));
}

} // namespace

bool readUserHistory(const QByteArray& json, UserHistory& out, ReadError& error)
{
    Checker c(error);
    QJsonObject root;
    UserHistory h;
    std::optional<DayNumber> previousNight;
    const auto night = [&](const QJsonObject& o, const QString& path) {
        NightEntry n;
        return c.keyDate(o, path, previousNight, n.day) && readNight(c, o, path, n) &&
               (h.nights.push_back(std::move(n)), true);
    };
    if (!c.document(json, root) ||
        !c.onlyKeys(root, {}, {"profile", "daily_load", "workouts", "nights", "markers", "plan"}) ||
        !readProfile(c, root, h.profile) ||
        !readDated(c, root, "daily_load", "load", &DailyLoadEntry::load, h.dailyLoad) ||
        !readWorkouts(c, root, h.workouts) ||
        !c.eachEntry(root, "nights", {"date", "rr_ms", "in_bed_min", "asleep_min"}, night) ||
        !readDated(c, root, "markers", "performance", &PerformanceMarker::performance, h.markers) ||
        !readDated(c, root, "plan", "load", &DailyLoadEntry::load, h.plan) ||
        !c.check(!h.dailyLoad.empty() || !h.workouts.empty() || !h.nights.empty(), {},
                 "no history: give daily_load, workouts or nights"))
        return false;
    out = std::move(h);
    return true;
}

bool readTwinSettings(const QByteArray& json, TwinSettings& out, ReadError& error)
{
    Checker c(error);
    QJsonObject root;
    TwinSettings s = out;
    if (!c.document(json, root) ||
        !c.onlyKeys(root, {},
                    QStringList{"pmc_constant", "weights"} + fieldNames(kDayFields) + fieldNames(kRealFields)))
        return false;
    const QString pmc = root.value("pmc_constant").toString();
    const QJsonObject weights = root.value("weights").toObject();
    if ((root.contains("pmc_constant") &&
         (!c.typed(root.value("pmc_constant"), "pmc_constant", QJsonValue::String, "\"exponential\" or \"linear\"") ||
          !c.check(pmc == QLatin1String("exponential") || pmc == QLatin1String("linear"), "pmc_constant",
                   fmt("unknown value \"%1\" (use \"exponential\" or \"linear\")", pmc)))) ||
        !readFields(c, root, {}, kDayFields, s) || !readFields(c, root, {}, kRealFields, s) ||
        (root.contains("weights") && (!c.typed(root.value("weights"), "weights", QJsonValue::Object, "an object") ||
                                      !c.onlyKeys(weights, "weights", fieldNames(kWeightFields)) ||
                                      !readFields(c, weights, "weights", kWeightFields, s.weights))) ||
        !ordered(c, root, s.acwrAcuteDays, "acwr_acute_days", s.acwrChronicDays, "acwr_chronic_days") ||
        !ordered(c, root, s.hrvBaselineDays, "hrv_baseline_days", s.hrvNormalRangeDays, "hrv_normal_range_days"))
        return false;
    if (root.contains("pmc_constant"))
        s.pmcConstant = pmc == QLatin1String("linear") ? PmcConstant::Linear : PmcConstant::Exponential;
    out = s;
    return true;
}

} // namespace nexus
