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
    out += ",\"hr_last_bpm\":";
    json::appendInt(out, twin.lastHrBpm);
    out += ",\"hr_mean_bpm\":";
    json::appendFixed(out, twin.meanHrBpm, 2);
    out += ",\"samples\":";
    json::appendInt(out, twin.sampleCount);
    out += ",\"steps_total\":";
    json::appendInt(out, twin.stepsTotal);
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
    for (const char* field : {"user_id", "event_time_us", "hr_last_bpm", "hr_mean_bpm", "samples", "steps_total"})
        if (!o.contains(QLatin1String(field)))
            return {"missing-field", std::string("field '") + field + "' is missing"};
    out.userId = o.value("user_id").toString().toStdString();
    out.lastEventUs = o.value("event_time_us").toInteger();
    out.lastHrBpm = std::uint16_t(o.value("hr_last_bpm").toInt());
    out.meanHrBpm = o.value("hr_mean_bpm").toDouble();
    out.sampleCount = std::uint64_t(o.value("samples").toInteger());
    out.stepsTotal = std::uint64_t(o.value("steps_total").toInteger());
    return {};
}

} // namespace nexus::twincodec
