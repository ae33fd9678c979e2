// `nexus-twin bench --detectors`: the health analyzer scored against the simulator's ground truth.

#include "app/cli/DetectorBench.h"

#include "app/StackConfig.h"
#include "app/simulate/DetectorEvaluation.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <map>

namespace nexus::cli {

namespace {

constexpr const char* kName = "nexus-twin bench --detectors";
/// A detection counts when it overlaps the labelled episode widened by this much: detectors need
/// a few readings (minutes) to confirm, nightly ones report after the window.
constexpr DurationUs kTolerance = 20 * 60 * kUsPerSecond;

std::vector<anomaly::Kind> kindsOf(const scenario::Scenario& s)
{
    std::vector<anomaly::Kind> kinds;
    for (const anomaly::Spec& spec : s.anomalies)
        if (spec.perUserDay > 0 && std::find(kinds.begin(), kinds.end(), spec.kind) == kinds.end())
            kinds.push_back(spec.kind);
    std::sort(kinds.begin(), kinds.end());
    return kinds;
}

bool loadWithOverrides(const QString& name, const QCommandLineParser& parser, const StackConfig& config,
                       scenario::Scenario& out, QString& error)
{
    auto s = scenario::loadScenario(name, error);
    if (!s)
        return false;
    if (parser.isSet("users"))
        s->users = config.simulator.users;
    if (parser.isSet("seed"))
        s->seed = config.simulator.seed;
    out = std::move(*s);
    return true;
}

} // namespace

void addDetectorBenchOptions(QCommandLineParser& parser)
{
    parser.addOption({"detectors", "Score the health analyzer's detectors instead of a load run (no Kafka): precision "
                                   "and recall per anomaly kind on labelled scenarios, and false alerts per user-day "
                                   "on a normal population."});
    parser.addOption({"scenario", "With --detectors: a labelled scenario to score on, name or path (repeatable; "
                                  "default anomaly-mix).",
                      "name"});
}

int runDetectorBench(const QCommandLineParser& parser)
{
    // With --json the machine-readable report is stdout's only content; the table goes to stderr.
    FILE* table = parser.isSet("json") ? stderr : stdout;
    StackConfig config;
    QString error;
    if (!resolveStackConfig(parser, config, error)) {
        std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
        return 2;
    }
    QStringList names = parser.values("scenario");
    if (names.isEmpty())
        names = {"anomaly-mix"};

    QJsonArray scenariosJson;
    bool allMet = true;
    for (const QString& name : names) {
        scenario::Scenario s;
        if (!loadWithOverrides(name, parser, config, s, error)) {
            std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
            return 2;
        }
        std::fprintf(stderr, "scoring on %s (%d users, %d days)…\n", s.name.c_str(), s.users, s.days);
        const DetectorEvaluation run = evaluateDetectors(s);
        const std::vector<detectorscore::KindScore> scores =
            detectorscore::score(run.labels, run.detections, kindsOf(s), kTolerance);

        std::fprintf(table, "\n%s: %d users × %d days, %zu labelled episodes, %llu samples analysed at %.2f M samples/s\n",
                    s.name.c_str(), s.users, s.days, run.labels.size(), static_cast<unsigned long long>(run.samples),
                    run.analyzeSeconds > 0 ? double(run.samples) / run.analyzeSeconds / 1e6 : 0.0);
        std::fprintf(table, "  %-20s %-20s %7s %7s %8s %10s %9s\n", "anomaly", "found by", "labels", "found", "recall",
                    "detections", "precision");
        QJsonArray kinds;
        for (const detectorscore::KindScore& k : scores) {
            const bool met = k.recall() >= 0.95 && k.precision() >= 0.95;
            allMet = allMet && met;
            std::fprintf(table, "  %-20s %-20s %7d %7d %8.3f %10d %9.3f%s\n", anomaly::kindName(k.kind), k.detectedBy.c_str(),
                        k.labels, k.found, k.recall(), k.detections, k.precision(), met ? "" : "  < 0.95");
            kinds.append(QJsonObject{{"kind", anomaly::kindName(k.kind)},
                                     {"detector", QString::fromStdString(k.detectedBy)},
                                     {"labels", k.labels},
                                     {"found", k.found},
                                     {"recall", k.recall()},
                                     {"detections", k.detections},
                                     {"precision", k.precision()}});
        }
        scenariosJson.append(QJsonObject{{"scenario", QString::fromStdString(s.name)},
                                         {"users", s.users},
                                         {"days", s.days},
                                         {"samples", double(run.samples)},
                                         {"analyzer_samples_per_s", run.analyzeSeconds > 0 ? run.samples / run.analyzeSeconds : 0.0},
                                         {"kinds", kinds}});
    }

    // False alerts: a normal population with nothing injected; every alert is a false one.
    scenario::Scenario normal;
    if (!loadWithOverrides("normal-day", parser, config, normal, error)) {
        std::fprintf(stderr, "%s: %s\n", kName, qPrintable(error));
        return 2;
    }
    normal.name = "normal population";
    normal.anomalies.clear();
    normal.days = 2;
    if (!parser.isSet("users"))
        normal.users = 500;
    std::fprintf(stderr, "counting false alerts on %d users × %d days…\n", normal.users, normal.days);
    const DetectorEvaluation clean = evaluateDetectors(normal);
    std::map<std::string, int> opened;
    for (const detectorscore::Detection& d : clean.detections)
        ++opened[d.detector];
    std::fprintf(table, "\nfalse alerts on a normal population (%d users × %d days, nothing injected):\n", normal.users,
                normal.days);
    QJsonObject falseJson;
    int total = 0;
    for (const auto& [source, n] : opened)
        total += n; // every detection source, the decoder and stale-upload flags included
    for (std::string_view id : detector::kAll) {
        const int n = opened[std::string(id)];
        std::fprintf(table, "  %-22s %5d  (%.4f per user-day)\n", std::string(id).c_str(), n, n / clean.userDays());
        falseJson.insert(QString::fromUtf8(id.data(), qsizetype(id.size())), n / clean.userDays());
    }
    std::fprintf(table, "  %-22s %5d  (%.4f per user-day)\n", "all", total, total / clean.userDays());
    std::fprintf(table, "\ngoal: recall and precision ≥ 0.95 for every kind: %s\n", allMet ? "met" : "NOT met");

    if (parser.isSet("json")) {
        const QJsonObject report{{"scenarios", scenariosJson},
                                 {"false_alerts_per_user_day", falseJson},
                                 {"false_alerts_total_per_user_day", total / clean.userDays()},
                                 {"goal_met", allMet}};
        std::fprintf(stdout, "%s\n", QJsonDocument(report).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}

} // namespace nexus::cli
