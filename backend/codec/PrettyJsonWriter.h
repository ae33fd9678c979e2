#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

namespace nexus::json {

/// Writes indented JSON with keys in the order they are written (QJsonObject sorts them, which
/// scatters a report's fields). Numbers are written in their shortest exact form, NaN and ±inf
/// as null. The caller keeps the nesting right; misuse is a programming error.
class PrettyJsonWriter
{
public:
    /// Containers nested deeper than `inlineDepth` are written on one line.
    explicit PrettyJsonWriter(int indent = 2, int inlineDepth = 1000) : m_indent(indent), m_inlineDepth(inlineDepth) {}

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    /// The key of the next value in the current object.
    void key(const char* name);

    void value(double v);
    void value(int v) { value(double(v)); }
    void value(bool v) { scalar(v ? "true" : "false"); }
    void value(const QString& s);
    void value(const char* s) { value(QString::fromUtf8(s)); }
    void null() { scalar("null"); }
    /// A scalar QJsonValue (null, bool, number or string).
    void value(const QJsonValue& v);

    /// The document, with a final newline.
    QByteArray finish() { return m_out + '\n'; }

private:
    void open(char bracket);
    void close(char bracket);
    void scalar(const QByteArray& text);
    void beforeValue();
    void newline(bool afterComma);

    struct Level
    {
        bool empty = true;
    };
    int m_indent;
    int m_inlineDepth;
    QByteArray m_out;
    std::vector<Level> m_levels;
    bool m_afterKey = false;
};

} // namespace nexus::json
