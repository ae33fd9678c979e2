#pragma once

#include "models/ops/ClusterView.h"

#include <QString>
#include <QVariant>

namespace nexus {

/// The bytes/s the Topics and Partitions tables show. The brokers' byte counters are not readable
/// through librdkafka 2.0.2 (no DescribeLogDirs; its statistics cover only the console's own
/// clients), so the figure is an estimate, and labelled as one: messages/s × the mean size of the
/// topic's newest messages the cluster inspector sampled (TopicView::meanMessageBytes).

/// messages/s × the topic's mean sampled message size (TopicView::meanMessageBytes, -1 unknown);
/// 0 when nothing flows (whatever the size); -1 when the rate is not known, or messages flow but
/// none was sampled yet.
double estimatedByteRate(double messagesPerSecond, double meanMessageBytes);

/// A bytes/s cell's value for `role`: "≈ 1.2 MB/s" (DisplayRole), the number (clusterrole::Sort;
/// -1 unknown), whole bytes/s (clusterrole::Export; empty when unknown).
QVariant byteRateData(double bytesPerSecond, int role);

/// How the bytes/s columns are computed, for a header tooltip: `samples` is how many messages the
/// mean covers.
QString byteRateMethod(int samples = kMessageSizeWindow);

/// For the tooltip of a cell showing estimatedByteRate(messagesPerSecond, meanMessageBytes): the
/// numbers it multiplied and byteRateMethod(samples), or why there is no figure yet.
QString byteRateExplanation(double messagesPerSecond, double meanMessageBytes, int samples);

} // namespace nexus
