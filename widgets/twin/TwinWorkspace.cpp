#include "widgets/twin/TwinWorkspace.h"

#include "models/ops/ClusterFormat.h"
#include "models/twin/TwinFactsModel.h"
#include "models/twin/TwinFormat.h"
#include "models/twin/TwinHistoryModel.h"
#include "models/twin/TwinModel.h"
#include "models/twin/UserMatchModel.h"
#include "widgets/ops/KpiTile.h"
#include "widgets/ops/TableExport.h"
#include "widgets/ops/Theme.h"
#include "widgets/twin/TwinLoadChart.h"

#include <QCompleter>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace nexus {

namespace {

/// "form −4.5": the input that moved the score most (its base aside); "/ 100" when none did.
QString scoreDetail(const Score& score)
{
    const Contribution* strongest = nullptr;
    for (int i = 0; i < score.count; ++i) {
        const Contribution& c = score.contributions[i];
        if (c.input != ContributionInput::Base && c.points != 0 &&
            (!strongest || std::abs(c.points) > std::abs(strongest->points)))
            strongest = &c;
    }
    if (!strongest)
        return TwinWorkspace::tr("/ 100");
    return TwinWorkspace::tr("%1 %2").arg(twinformat::inputName(strongest->input),
                                          twinformat::points(strongest->points));
}

void showScore(KpiTile* tile, const Score* score)
{
    if (!score) {
        tile->setValue(QStringLiteral("–"));
        tile->setAlert(false);
        return;
    }
    tile->setValue(twinformat::number(score->value, twinformat::kScoreDecimals), scoreDetail(*score));
    tile->setAlert(score->value < 40); // low enough for a coach to look at
}

QTableView* makeTable(const QString& name)
{
    auto* table = new QTableView;
    table->setObjectName(name);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    return table;
}

} // namespace

TwinWorkspace::TwinWorkspace(TwinModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_user(new QLineEdit), m_completer(new QCompleter(model->matches(), this)),
      m_searchDelay(new QTimer(this)), m_reload(new QPushButton(tr("Reload"))), m_message(new QLabel),
      m_content(new QSplitter(Qt::Horizontal)), m_readiness(new KpiTile(tr("Readiness"))),
      m_recovery(new KpiTile(tr("Recovery"))), m_energy(new KpiTile(tr("Energy"))), m_facts(makeTable("twinFacts")),
      m_sorted(new QSortFilterProxyModel(this)), m_history(makeTable("twinHistory")), m_historyTitle(new QLabel),
      m_exportNote(new QLabel), m_chart(new TwinLoadChart)
{
    m_user->setObjectName("twinUser");
    m_user->setPlaceholderText(tr("User id or name, e.g. u0000042"));
    m_user->setClearButtonEnabled(true);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion); // the store has filtered
    m_completer->setCompletionRole(Qt::EditRole);                          // insert the id, not the label
    m_user->setCompleter(m_completer);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    auto* show = new QPushButton(tr("Show twin"));
    show->setObjectName("showTwin");
    m_reload->setObjectName("reloadTwin");
    m_reload->setToolTip(tr("Read the user's twin from the store again"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("<b>User</b>")));
    bar->addWidget(m_user, 1);
    bar->addWidget(show);
    bar->addWidget(m_reload);

    m_message->setObjectName("twinMessage");
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Left: the latest twin.
    m_facts->setModel(model->facts());
    m_facts->setSelectionMode(QAbstractItemView::NoSelection);
    m_facts->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the unit column gives way instead
    m_facts->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_facts->horizontalHeader()->setSectionResizeMode(TwinFactsModel::Unit, QHeaderView::Stretch);
    auto* tiles = new QHBoxLayout;
    for (KpiTile* tile : {m_readiness, m_recovery, m_energy})
        tiles->addWidget(tile);
    auto* latestBox = new QWidget;
    auto* latestLayout = new QVBoxLayout(latestBox);
    latestLayout->setContentsMargins(0, 0, 0, 0);
    latestLayout->addWidget(new QLabel(tr("<b>Latest twin</b>")));
    latestLayout->addLayout(tiles);
    latestLayout->addWidget(m_facts, 1);

    // Right: the history and its chart.
    m_sorted->setSourceModel(model->history());
    m_sorted->setSortRole(clusterrole::Sort);
    m_sorted->setDynamicSortFilter(true);
    m_history->setModel(m_sorted);
    m_history->setSortingEnabled(true);
    m_history->sortByColumn(TwinHistoryModel::Day, Qt::DescendingOrder); // newest first
    // The numbers share the width: sized to contents (sort arrow room in every header) they overflow.
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_history->horizontalHeader()->setSectionResizeMode(TwinHistoryModel::Day, QHeaderView::ResizeToContents);
    m_exportNote->setObjectName("twinExportNote");
    auto* exportButton = new QPushButton(tr("Export CSV…"));
    exportButton->setObjectName("exportTwinCsv");
    exportButton->setToolTip(tr("Save the daily history, in its sort order, as CSV"));
    auto* historyBar = new QHBoxLayout;
    historyBar->addWidget(m_historyTitle);
    historyBar->addStretch(1);
    historyBar->addWidget(m_exportNote);
    historyBar->addWidget(exportButton);
    auto* historyBox = new QWidget;
    auto* historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addLayout(historyBar);
    historyLayout->addWidget(m_history);
    auto* right = new QSplitter(Qt::Vertical);
    right->setObjectName("twinHistorySplitter");
    right->addWidget(historyBox);
    right->addWidget(m_chart);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);

    m_content->setObjectName("twinSplitter");
    m_content->addWidget(latestBox);
    m_content->addWidget(right);
    m_content->setSizes({430, 850}); // in proportion; a saved layout replaces it
    m_content->setStretchFactor(0, 2);
    m_content->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(m_content, 1);
    layout->addStretch(0); // keeps the bar at the top while the content is hidden

    connect(m_user, &QLineEdit::textEdited, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] {
        const QString text = m_user->text().trimmed();
        if (!text.isEmpty())
            emit searchRequested(text);
    });
    connect(m_user, &QLineEdit::returnPressed, this, &TwinWorkspace::requestTypedUser);
    connect(show, &QPushButton::clicked, this, &TwinWorkspace::requestTypedUser);
    connect(m_reload, &QPushButton::clicked, this, &TwinWorkspace::reloadRequested);
    connect(m_completer, qOverload<const QModelIndex&>(&QCompleter::activated), this, [this](const QModelIndex& i) {
        m_searchDelay->stop();
        emit userRequested(i.data(Qt::EditRole).toString());
    });
    connect(model->matches(), &QAbstractItemModel::modelReset, this, &TwinWorkspace::offerMatches);
    connect(model, &TwinModel::changed, this, &TwinWorkspace::refresh);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString name = m_model->userId().isEmpty() ? QStringLiteral("twin") : m_model->userId();
        const QString path =
            askSavePath(this, tr("Export the daily history"), name + "-history.csv", tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    refresh();
}

void TwinWorkspace::setUserText(const QString& userId)
{
    m_searchDelay->stop();
    m_user->setText(userId);
}

void TwinWorkspace::requestTypedUser()
{
    m_searchDelay->stop();
    const QString text = m_user->text().trimmed();
    if (!text.isEmpty())
        emit userRequested(text);
}

void TwinWorkspace::offerMatches()
{
    // Only for what is still typed: a slow answer to an earlier prefix is not offered.
    if (m_user->hasFocus() && m_model->matches()->rowCount() > 0 &&
        m_model->matches()->query() == m_user->text().trimmed())
        m_completer->complete();
}

void TwinWorkspace::refresh()
{
    const TwinModel::State state = m_model->state();
    m_message->setText(m_model->message());
    const bool problem = state == TwinModel::State::StoreError;
    const bool quiet = state != TwinModel::State::Shown && !problem;
    m_message->setStyleSheet(
        problem ? QStringLiteral("color: %1; font-weight: bold;").arg(Theme::statusColor(Theme::Status::Bad).name())
        : quiet ? QStringLiteral("font-style: italic;")
                : QStringLiteral("font-weight: bold;"));
    m_reload->setEnabled(!m_model->userId().isEmpty() && state != TwinModel::State::NoStore);

    const TwinSummary* latest = m_model->latest();
    showScore(m_readiness, latest ? &latest->readiness : nullptr);
    showScore(m_recovery, latest ? &latest->recovery : nullptr);
    showScore(m_energy, latest ? &latest->energy : nullptr);
    m_facts->clearSpans();
    for (int row = 0; row < m_model->facts()->rowCount(); ++row)
        if (m_model->facts()->index(row, 0).data(TwinFactsModel::SectionRole).toBool())
            m_facts->setSpan(row, 0, 1, TwinFactsModel::ColumnCount);

    const TwinHistoryModel& history = *m_model->history();
    m_historyTitle->setText(
        tr("<b>Daily history</b> · %1").arg(countNoun(history.closedDays(), tr("closed day"), tr("closed days"))));
    m_chart->showHistory(history);
    m_content->setVisible(latest || history.rowCount() > 0);
}

bool TwinWorkspace::exportCsv(const QString& path)
{
    QString error;
    const bool ok = saveCsv(*m_sorted, path, error);
    m_exportNote->setStyleSheet(ok ? QString()
                                   : QStringLiteral("color: %1").arg(Theme::statusColor(Theme::Status::Bad).name()));
    m_exportNote->setText(
        ok ? tr("Exported %1 to %2")
                 .arg(countNoun(m_sorted->rowCount(), tr("row"), tr("rows")), QFileInfo(path).fileName())
           : error);
    m_exportNote->setToolTip(path);
    return ok;
}

} // namespace nexus
