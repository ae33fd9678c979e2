#include "simulator/scenario/Scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QStringList>

#include <cmath>
#include <limits>

namespace nexus::scenario {

namespace {

const QString kResourceDir = QStringLiteral(":/nexus/scenarios");

constexpr double kMaxSeed = 9007199254740992.0; // 2^53: JSON numbers are doubles, larger seeds lose bits
constexpr double kMaxRatePerUserDay = 1000.0;   // a sanity bound: higher rates only exhaust memory
constexpr int kMaxBedtimeShiftMin = 360;
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

/// 1000000 rather than 1e+06 for whole numbers, the shortest exact text otherwise.
QString num(double v)
{
    if (std::floor(v) == v && std::fabs(v) <= kMaxSeed)
        return QString::number(static_cast<qint64>(v));
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString join(const QString& path, const char* key)
{
    return path.isEmpty() ? QString::fromUtf8(key) : path + u'.' + QString::fromUtf8(key);
}

QString describe(const QJsonValue& v)
{
    if (v.isDouble())
        return "the number " + num(v.toDouble());
    if (v.isString()) {
        const QString s = v.toString();
        return "the string \"" + (s.size() > 40 ? s.left(37) + "..." : s) + '"';
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.isArray()    ? QStringLiteral("an array")
           : v.isObject() ? QStringLiteral("an object")
                          : QStringLiteral("null");
}

QString kindNames()
{
    QStringList names;
    for (int k = 0; k < anomaly::kKindCount; ++k)
        names << QString::fromUtf8(anomaly::kindName(static_cast<anomaly::Kind>(k)));
    return names.join(QStringLiteral(", "));
}

/// Reads optional and required fields of JSON objects, recording the first problem as
/// "<path>: <message>". Every method returns false once a problem is recorded, so callers chain
/// them with && and stop at the first failure.
class Reader
{
public:
    explicit Reader(QString& error) : m_error(error) { m_error.clear(); }

    bool fail(const QString& path, const QString& message)
    {
        m_error = path.isEmpty() ? message : path + QStringLiteral(": ") + message;
        m_error.replace(u'\n', QStringLiteral("\\n")); // keep the message one line
        return false;
    }

    /// Unknown keys are errors, so that a typo does not silently leave a default in place.
    bool onlyKeys(const QJsonObject& o, const QString& path, const QStringList& known)
    {
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!known.contains(it.key()))
                return fail(path.isEmpty() ? it.key() : path + u'.' + it.key(),
                            "unknown key (known: " + known.join(QStringLiteral(", ")) + ')');
        return true;
    }

    /// o[key] as an object; an absent key leaves `out` empty.
    bool object(const QJsonObject& o, const QString& path, const char* key, QJsonObject& out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        out = v.toObject();
        return v.isUndefined() || v.isObject() || typeError(join(path, key), v, "an object");
    }

    bool array(const QJsonObject& o, const char* key, QJsonArray& out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        out = v.toArray();
        return v.isUndefined() || v.isArray() || typeError(join({}, key), v, "an array");
    }

    bool string(const QJsonObject& o, const QString& path, const char* key, std::string& out, bool required = false)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return !required || fail(join(path, key), QStringLiteral("missing (expected a string)"));
        if (!v.isString())
            return typeError(join(path, key), v, "a string");
        if (v.toString().contains(u'\n'))
            return fail(join(path, key), QStringLiteral("must be one line"));
        out = v.toString().toStdString();
        return true;
    }

    /// o[key] in [lo, hi] (or (lo, hi] when `loOpen`); an absent key keeps `out` unless required.
    bool real(const QJsonObject& o, const QString& path, const char* key, double lo, double hi, double& out,
              bool loOpen = false, bool required = false)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return !required || fail(join(path, key), QStringLiteral("missing (expected a number)"));
        if (!v.isDouble())
            return typeError(join(path, key), v, "a number");
        const double d = v.toDouble();
        if (!std::isfinite(d) || d > hi || d < lo || (loOpen && d == lo))
            return fail(join(path, key), "must be " + interval(lo, hi, loOpen) + ", got " + num(d));
        out = d;
        return true;
    }

    /// o[key] a whole number in [lo, hi]; an absent key keeps `out`.
    template <typename Int>
    bool integer(const QJsonObject& o, const QString& path, const char* key, double lo, double hi, Int& out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        if (!v.isDouble() || std::floor(v.toDouble()) != v.toDouble())
            return typeError(join(path, key), v, "a whole number");
        const double d = v.toDouble();
        if (d < lo || d > hi)
            return fail(join(path, key), "must be " + interval(lo, hi, false) + ", got " + num(d));
        out = static_cast<Int>(d);
        return true;
    }

private:
    bool typeError(const QString& path, const QJsonValue& v, const char* expected)
    {
        return fail(path, "expected " + QString::fromUtf8(expected) + ", got " + describe(v));
    }

    static QString interval(double lo, double hi, bool loOpen)
    {
        if (std::isinf(hi))
            return QString(loOpen ? "> " : "≥ ") + num(lo);
        return QString(loOpen ? "in (" : "in [") + num(lo) + QStringLiteral(", ") + num(hi) + u']';
    }

    QString& m_error;
};

bool readPhase(Reader& r, const QJsonValue& value, const QString& path, int days, Phase& p)
{
    static const QStringList kKeys{"name",   "from_day", "to_day", "user_share", "load_multiplier", "bedtime_shift_min",
                                   "illness"};
    if (!value.isObject())
        return r.fail(path, "expected an object, got " + describe(value));
    const QJsonObject o = value.toObject();
    p.toDay = days; // a phase without to_day lasts to the end of the scenario
    if (!r.onlyKeys(o, path, kKeys) || !r.string(o, path, "name", p.name) ||
        !r.integer(o, path, "from_day", 0, days - 1, p.fromDay) || !r.integer(o, path, "to_day", 1, days, p.toDay))
        return false;
    if (p.toDay <= p.fromDay)
        return r.fail(path + ".to_day", "must be greater than from_day (" + QString::number(p.fromDay) + ')');
    return r.real(o, path, "user_share", 0, 1, p.userShare, true) &&
           r.real(o, path, "load_multiplier", 0, 5, p.loadMultiplier) &&
           r.integer(o, path, "bedtime_shift_min", -kMaxBedtimeShiftMin, kMaxBedtimeShiftMin, p.bedtimeShiftMin) &&
           r.real(o, path, "illness", 0, 1, p.illness);
}

bool readAnomaly(Reader& r, const QJsonValue& value, const QString& path, anomaly::Spec& s)
{
    static const QStringList kKeys{"kind", "per_user_day", "min_duration_s", "max_duration_s", "user_share"};
    if (!value.isObject())
        return r.fail(path, "expected an object, got " + describe(value));
    const QJsonObject o = value.toObject();
    std::string kind;
    if (!r.onlyKeys(o, path, kKeys) || !r.string(o, path, "kind", kind, true))
        return false;
    const auto parsed = anomaly::kindFromName(kind);
    if (!parsed)
        return r.fail(path + ".kind",
                      "unknown anomaly kind \"" + QString::fromStdString(kind) + "\" (known: " + kindNames() + ')');
    s.kind = *parsed;
    if (!r.real(o, path, "per_user_day", 0, kMaxRatePerUserDay, s.perUserDay, false, true) ||
        !r.integer(o, path, "min_duration_s", 1, 86400, s.minDurationS) ||
        !r.integer(o, path, "max_duration_s", 1, 86400, s.maxDurationS))
        return false;
    if (s.maxDurationS < s.minDurationS)
        return r.fail(path + ".max_duration_s", "must be ≥ min_duration_s (" + QString::number(s.minDurationS) +
                                                    "), got " + QString::number(s.maxDurationS));
    return r.real(o, path, "user_share", 0, 1, s.userShare, true);
}

bool readCadenceAndRates(Reader& r, const QJsonObject& top, Scenario& s)
{
    QJsonObject cadence;
    QJsonObject rates;
    AppEventRates& a = s.appEvents;
    return r.object(top, {}, "cadence", cadence) &&
           r.onlyKeys(cadence, QStringLiteral("cadence"), {"rest_interval_s", "sleep_interval_s"}) &&
           r.integer(cadence, QStringLiteral("cadence"), "rest_interval_s", 1, 3600, s.cadence.restIntervalS) &&
           r.integer(cadence, QStringLiteral("cadence"), "sleep_interval_s", 1, 3600, s.cadence.sleepIntervalS) &&
           r.object(top, {}, "app_events", rates) &&
           r.onlyKeys(rates, QStringLiteral("app_events"),
                      {"social_per_user_day", "ai_questions_per_user_day", "profile_changes_per_user_day",
                       "goal_changes_per_user_day"}) &&
           r.real(rates, QStringLiteral("app_events"), "social_per_user_day", 0, kMaxRatePerUserDay,
                  a.socialPerUserDay) &&
           r.real(rates, QStringLiteral("app_events"), "ai_questions_per_user_day", 0, kMaxRatePerUserDay,
                  a.aiQuestionsPerUserDay) &&
           r.real(rates, QStringLiteral("app_events"), "profile_changes_per_user_day", 0, kMaxRatePerUserDay,
                  a.profileChangesPerUserDay) &&
           r.real(rates, QStringLiteral("app_events"), "goal_changes_per_user_day", 0, kMaxRatePerUserDay,
                  a.goalChangesPerUserDay);
}

bool readStartDate(Reader& r, const QJsonObject& top, Scenario& s)
{
    if (!top.contains(QLatin1String("start_date")))
        return true;
    std::string text;
    if (!r.string(top, {}, "start_date", text))
        return false;
    const auto day = calendar::parseIsoDate(text);
    if (!day)
        return r.fail(QStringLiteral("start_date"),
                      "\"" + QString::fromStdString(text) + "\" is not a date (use YYYY-MM-DD)");
    s.startDay = *day;
    return true;
}

} // namespace

std::optional<Scenario> parseScenario(const QByteArray& json, const std::string& name, QString& error)
{
    static const QStringList kKeys{"description",       "seed",    "users",      "start_date", "days",     "speed",
                                   "upload_interval_s", "cadence", "app_events", "phases",     "anomalies"};
    Reader r(error);
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = json.left(parseError.offset);
        r.fail({}, "not valid JSON: " + parseError.errorString() + " at line " +
                       QString::number(before.count('\n') + 1) + ", column " +
                       QString::number(before.size() - before.lastIndexOf('\n')));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        r.fail({}, QStringLiteral("expected a JSON object at the top level, got an array"));
        return std::nullopt;
    }
    const QJsonObject top = doc.object();

    Scenario s;
    s.name = name;
    QJsonArray phases;
    QJsonArray anomalies;
    const bool ok = r.onlyKeys(top, {}, kKeys) && r.string(top, {}, "description", s.description) &&
                    r.integer(top, {}, "seed", 0, kMaxSeed, s.seed) &&
                    r.integer(top, {}, "users", 1, 1000000, s.users) && readStartDate(r, top, s) &&
                    r.integer(top, {}, "days", 1, 3650, s.days) && r.real(top, {}, "speed", 0, kUnbounded, s.speed) &&
                    r.integer(top, {}, "upload_interval_s", 10, 86400, s.uploadIntervalS) &&
                    readCadenceAndRates(r, top, s) && r.array(top, "phases", phases) &&
                    r.array(top, "anomalies", anomalies);
    if (!ok)
        return std::nullopt;

    for (qsizetype i = 0; i < phases.size(); ++i) {
        Phase p;
        p.name = "phase-" + std::to_string(i); // overridden by "name"
        if (!readPhase(r, phases.at(i), "phases[" + QString::number(i) + ']', s.days, p))
            return std::nullopt;
        s.phases.push_back(std::move(p));
    }
    for (qsizetype i = 0; i < anomalies.size(); ++i) {
        anomaly::Spec spec;
        if (!readAnomaly(r, anomalies.at(i), "anomalies[" + QString::number(i) + ']', spec))
            return std::nullopt;
        s.anomalies.push_back(spec);
    }
    return s;
}

std::optional<Scenario> loadScenario(const QString& nameOrPath, QString& error)
{
    const bool isPath = nameOrPath.contains(u'/') || nameOrPath.endsWith(QLatin1String(".json"));
    const QString path = isPath ? nameOrPath : kResourceDir + u'/' + nameOrPath + QStringLiteral(".json");
    QFile file(path);
    if (!isPath && (nameOrPath.isEmpty() || !file.exists())) {
        QStringList names;
        for (const std::string& n : builtInScenarioNames())
            names << QString::fromStdString(n);
        error = "unknown scenario \"" + nameOrPath + "\" (built-in: " + names.join(QStringLiteral(", ")) +
                "; or give the path of a .json file)";
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        error = path + ": cannot read: " + file.errorString();
        return std::nullopt;
    }
    const std::string name = QFileInfo(path).completeBaseName().toStdString();
    auto scenario = parseScenario(file.readAll(), name, error);
    if (!scenario)
        error = (isPath ? path : "built-in scenario " + nameOrPath) + ": " + error;
    return scenario;
}

std::vector<std::string> builtInScenarioNames()
{
    std::vector<std::string> names;
    const QDir dir(kResourceDir);
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names.push_back(info.completeBaseName().toStdString());
    return names;
}

} // namespace nexus::scenario
