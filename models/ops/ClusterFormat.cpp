#include "models/ops/ClusterFormat.h"

#include <QLocale>

#include <cmath>

namespace nexus {

namespace {
const QString kUnknown = QStringLiteral("—");
}

QString formatCount(std::int64_t value)
{
    return value < 0 ? kUnknown : QLocale().toString(qint64(value));
}

QString countNoun(std::int64_t n, const QString& singular, const QString& plural)
{
    return formatCount(n) + u' ' + (n == 1 ? singular : plural);
}

QString formatRate(double perSecond)
{
    if (perSecond < 0)
        return kUnknown;
    if (perSecond < 10 && perSecond > 0)
        return QLocale().toString(perSecond, 'f', 1);
    return QLocale().toString(qint64(std::llround(perSecond)));
}

QString formatBytes(double bytes)
{
    if (bytes < 0)
        return kUnknown;
    static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB"};
    constexpr int kLastUnit = 4;
    double value = bytes;
    int unit = 0;
    while (unit < kLastUnit && std::llround(value) >= 1000) { // 999.6 B reads "1.0 kB", not "1000 B"
        value /= 1000;
        ++unit;
    }
    const int decimals = unit > 0 && value < 99.95 ? 1 : 0;
    return QLocale().toString(value, 'f', decimals) + u' ' + QLatin1String(kUnits[unit]);
}

QString formatByteRate(double bytesPerSecond)
{
    if (bytesPerSecond < 0)
        return kUnknown;
    if (bytesPerSecond == 0)
        return QStringLiteral("0 B/s");
    return QStringLiteral("≈ %1/s").arg(formatBytes(bytesPerSecond));
}

QString formatLagTime(DurationUs lagUs)
{
    if (lagUs < 0)
        return kUnknown;
    if (lagUs == 0)
        return QStringLiteral("0 s");
    if (lagUs < kUsPerSecond)
        return QStringLiteral("%1 ms").arg(std::max<qint64>(1, lagUs / kUsPerMs));
    const double seconds = double(lagUs) / double(kUsPerSecond);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    const qint64 s = qint64(seconds);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar(u'0'));
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

} // namespace nexus
