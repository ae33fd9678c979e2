#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace nexus {

class PartitionsModel;
class TopicsModel;

/// The Operations workspace's Topics panel: every topic with its partitions, leaders, message
/// rates, estimated bytes/s and watermarks in a sortable table; selecting a topic drills down to
/// its partitions below. Both tables export to CSV in their sort order. Reads the models only.
class TopicsPanel : public QWidget
{
    Q_OBJECT
public:
    TopicsPanel(TopicsModel* topics, PartitionsModel* partitions, QWidget* parent = nullptr);

    QTableView* topicsView() const { return m_topicsView; }
    QTableView* partitionsView() const { return m_partitionsView; }
    /// Selects `topic` in the table and shows its partitions. False when there is no such topic.
    bool showTopic(const QString& topic);
    /// Writes the topics (or the shown topic's partitions) as CSV, in the view's order.
    bool exportTopicsCsv(const QString& path);
    bool exportPartitionsCsv(const QString& path);

private:
    void updateStatus();
    void followSelection();
    void report(bool ok, const QString& message);

    TopicsModel* m_topics;
    PartitionsModel* m_partitions;
    QSortFilterProxyModel* m_topicsSorted;
    QSortFilterProxyModel* m_partitionsSorted;
    QTableView* m_topicsView;
    QTableView* m_partitionsView;
    QLabel* m_status;
    QLabel* m_exportNote; // the last export's outcome
    QLabel* m_partitionsTitle;
};

} // namespace nexus
