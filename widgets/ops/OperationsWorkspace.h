#pragma once

#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QTableView;

namespace nexus {

class KpiTile;
class OperationsModel;
class ThroughputChart;

/// The Operations workspace: headline figures, a live chart of messages/s per topic, and the
/// most active users. Reads an OperationsModel and redraws on its updated() signal.
class OperationsWorkspace : public QWidget
{
    Q_OBJECT
public:
    explicit OperationsWorkspace(OperationsModel* model, QWidget* parent = nullptr);

    ThroughputChart* chart() const { return m_chart; }
    QTableView* usersView() const { return m_usersView; }

private:
    void refresh();
    void applyWindow(int comboIndex);

    OperationsModel* m_model;
    KpiTile* m_produced;
    KpiTile* m_consumed;
    KpiTile* m_lag;
    KpiTile* m_latency;
    KpiTile* m_usersTile;
    KpiTile* m_malformed;
    QComboBox* m_window;
    ThroughputChart* m_chart;
    QTableView* m_usersView;
    std::uint64_t m_chartRevision = ~std::uint64_t(0); // the model's throughput revision last drawn
};

} // namespace nexus
