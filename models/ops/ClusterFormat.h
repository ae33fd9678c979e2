#pragma once

#include "models/core/Time.h"

#include <QString>
#include <Qt>

#include <cstdint>

namespace nexus {

/// Item roles shared by the cluster tables (TopicsModel, PartitionsModel, GroupLagModel).
namespace clusterrole {
/// Raw values to sort on (numbers, microseconds) where DisplayRole holds formatted text.
constexpr int Sort = Qt::UserRole;
/// Plain values for CSV (numbers without grouping, seconds with a decimal point).
constexpr int Export = Qt::UserRole + 1;
/// bool: the row's lag has grown on each of the last samples (GroupLagModel).
constexpr int Growing = Qt::UserRole + 2;
} // namespace clusterrole

/// "1,234" in the user's locale; "—" for a negative (unknown) count.
QString formatCount(std::int64_t value);
/// "1 partition", "24 partitions": a count with its noun (already translated) in the right number.
QString countNoun(std::int64_t n, const QString& singular, const QString& plural);
/// Messages per second: "0", "3.4", "1,250"; "—" when negative (not known yet).
QString formatRate(double perSecond);
/// A size in decimal units: "850 B", "12.3 kB", "1.2 MB"; "—" when negative (unknown).
QString formatBytes(double bytes);
/// An estimated byte rate: "≈ 1.2 MB/s", "≈ 850 B/s"; "0 B/s" (exact: nothing flows); "—" when
/// negative (unknown).
QString formatByteRate(double bytesPerSecond);
/// How far behind a consumer is in time: "0 s", "850 ms", "12.4 s", "3 min 05 s", "2 h 10 min";
/// "—" when negative (unknown).
QString formatLagTime(DurationUs lagUs);

} // namespace nexus
