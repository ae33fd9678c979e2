#include "backend/codec/PrettyJsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cmath>

namespace nexus::json {

void PrettyJsonWriter::newline(bool afterComma)
{
    if (int(m_levels.size()) > m_inlineDepth) {
        if (afterComma)
            m_out += ' ';
        return;
    }
    m_out += '\n';
    m_out += QByteArray(qsizetype(m_levels.size()) * m_indent, ' ');
}

void PrettyJsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_levels.empty())
        return;
    const bool comma = !m_levels.back().empty;
    if (comma)
        m_out += ',';
    m_levels.back().empty = false;
    newline(comma);
}

namespace {
/// A JSON string literal with Qt's escaping (minus the array brackets around it).
QByteArray quoted(const QString& s)
{
    const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}
} // namespace

void PrettyJsonWriter::key(const char* name)
{
    beforeValue();
    m_out += quoted(QString::fromUtf8(name));
    m_out += ": ";
    m_afterKey = true;
}

void PrettyJsonWriter::open(char bracket)
{
    beforeValue();
    m_out += bracket;
    m_levels.push_back({});
}

void PrettyJsonWriter::close(char bracket)
{
    const bool empty = m_levels.back().empty;
    const bool wasInline = int(m_levels.size()) > m_inlineDepth;
    m_levels.pop_back();
    if (!empty && !wasInline)
        newline(false);
    m_out += bracket;
}

void PrettyJsonWriter::scalar(const QByteArray& text)
{
    beforeValue();
    m_out += text;
}

void PrettyJsonWriter::value(double v)
{
    scalar(std::isfinite(v) ? QByteArray::number(v, 'g', QLocale::FloatingPointShortest) : QByteArray("null"));
}

void PrettyJsonWriter::value(const QString& s) { scalar(quoted(s)); }

void PrettyJsonWriter::value(const QJsonValue& v)
{
    if (v.isBool())
        value(v.toBool());
    else if (v.isDouble())
        value(v.toDouble());
    else if (v.isString())
        value(v.toString());
    else
        null();
}

} // namespace nexus::json
