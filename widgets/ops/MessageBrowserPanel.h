#pragma once

#include "models/ops/BrowsedMessage.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace nexus {

class MessageListModel;

/// The Operations workspace's Messages panel: pick a topic and partition, a start (newest N,
/// an offset or a UTC time), a filter (key, text, or field=value) and whether to follow; browse;
/// read the messages in a sortable table with the selected one pretty-printed beside it; copy
/// it, export the table to CSV, or re-produce a message (edited or not) after a confirmation.
///
/// Never touches Kafka: it emits requests and is fed through its slots, on the GUI thread.
/// Shortcuts: Ctrl+Return browse, Esc stop, Ctrl+F filter, Ctrl+C (table) copy the payload,
/// Ctrl+R re-produce, Ctrl+Shift+E export.
class MessageBrowserPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MessageBrowserPanel(QWidget* parent = nullptr);

    MessageListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    /// The request the controls describe now (what Browse sends).
    BrowseRequest request() const;
    /// The selected message's source row, or -1.
    int selectedRow() const;

    /// Writes the table, in its current sort order, to `path` as CSV. False with a message in
    /// the status line when the file cannot be written.
    bool exportCsv(const QString& path);

public slots:
    /// Starts a browse of what the controls describe: clears the table, emits browseRequested().
    void browse();
    /// Emits stopRequested().
    void stop();
    /// Appends a tick's worth of messages to the table (one model update).
    void appendMessages(std::vector<BrowsedMessage> batch);
    /// Shows where the browse stands: progress bar, counts, state, warnings and errors.
    void showProgress(const BrowseProgress& progress);
    /// Shows a problem that is not the browse's (e.g. the stack is not running).
    void showError(const QString& message);
    /// Shows how a re-produce went.
    void showReproduced(bool ok, const QString& topic, const QString& error);
    /// Copies the selected message's payload to the clipboard.
    void copySelected();
    /// Opens the re-produce dialog for the selected message (non-modal to the event loop: the
    /// dialog and then the confirmation are opened, never exec()'d).
    void reproduceSelected();

signals:
    void browseRequested(const nexus::BrowseRequest& request);
    void stopRequested();
    /// Emitted only after the user confirmed what goes where.
    void reproduceRequested(const QString& topic, const QByteArray& key, const QByteArray& payload);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* buildControls();
    QWidget* buildResults();
    void addShortcuts();
    void topicChanged(const QString& topic);
    void setPartitionCount(int count);
    void showSelected();
    void confirmReproduce(const QString& topic, const QByteArray& key, const QByteArray& payload);
    void setRunning(bool running);

    MessageListModel* m_model;
    QSortFilterProxyModel* m_sorted;
    QComboBox* m_topic;
    QComboBox* m_partition;
    QComboBox* m_startMode;
    QStackedWidget* m_startValue;
    QSpinBox* m_newest;
    QLineEdit* m_offset;
    QDateTimeEdit* m_time;
    QComboBox* m_filterMode;
    QLineEdit* m_filter;
    QCheckBox* m_follow;
    QPushButton* m_browse;
    QPushButton* m_stop;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableView* m_table;
    QLabel* m_detailTitle;
    QPlainTextEdit* m_detail;
    QPushButton* m_copy;
    QPushButton* m_reproduce;
    QPushButton* m_export;
    std::string m_browsedTopic;            // the topic of the running or last browse
    QHash<QString, int> m_partitionCounts; // learnt from browses of topics outside the catalogue
};

} // namespace nexus
