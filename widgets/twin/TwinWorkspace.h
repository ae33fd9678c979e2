#pragma once

#include <QWidget>

class QCompleter;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;

namespace nexus {

class KpiTile;
class TwinLoadChart;
class TwinModel;

/// The Twins workspace, where a coach or ops person looks at one user's twin: a user field that
/// searches as you type (ids and names, a completer lists the matches), a line saying what is
/// shown or why nothing is (loading, no store, store unreachable, user not found, no twin yet);
/// then the latest twin — readiness, recovery and energy as tiles, and every value with its unit
/// and the scores' contributions as a key/value table — beside the daily history as a sortable
/// table (Export CSV) over a chart of fitness, fatigue and form by day. Reads a TwinModel and
/// redraws on its changed(); asks for users and searches by signals (the console wires them to
/// the store, off the GUI thread).
class TwinWorkspace : public QWidget
{
    Q_OBJECT
public:
    /// Typing waits this long for a pause before it searches.
    static constexpr int kSearchDelayMs = 250;

    explicit TwinWorkspace(TwinModel* model, QWidget* parent = nullptr);

    /// Puts `userId` in the user field without searching (a jump from elsewhere).
    void setUserText(const QString& userId);

    QLineEdit* userField() const { return m_user; }
    QCompleter* completer() const { return m_completer; }
    QLabel* messageLabel() const { return m_message; }
    QTableView* factsView() const { return m_facts; }
    QTableView* historyView() const { return m_history; }
    TwinLoadChart* chart() const { return m_chart; }
    /// The score tiles: readiness, recovery, energy.
    KpiTile* readinessTile() const { return m_readiness; }
    KpiTile* recoveryTile() const { return m_recovery; }
    KpiTile* energyTile() const { return m_energy; }
    /// The latest twin and history (hidden while there is nothing to show).
    QSplitter* content() const { return m_content; }
    /// Writes the history as CSV, in the view's order. False with the reason shown beside the button.
    bool exportCsv(const QString& path);

signals:
    /// The user asked for `userId`'s twin (Enter, Show, or a match picked).
    void userRequested(const QString& userId);
    /// Reload: the same user again.
    void reloadRequested();
    /// The user typed `text` and paused: find matching users.
    void searchRequested(const QString& text);

private:
    void refresh();
    void requestTypedUser();
    void offerMatches();

    TwinModel* m_model;
    QLineEdit* m_user;
    QCompleter* m_completer;
    QTimer* m_searchDelay;
    QPushButton* m_reload;
    QLabel* m_message;
    QSplitter* m_content;
    KpiTile* m_readiness;
    KpiTile* m_recovery;
    KpiTile* m_energy;
    QTableView* m_facts;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_history;
    QLabel* m_historyTitle;
    QLabel* m_exportNote;
    TwinLoadChart* m_chart;
};

} // namespace nexus
