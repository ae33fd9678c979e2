#include "models/twin/TwinFormat.h"

#include "models/twin/CalendarDay.h"

#include <QLocale>

#include <cmath>

namespace nexus::twinformat {

QString number(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("—") : QLocale().toString(value, 'f', decimals);
}

QString points(double value)
{
    const QString magnitude = number(std::abs(value), kScoreDecimals);
    return (value < 0 ? QStringLiteral("−") : QStringLiteral("+")) + magnitude;
}

QString inputName(ContributionInput input)
{
    return QString::fromLatin1(contributionName(input)).replace(u'_', u' ');
}

QString utcTime(TimestampUs tUs)
{
    QString text = QString::fromStdString(calendar::isoDateTimeUtc(tUs)); // 2026-12-02T09:51:10Z
    text.replace(u'T', u' ').chop(1);
    return text;
}

} // namespace nexus::twinformat
