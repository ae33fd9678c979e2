#pragma once

#include <QChartView>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace nexus {

class TwinHistoryModel;

/// Fitness (CTL), fatigue (ATL) and form (TSB) by day from a TwinHistoryModel: three lines over
/// the history's days, the y axis spanning the lowest form to the highest load in round steps.
/// A history is at most a few hundred days, so the points go in unreduced, each line replaced in
/// one call (DESIGN.md: no per-point appends); single days show as dots.
class TwinLoadChart : public QChartView
{
    Q_OBJECT
public:
    explicit TwinLoadChart(QWidget* parent = nullptr);

    /// Redraws from `history` (GUI thread).
    void showHistory(const TwinHistoryModel& history);

    /// Points drawn on the line of `column` (TwinHistoryModel::Ctl, Atl or Tsb).
    int pointCount(int column) const;
    double axisMin() const;
    double axisMax() const;

private:
    QDateTimeAxis* m_axisX;
    QValueAxis* m_axisY;
    QLineSeries* m_ctl;
    QLineSeries* m_atl;
    QLineSeries* m_tsb;
};

} // namespace nexus
