#include "widgets/ops/StackHealthPanel.h"

#include "models/ops/ClusterFormat.h"
#include "models/ops/StackHealthModel.h"
#include "widgets/ops/TableExport.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace nexus {

namespace {
QString clock(TimestampUs us) { return QDateTime::fromMSecsSinceEpoch(us / kUsPerMs).toString("HH:mm:ss"); }

bool needsAttention(ComponentState s)
{
    return s == ComponentState::Starting || s == ComponentState::Degraded || s == ComponentState::Failed;
}
} // namespace

StackHealthPanel::StackHealthPanel(StackHealthModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_sorted(new QSortFilterProxyModel(this)), m_table(new QTableView),
      m_headline(new QLabel), m_details(new QLabel), m_exportNote(new QLabel)
{
    m_sorted->setSourceModel(model);
    m_sorted->setSortRole(clusterrole::Sort);
    m_table->setObjectName("stackHealthTable");
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // the stack's own order until the user sorts
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    QHeaderView* header = m_table->horizontalHeader();
    for (int c : {StackHealthModel::Component, StackHealthModel::State, StackHealthModel::Uptime})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    for (int c : {StackHealthModel::Address, StackHealthModel::Detail})
        header->setSectionResizeMode(c, QHeaderView::Interactive);
    header->setSectionResizeMode(StackHealthModel::LastError, QHeaderView::Stretch);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // a handful of rows: the table fits them

    m_headline->setObjectName("stackMode");
    m_headline->setTextFormat(Qt::RichText);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName("componentDetails");
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setFrameShape(QFrame::StyledPanel);
    m_details->setMargin(8);
    m_details->setMinimumHeight(6 * m_details->fontMetrics().height());
    m_exportNote->setObjectName("exportNote");

    auto* exportCsvButton = new QPushButton(tr("Export CSV…"));
    exportCsvButton->setObjectName("exportHealthCsv");
    exportCsvButton->setToolTip(tr("Save the component table, in its sort order, as CSV"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("<b>Stack health</b>")));
    bar->addStretch(1);
    bar->addWidget(m_exportNote);
    bar->addWidget(exportCsvButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_headline);
    layout->addWidget(m_table);
    layout->addWidget(new QLabel(tr("<b>Selected component</b>")));
    layout->addWidget(m_details);
    layout->addStretch(1);

    connect(m_model, &StackHealthModel::updated, this, &StackHealthPanel::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        const QModelIndex source = m_sorted->mapToSource(current);
        m_selected = source.isValid()
                         ? QString::fromStdString(m_model->rows()[std::size_t(source.row())].status.name)
                         : QString();
        updateDetails();
    });
    connect(exportCsvButton, &QPushButton::clicked, this, [this] {
        const QString path = askSavePath(this, tr("Export stack health"), "stack-health.csv", tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    refresh();
}

void StackHealthPanel::refresh()
{
    const std::vector<StackHealthModel::Row>& rows = m_model->rows();
    const auto troubled = std::count_if(rows.begin(), rows.end(),
                                        [](const StackHealthModel::Row& r) { return needsAttention(r.status.state); });
    QString verdict;
    if (rows.empty())
        verdict = tr("<i>waiting for the stack…</i>");
    else if (troubled == 0)
        verdict = tr("<span style='color:#1a7f37'>no component needs attention</span>");
    else
        verdict = QStringLiteral("<span style='color:#bc4c00'>%1</span>")
                      .arg(troubled == 1 ? tr("1 component needs attention")
                                         : tr("%1 components need attention").arg(troubled));
    QStringList addresses;
    for (const StackHealthModel::Row& r : rows)
        if (r.status.kind != ComponentKind::Processor && !r.status.address.empty())
            addresses << QStringLiteral("%1 <code>%2</code>")
                             .arg(QString::fromStdString(r.status.name).toHtmlEscaped(),
                                  QString::fromStdString(r.status.address).toHtmlEscaped());
    m_headline->setText(QStringLiteral("<b>%1</b> — %2%3")
                            .arg(m_model->modeText().toHtmlEscaped(), verdict,
                                 addresses.isEmpty() ? QString() : "<br>" + addresses.join(QStringLiteral(" · "))));

    // The table shows every row (a handful), and whole addresses and details up to a third of its
    // width each; columns only grow, so they do not jitter as counts change.
    for (int column : {StackHealthModel::Address, StackHealthModel::Detail}) {
        int text = 0;
        for (int row = 0; row < m_model->rowCount(); ++row)
            text = std::max(text, m_table->fontMetrics().horizontalAdvance(m_model->index(row, column).data().toString()));
        const int wanted = std::min(text + 16, std::max(200, m_table->width() / 3));
        if (wanted > m_table->horizontalHeader()->sectionSize(column))
            m_table->horizontalHeader()->resizeSection(column, wanted);
    }
    const int rowsShown = std::max(4, m_sorted->rowCount());
    m_table->setFixedHeight(m_table->horizontalHeader()->height() + 2 * m_table->frameWidth() +
                            rowsShown * m_table->verticalHeader()->defaultSectionSize());

    // Keep the chosen component selected through row resets.
    const int row = m_selected.isEmpty() ? -1 : m_model->rowOf(m_selected);
    const QModelIndex current = m_sorted->mapToSource(m_table->currentIndex());
    if (row >= 0 && current.row() != row)
        m_table->setCurrentIndex(m_sorted->mapFromSource(m_model->index(row, 0)));
    updateDetails();
}

void StackHealthPanel::updateDetails()
{
    const int row = m_selected.isEmpty() ? -1 : m_model->rowOf(m_selected);
    if (row < 0) {
        m_details->setText(tr("<i>Select a component to see its details.</i>"));
        m_details->setToolTip({});
        return;
    }
    const StackHealthModel::Row& r = m_model->rows()[std::size_t(row)];
    const ComponentStatus& c = r.status;
    QStringList lines;
    QString state = tr("%1 since %2").arg(StackHealthModel::stateText(c.state), clock(r.stateSinceUs));
    if (m_model->uptimeText(row) != QStringLiteral("—"))
        state += tr(" · up %1 (started %2)").arg(m_model->uptimeText(row), clock(c.sinceUs));
    lines << state;
    lines << tr("%1, address: %2")
                 .arg(c.embedded ? tr("runs in this console") : tr("connected"),
                      c.address.empty() ? tr("none") : QString::fromStdString(c.address));
    if (!c.detail.empty())
        lines << QString::fromStdString(c.detail);
    if (r.lastError.empty())
        lines << tr("Last error: none");
    else if (r.clearedAtUs)
        lines << tr("Last error, %1 to %2 (cleared): %3")
                     .arg(clock(r.lastErrorAtUs), clock(r.clearedAtUs), QString::fromStdString(r.lastError));
    else
        lines << tr("Last error, since %1: %2").arg(clock(r.lastErrorAtUs), QString::fromStdString(r.lastError));
    QStringList html;
    for (const QString& line : lines)
        html << line.toHtmlEscaped();
    m_details->setText(QStringLiteral("<b>%1</b>: %2")
                           .arg(QString::fromStdString(c.name).toHtmlEscaped(), html.join(QStringLiteral("<br>"))));
    m_details->setToolTip(QString::fromStdString(c.name) + ": " + lines.join('\n'));
}

QString StackHealthPanel::headline() const { return m_headline->text(); }

QString StackHealthPanel::details() const { return m_selected.isEmpty() ? QString() : m_details->toolTip(); }

bool StackHealthPanel::selectComponent(const QString& name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    m_table->setCurrentIndex(m_sorted->mapFromSource(m_model->index(row, 0)));
    return true;
}

bool StackHealthPanel::exportCsv(const QString& path)
{
    QString error;
    const bool ok = saveCsv(*m_sorted, path, error);
    m_exportNote->setStyleSheet(ok ? QString() : QStringLiteral("color: #b02020"));
    m_exportNote->setText(ok ? tr("Exported %1 to %2").arg(countNoun(m_sorted->rowCount(), tr("row"), tr("rows")), path)
                             : error);
    return ok;
}

} // namespace nexus
