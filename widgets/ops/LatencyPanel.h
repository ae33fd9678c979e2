#pragma once

#include "models/core/Time.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace nexus {

class LatencyThroughputModel;
class TrendChart;
class TrendControls;

/// The Operations workspace's Latency and throughput panel: end-to-end p50/p95/p99 per second,
/// messages/s per topic, and malformed, lost, dead-lettered and failed-to-produce messages per
/// second, as three charts over a chosen window (5 min … 24 h) with Clear and Export PNG (all
/// three in one image), and the last second's figures above them. Reads the model only; redraws
/// when it closed an interval (about once a second), and only while it is shown.
class LatencyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LatencyPanel(LatencyThroughputModel* model, QWidget* parent = nullptr);

    TrendChart* latencyChart() const { return m_latency; }
    TrendChart* topicsChart() const { return m_topics; }
    TrendChart* errorsChart() const { return m_errors; }
    QComboBox* windowChoice() const;
    TrendControls* controls() const { return m_controls; }
    /// The last interval's figures as shown above the charts.
    QString summary() const;
    /// Saves the three charts as one PNG image.
    bool exportPng(const QString& path);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void updateSummary();

    LatencyThroughputModel* m_model;
    TrendControls* m_controls;
    QLabel* m_summary;
    QWidget* m_charts; // the three charts, exported together
    TrendChart* m_latency;
    TrendChart* m_topics;
    TrendChart* m_errors;
    bool m_stale = true; // the charts missed updates while hidden
};

} // namespace nexus
