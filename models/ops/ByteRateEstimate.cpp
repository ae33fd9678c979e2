#include "models/ops/ByteRateEstimate.h"

#include "models/ops/ClusterFormat.h"

#include <QCoreApplication>

#include <cmath>

namespace nexus {

double estimatedByteRate(double messagesPerSecond, double meanMessageBytes)
{
    if (messagesPerSecond == 0)
        return 0;
    if (messagesPerSecond < 0 || meanMessageBytes < 0)
        return -1;
    return messagesPerSecond * meanMessageBytes;
}

QVariant byteRateData(double bytesPerSecond, int role)
{
    if (role == clusterrole::Sort)
        return bytesPerSecond;
    if (role == clusterrole::Export)
        return bytesPerSecond < 0 ? QVariant(QString()) : QVariant(qint64(std::llround(bytesPerSecond)));
    return formatByteRate(bytesPerSecond);
}

QString byteRateMethod(int samples)
{
    return QCoreApplication::translate(
               "ByteRateEstimate",
               "messages/s × mean size of the %1 newest messages sampled (one partition per pass); the brokers' "
               "byte counters are not readable through librdkafka 2.0.2")
        .arg(samples);
}

QString byteRateExplanation(double messagesPerSecond, double meanMessageBytes, int samples)
{
    if (messagesPerSecond < 0)
        return QCoreApplication::translate("ByteRateEstimate",
                                           "Not known yet: the message rate needs two samples of the cluster");
    if (messagesPerSecond == 0)
        return QCoreApplication::translate("ByteRateEstimate", "No messages flowed over the last few seconds");
    if (meanMessageBytes < 0)
        return QCoreApplication::translate(
            "ByteRateEstimate",
            "Not known yet: no message of this topic sampled so far (the newest message of one partition "
            "is read per pass while the topic grows)");
    return QCoreApplication::translate("ByteRateEstimate",
                                       "%1 messages/s × %2 mean message size (key + value + headers) %3\n%4")
        .arg(formatRate(messagesPerSecond), formatBytes(meanMessageBytes),
             formatByteRate(estimatedByteRate(messagesPerSecond, meanMessageBytes)), byteRateMethod(samples));
}

} // namespace nexus
