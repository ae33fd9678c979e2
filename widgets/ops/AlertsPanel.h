#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace nexus {

class AlertFeedModel;

/// The alerts feed: open alerts newest first with severity, user, detector and evidence; a filter
/// (open / all / health / sensor) and a search over user, detector and message; acknowledge the
/// selected alert (Ctrl+K) and jump to its user's twin (Ctrl+T); export what is shown as CSV.
/// Emits requests; the console wires them to the backend.
class AlertsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Filter { Open, All, Health, Sensor };

    explicit AlertsPanel(AlertFeedModel* model, QWidget* parent = nullptr);

    void setFilter(Filter filter);
    void setSearchText(const QString& text);
    /// Who acknowledges (shown in the feed and stored): the operator's name.
    void setOperatorName(const QString& name) { m_operator = name; }
    /// A line under the table: the last acknowledgement's outcome, a feed problem.
    void showStatus(const QString& text);
    QString statusText() const;

    QTableView* view() const { return m_view; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    /// The alert id of the selected row (empty when none).
    QString selectedAlertId() const;
    bool exportCsv(const QString& path) const;

signals:
    void acknowledgeRequested(const QString& alertId, const QString& who);
    void twinRequested(const QString& userId);

private:
    void updateDetail();
    void updateCount();

    AlertFeedModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QComboBox* m_filter;
    QLineEdit* m_search;
    QPushButton* m_ack;
    QPushButton* m_twin;
    QLabel* m_count;
    QLabel* m_status;
    QTableView* m_view;
    QPlainTextEdit* m_detail;
    QString m_operator;
    QString m_keptSelection; ///< the selected alert across a model reset
};

} // namespace nexus
