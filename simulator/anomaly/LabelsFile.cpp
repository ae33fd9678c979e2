#include "simulator/anomaly/LabelsFile.h"

#include "models/twin/CalendarDay.h"

#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <tuple>

namespace nexus::anomaly {

namespace {

constexpr int kFieldCount = 7;

void appendField(std::string& out, const std::string& field, bool alwaysQuote)
{
    if (!alwaysQuote && field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"')
            out += '"'; // RFC 4180: a quote inside a quoted field is doubled
        out += c;
    }
    out += '"';
}

std::string formatLine(const Label& l)
{
    std::string line;
    appendField(line, l.userId, false);
    line += ',';
    line += kindName(l.kind);
    line += ',' + std::to_string(l.startUs) + ',' + std::to_string(l.endUs) + ',';
    line += calendar::isoDateTimeUtc(l.startUs, true) + ',' + calendar::isoDateTimeUtc(l.endUs, true) + ',';
    appendField(line, l.detail, true);
    line += '\n';
    return line;
}

/// One CSV record and the line it starts on.
struct Record
{
    int line = 0;
    std::vector<std::string> fields;
};

/// Splits RFC 4180 text into records; quoted fields may hold commas, doubled quotes and line ends.
bool splitRecords(const QByteArray& csv, std::vector<Record>& records, int& errorLine, std::string& error)
{
    const char* p = csv.constData();
    const char* const end = p + csv.size();
    int line = 1;
    while (p < end) {
        Record rec;
        rec.line = line;
        std::string field;
        bool endOfRecord = false;
        while (!endOfRecord) {
            if (p < end && *p == '"') {
                const int quoteLine = line;
                ++p;
                for (;;) {
                    if (p >= end) {
                        errorLine = quoteLine;
                        error = "a quoted field is not closed";
                        return false;
                    }
                    if (*p == '"') {
                        if (p + 1 < end && p[1] == '"') {
                            field += '"';
                            p += 2;
                            continue;
                        }
                        ++p;
                        break;
                    }
                    if (*p == '\n')
                        ++line;
                    field += *p++;
                }
            } else {
                while (p < end && *p != ',' && *p != '\n' && *p != '\r' && *p != '"')
                    field += *p++;
                if (p < end && *p == '"') {
                    errorLine = line;
                    error = "a quote inside an unquoted field";
                    return false;
                }
            }
            rec.fields.push_back(std::move(field));
            field.clear();
            if (p >= end) {
                endOfRecord = true;
            } else if (*p == ',') {
                ++p;
            } else if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
                p += *p == '\r' ? 2 : 1;
                ++line;
                endOfRecord = true;
            } else {
                errorLine = line;
                error = *p == '\r' ? "a carriage return without a line feed" : "text after a closing quote";
                return false;
            }
        }
        records.push_back(std::move(rec));
    }
    return true;
}

std::optional<std::int64_t> parseInt(const std::string& text)
{
    std::int64_t v = 0;
    const char* const last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), last, v);
    if (text.empty() || ec != std::errc() || ptr != last)
        return std::nullopt;
    return v;
}

/// Checks one data record; returns an empty string or the problem.
std::string parseRecord(const Record& rec, Label& out)
{
    if (rec.fields.size() == 1 && rec.fields[0].empty())
        return "empty line";
    if (rec.fields.size() != std::size_t(kFieldCount))
        return "expected " + std::to_string(kFieldCount) + " fields, found " + std::to_string(rec.fields.size());
    const auto& f = rec.fields;
    if (f[0].empty())
        return "user_id is empty";
    out.userId = f[0];
    const std::optional<Kind> kind = kindFromName(f[1]);
    if (!kind)
        return "unknown kind '" + f[1] + "'";
    out.kind = *kind;
    const std::optional<std::int64_t> start = parseInt(f[2]), end = parseInt(f[3]);
    if (!start)
        return "start_us '" + f[2] + "' is not an integer";
    if (!end)
        return "end_us '" + f[3] + "' is not an integer";
    if (*end <= *start)
        return "end_us " + f[3] + " is not after start_us " + f[2];
    out.startUs = *start;
    out.endUs = *end;
    if (f[4] != calendar::isoDateTimeUtc(out.startUs, true))
        return "start_utc '" + f[4] + "' does not match start_us (" + calendar::isoDateTimeUtc(out.startUs, true) + ")";
    if (f[5] != calendar::isoDateTimeUtc(out.endUs, true))
        return "end_utc '" + f[5] + "' does not match end_us (" + calendar::isoDateTimeUtc(out.endUs, true) + ")";
    out.detail = f[6];
    return {};
}

QString located(const QString& source, int line, const std::string& message)
{
    return QStringLiteral("%1:%2: %3").arg(source).arg(line).arg(QString::fromStdString(message));
}

} // namespace

void sortLabels(std::vector<Label>& labels)
{
    std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) {
        return std::tie(a.startUs, a.userId, a.kind, a.endUs, a.detail) <
               std::tie(b.startUs, b.userId, b.kind, b.endUs, b.detail);
    });
}

LabelsWriter::~LabelsWriter()
{
    QString ignored;
    close(ignored);
}

bool LabelsWriter::open(const QString& path, QString& error)
{
    if (m_file.isOpen()) {
        error = QStringLiteral("cannot open %1: the writer already has %2 open").arg(path, m_file.fileName());
        return false;
    }
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        error = QStringLiteral("cannot write %1: %2").arg(path, m_file.errorString());
        return false;
    }
    const QByteArray header = QByteArray(kLabelsHeader) + '\n';
    if (m_file.write(header) != header.size())
        return fail(error);
    return true;
}

bool LabelsWriter::append(std::vector<Label> labels, QString& error)
{
    if (!m_file.isOpen()) {
        error = QStringLiteral("cannot append labels: no labels file is open");
        return false;
    }
    sortLabels(labels);
    std::string chunk;
    for (const Label& l : labels)
        chunk += formatLine(l);
    if (m_file.write(chunk.data(), qint64(chunk.size())) != qint64(chunk.size()))
        return fail(error);
    return true;
}

bool LabelsWriter::close(QString& error)
{
    if (!m_file.isOpen())
        return true;
    const bool flushed = m_file.flush();
    const bool ok = flushed && m_file.error() == QFileDevice::NoError;
    if (!ok)
        error = QStringLiteral("cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
    m_file.close();
    return ok;
}

bool LabelsWriter::fail(QString& error)
{
    error = QStringLiteral("cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
    m_file.close();
    return false;
}

bool writeLabels(const QString& path, std::vector<Label> labels, QString& error)
{
    LabelsWriter writer;
    return writer.open(path, error) && writer.append(std::move(labels), error) && writer.close(error);
}

std::optional<std::vector<Label>> readLabels(const QString& path, QString& error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseLabels(file.readAll(), QFileInfo(path).fileName(), error);
}

std::optional<std::vector<Label>> parseLabels(const QByteArray& csv, const QString& sourceName, QString& error)
{
    std::vector<Record> records;
    int errorLine = 0;
    std::string problem;
    if (!splitRecords(csv, records, errorLine, problem)) {
        error = located(sourceName, errorLine, problem);
        return std::nullopt;
    }
    if (records.empty()) {
        error = located(sourceName, 1, std::string("empty file, expected the header '") + kLabelsHeader + "'");
        return std::nullopt;
    }
    std::string header;
    for (std::size_t i = 0; i < records[0].fields.size(); ++i)
        header += (i ? "," : "") + records[0].fields[i];
    if (header != kLabelsHeader) {
        error = located(sourceName, 1, "header is '" + header + "', expected '" + kLabelsHeader + "'");
        return std::nullopt;
    }
    std::vector<Label> labels;
    labels.reserve(records.size() - 1);
    for (std::size_t i = 1; i < records.size(); ++i) {
        Label label;
        if (const std::string why = parseRecord(records[i], label); !why.empty()) {
            error = located(sourceName, records[i].line, why);
            return std::nullopt;
        }
        labels.push_back(std::move(label));
    }
    return labels;
}

} // namespace nexus::anomaly
