#include "backend/codec/TwinUpdateCodec.h"

#include "backend/codec/JsonWriter.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nexus::twincodec {

void encode(const TwinSummary& twin, std::string& out)
{
    out.clear();
    out += "{\"schema\":";
    json::appendInt(out, TwinSummary::kSchemaVersion);
    out += ",\"type\":\"twin-update\",";
    json::appendKey(out, "user_id");
    json::appendString(out, twin.userId);
    out += ",\"event_time_us\":";
    json::appendInt(out, twin.lastEventUs);
    out += ",\"source_sent_at_us\":";
    json::appendInt(out, twin.sourceSentAtUs);
    out += ",\"hr_last_bpm\":";
    json::appendInt(out, twin.lastHrBpm);
    out += ",\"hr_mean_bpm\":";
    json::appendFixed(out, twin.meanHrBpm, 2);
    out += ",\"samples\":";
    json::appendInt(out, twin.sampleCount);
    out += ",\"steps_total\":";
    json::appendInt(out, twin.stepsTotal);
    out += ",\"day\":";
    json::appendString(out, calendar::isoDate(twin.day));
    out += ",\"load_today\":";
    json::appendFixed(out, twin.loadToday, 2);
    out += ",\"ctl\":";
    json::appendFixed(out, twin.ctl, 2);
    out += ",\"atl\":";
    json::appendFixed(out, twin.atl, 2);
    out += ",\"tsb\":";
    json::appendFixed(out, twin.tsb, 2);
    out += ",\"acwr_ewma\":";
    json::appendFixed(out, twin.acwrEwma, 3); // NaN (no ratio yet) is written as null
    for (const auto& [name, score] : {std::pair{"readiness", &twin.readiness}, std::pair{"recovery", &twin.recovery},
                                      std::pair{"energy", &twin.energy}}) {
        out += ',';
        json::appendKey(out, name);
        out += "{\"value\":";
        json::appendFixed(out, score->value, 2);
        out += ",\"contributions\":";
        appendContributions(out, *score);
        out += '}';
    }
    out += '}';
}

void appendContributions(std::string& out, const Score& score)
{
    out += '{';
    for (int i = 0; i < score.count; ++i) {
        if (i > 0)
            out += ',';
        json::appendKey(out, contributionName(score.contributions[i].input));
        json::appendFixed(out, score.contributions[i].points, 2);
    }
    out += '}';
}

std::string encode(const TwinSummary& twin)
{
    std::string out;
    encode(twin, out);
    return out;
}

DecodeError decode(std::string_view bytes, TwinSummary& out)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(bytes.data(), qsizetype(bytes.size())), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {"not-json", parseError.errorString().toStdString()};
    if (!doc.isObject())
        return {"bad-type", "the document must be a JSON object"};
    const QJsonObject o = doc.object();
    if (o.value("schema").toInt(-1) != TwinSummary::kSchemaVersion)
        return {"unsupported-schema", "schema must be " + std::to_string(TwinSummary::kSchemaVersion)};
    if (o.value("type").toString() != QLatin1String("twin-update"))
        return {"wrong-type", "type must be 'twin-update'"};
    for (const char* field : {"user_id", "event_time_us", "hr_last_bpm", "hr_mean_bpm", "samples", "steps_total", "day",
                              "load_today", "ctl", "atl", "tsb", "acwr_ewma", "readiness", "recovery", "energy"})
        if (!o.contains(QLatin1String(field)))
            return {"missing-field", std::string("field '") + field + "' is missing"};
    out.userId = o.value("user_id").toString().toStdString();
    out.lastEventUs = o.value("event_time_us").toInteger();
    out.sourceSentAtUs = o.value("source_sent_at_us").toInteger(); // optional: 0 when absent
    out.lastHrBpm = std::uint16_t(o.value("hr_last_bpm").toInt());
    out.meanHrBpm = o.value("hr_mean_bpm").toDouble();
    out.sampleCount = std::uint64_t(o.value("samples").toInteger());
    out.stepsTotal = std::uint64_t(o.value("steps_total").toInteger());
    const auto day = calendar::parseIsoDate(o.value("day").toString().toStdString());
    if (!day)
        return {"bad-type", "day must be a YYYY-MM-DD date"};
    out.day = *day;
    out.loadToday = o.value("load_today").toDouble();
    out.ctl = o.value("ctl").toDouble();
    out.atl = o.value("atl").toDouble();
    out.tsb = o.value("tsb").toDouble();
    out.acwrEwma = o.value("acwr_ewma").isNull() ? kNoValue : o.value("acwr_ewma").toDouble();
    for (const auto& [name, score] : {std::pair{"readiness", &out.readiness}, std::pair{"recovery", &out.recovery},
                                      std::pair{"energy", &out.energy}}) {
        const QJsonObject s = o.value(QLatin1String(name)).toObject();
        *score = Score{};
        // In the enum's order, which is the order the engine adds them in.
        const QJsonObject contributions = s.value("contributions").toObject();
        for (int i = 0; i <= int(ContributionInput::Stress); ++i) {
            const auto it = contributions.find(QLatin1String(contributionName(ContributionInput(i))));
            if (it != contributions.end())
                score->add(ContributionInput(i), it.value().toDouble());
        }
        if (score->count != contributions.size())
            return {"bad-type", std::string(name) + ": unknown contribution names"};
        score->value = float(s.value("value").toDouble());
    }
    return {};
}

} // namespace nexus::twincodec
