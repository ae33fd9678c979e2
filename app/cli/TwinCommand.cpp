#include "app/cli/Commands.h"
#include "backend/twin/TwinReport.h"
#include "backend/twin/TwinReportFormat.h"
#include "backend/twin/UserHistoryReader.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>

namespace nexus::cli {

namespace {

/// Reads a whole file, or stdin for "-".
bool readAll(const QString& path, QByteArray& bytes, QString& error)
{
    QFile file;
    const bool ok = path == "-" ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        error = file.errorString();
        return false;
    }
    bytes = file.readAll();
    return true;
}

} // namespace

int runTwin(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Computes a user's digital twin from a history file: per day the load (TRIMP or sRPE), fitness,\n"
        "fatigue and form (CTL/ATL/TSB), acute:chronic workload ratios, HRV and resting-HR baselines, sleep,\n"
        "and the readiness, recovery and energy scores with their contributions; then the Banister model\n"
        "fitted to the performance markers and a 14-day forecast under the plan.\n"
        "The input format and every output field are described in docs/twin-command.md;\n"
        "resources/twin/example-user.json is an example.");
    parser.addHelpOption();
    parser.addOption({"input", "The user's history (JSON; - for stdin). Required.", "file"});
    parser.addOption({"pmc-constant",
                      "How CTL/ATL decay: exponential (k = 1 - e^(-1/N), Banister) or linear (k = 1/N, Coggan). "
                      "Default: exponential, or the settings file's.",
                      "exponential|linear"});
    parser.addOption({"format", "Output format: json or csv (default json).", "json|csv", "json"});
    parser.addOption({"settings", "Optional JSON file overriding windows and score weights (see the docs).", "file"});
    parser.addOption({"output", "Write to this file instead of stdout.", "file"});
    parser.process(args);

    const QString format = parser.value("format");
    if (format != "json" && format != "csv") {
        std::fprintf(stderr, "nexus-twin twin: --format must be json or csv, not '%s'\n", qPrintable(format));
        return 2;
    }
    if (!parser.isSet("input")) {
        std::fprintf(stderr, "nexus-twin twin: --input is required (a JSON history; see --help)\n");
        return 2;
    }

    TwinSettings settings;
    if (parser.isSet("settings")) {
        QByteArray bytes;
        QString ioError;
        ReadError error;
        if (!readAll(parser.value("settings"), bytes, ioError)) {
            std::fprintf(stderr, "nexus-twin twin: cannot read %s: %s\n", qPrintable(parser.value("settings")),
                         qPrintable(ioError));
            return 1;
        }
        if (!readTwinSettings(bytes, settings, error)) {
            std::fprintf(stderr, "nexus-twin twin: %s: %s\n", qPrintable(parser.value("settings")),
                         qPrintable(error.toString()));
            return 2;
        }
    }
    if (parser.isSet("pmc-constant")) {
        const QString c = parser.value("pmc-constant");
        if (c != "exponential" && c != "linear") {
            std::fprintf(stderr, "nexus-twin twin: --pmc-constant must be exponential or linear, not '%s'\n",
                         qPrintable(c));
            return 2;
        }
        settings.pmcConstant = c == "linear" ? PmcConstant::Linear : PmcConstant::Exponential;
    }

    const QString input = parser.value("input");
    QByteArray bytes;
    QString ioError;
    if (!readAll(input, bytes, ioError)) {
        std::fprintf(stderr, "nexus-twin twin: cannot read %s: %s\n", qPrintable(input), qPrintable(ioError));
        return 1;
    }
    UserHistory history;
    ReadError readError;
    if (!readUserHistory(bytes, history, readError)) {
        std::fprintf(stderr, "nexus-twin twin: %s: %s\n", qPrintable(input), qPrintable(readError.toString()));
        return 2;
    }
    TwinReport report;
    std::string error;
    if (!computeTwinReport(history, settings, report, error)) {
        std::fprintf(stderr, "nexus-twin twin: %s: %s\n", qPrintable(input), error.c_str());
        return 2;
    }

    const QByteArray out = format == "csv" ? twinreport::toCsv(report) : twinreport::toJson(report);
    if (parser.isSet("output")) {
        QFile file(parser.value("output"));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(out) != out.size()) {
            std::fprintf(stderr, "nexus-twin twin: cannot write %s: %s\n", qPrintable(parser.value("output")),
                         qPrintable(file.errorString()));
            return 1;
        }
        return 0;
    }
    std::fwrite(out.constData(), 1, std::size_t(out.size()), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

} // namespace nexus::cli
