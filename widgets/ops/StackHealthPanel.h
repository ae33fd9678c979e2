#pragma once

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace nexus {

class StackHealthModel;

/// The Operations workspace's Stack health panel: how the stack runs (embedded or connected, and
/// the addresses in use) above a sortable table of its components (state, uptime, address,
/// detail, last error), and the whole story of the selected component below. Reads the model
/// only; redraws on its updated() signal (once per controller tick).
class StackHealthPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StackHealthPanel(StackHealthModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    /// The mode and addresses line.
    QString headline() const;
    /// The selected component's details (plain text); empty when nothing is selected.
    QString details() const;
    /// Selects the component named `name`; false when there is none.
    bool selectComponent(const QString& name);
    /// Writes the table as CSV, in the view's order.
    bool exportCsv(const QString& path);

private:
    void refresh();
    void updateDetails();

    StackHealthModel* m_model;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_table;
    QLabel* m_headline;
    QLabel* m_details;
    QLabel* m_exportNote;
    QString m_selected; // the selected component's name (selection survives model resets)
};

} // namespace nexus
