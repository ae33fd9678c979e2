#include "backend/codec/DeadLetterCodec.h"

#include "backend/codec/JsonWriter.h"

#include <QByteArray>

namespace nexus::deadletter {

void encode(const DeadLetter& d, std::string& out)
{
    out.clear();
    out += "{\"schema\":";
    json::appendInt(out, DeadLetter::kSchemaVersion);
    out += ",\"type\":\"dead-letter\",";
    json::appendKey(out, "source_topic");
    json::appendString(out, d.sourceTopic);
    out += ',';
    json::appendKey(out, "partition");
    json::appendInt(out, d.partition);
    out += ',';
    json::appendKey(out, "offset");
    json::appendInt(out, d.offset);
    out += ',';
    json::appendKey(out, "key");
    json::appendString(out, d.key);
    out += ',';
    json::appendKey(out, "reason");
    json::appendString(out, d.reason);
    out += ',';
    json::appendKey(out, "detail");
    json::appendString(out, d.detail);
    out += ',';
    json::appendKey(out, "rejected_at_us");
    json::appendInt(out, d.rejectedAtUs);
    out += ',';
    json::appendKey(out, "payload_bytes");
    json::appendInt(out, d.payload.size());
    out += ',';
    json::appendKey(out, "payload_base64");
    const QByteArray base64 = QByteArray::fromRawData(d.payload.data(), qsizetype(d.payload.size())).toBase64();
    out += '"';
    out.append(base64.constData(), std::size_t(base64.size()));
    out += "\"}";
}

} // namespace nexus::deadletter
