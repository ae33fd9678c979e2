#pragma once

#include "models/core/Time.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace nexus {

class GroupLagModel;
class LagTrendChart;
class LagTrendSeries;
class TrendControls;

/// The Operations workspace's Consumer-groups panel: a summary per watched group (state,
/// members, total lag, oldest unread message), a sortable table of lag per partition in messages
/// and in time with growing lag highlighted, and the lag trend chart with a window choice
/// (5 min … 24 h), Clear, and Export PNG. Reads the models only; redraws on the lag model's
/// refreshed() signal, once per inspector pass.
class ConsumerGroupsPanel : public QWidget
{
    Q_OBJECT
public:
    ConsumerGroupsPanel(GroupLagModel* lag, LagTrendSeries* trend, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    LagTrendChart* chart() const { return m_chart; }
    QComboBox* windowChoice() const;
    QLabel* summary() const { return m_summary; }
    /// Writes the lag table as CSV, in the view's order.
    bool exportCsv(const QString& path);
    /// Saves the lag trend chart as a PNG image.
    bool exportPng(const QString& path);

private:
    void refresh();
    void updateSummary();
    void applyWindow(DurationUs window);
    void report(bool ok, const QString& message);

    GroupLagModel* m_lag;
    LagTrendSeries* m_trend;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_table;
    QLabel* m_summary;
    QLabel* m_exportNote;
    TrendControls* m_controls;
    LagTrendChart* m_chart;
};

} // namespace nexus
