#include "widgets/ops/AlertsPanel.h"

#include "models/ops/AlertFeedModel.h"
#include "models/ops/CsvExport.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace nexus {

namespace {

/// Filters the feed by state or category and by a case-insensitive text match over user,
/// detector and message; sorts severity by rank rather than by name.
class AlertFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMode(AlertsPanel::Filter mode)
    {
        m_mode = mode;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        switch (m_mode) {
        case AlertsPanel::Filter::Open:
            if (i.data(AlertFeedModel::StateRole).toString() != "open")
                return false;
            break;
        case AlertsPanel::Filter::Health:
        case AlertsPanel::Filter::Sensor:
            if (i.data(AlertFeedModel::CategoryRole).toString() !=
                (m_mode == AlertsPanel::Filter::Health ? "health" : "sensor"))
                return false;
            break;
        case AlertsPanel::Filter::All:
            break;
        }
        const QString text = filterRegularExpression().pattern();
        if (text.isEmpty())
            return true;
        for (int column : {AlertFeedModel::User, AlertFeedModel::Detector, AlertFeedModel::Message})
            if (sourceModel()->index(row, column, parent).data().toString().contains(text, Qt::CaseInsensitive))
                return true;
        return false;
    }

    bool lessThan(const QModelIndex& a, const QModelIndex& b) const override
    {
        if (a.column() == AlertFeedModel::Severity)
            return a.data(AlertFeedModel::SeverityRankRole).toInt() < b.data(AlertFeedModel::SeverityRankRole).toInt();
        return QSortFilterProxyModel::lessThan(a, b);
    }

private:
    AlertsPanel::Filter m_mode = AlertsPanel::Filter::Open;
};

} // namespace

AlertsPanel::AlertsPanel(AlertFeedModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_operator(qEnvironmentVariable("USER", "operator"))
{
    auto* proxy = new AlertFilterProxy(this);
    proxy->setSourceModel(model);
    m_proxy = proxy;

    m_filter = new QComboBox(this);
    m_filter->addItems({tr("Open alerts"), tr("All alerts"), tr("Health only"), tr("Sensor only")});
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search user, detector or message"));
    m_search->setClearButtonEnabled(true);
    m_ack = new QPushButton(tr("Acknowledge"), this);
    m_ack->setToolTip(tr("Record that you have seen the selected alert (Ctrl+K)"));
    m_twin = new QPushButton(tr("Open twin"), this);
    m_twin->setToolTip(tr("Show the selected alert's user (Ctrl+T)"));
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    m_count = new QLabel(this);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_count);
    bar->addWidget(m_ack);
    bar->addWidget(m_twin);
    bar->addWidget(exportButton);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertFeedModel::Opened, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(AlertFeedModel::Message, QHeaderView::Stretch);
    m_detail = new QPlainTextEdit(this);
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select an alert to see its evidence"));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName("alertsSplitter");
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    connect(m_filter, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int i) { setFilter(Filter(i)); });
    connect(m_search, &QLineEdit::textChanged, this, &AlertsPanel::setSearchText);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AlertsPanel::updateDetail);
    // The feed resets on each tick with news: keep the operator's selection across it.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keptSelection = selectedAlertId(); });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_keptSelection.isEmpty()) {
            const QModelIndexList found = m_proxy->match(m_proxy->index(0, 0), AlertFeedModel::AlertIdRole,
                                                         m_keptSelection, 1, Qt::MatchExactly);
            if (!found.isEmpty())
                m_view->selectRow(found.first().row());
        }
        updateCount();
        updateDetail();
    });
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &AlertsPanel::updateDetail);
    const auto acknowledge = [this] {
        const QString id = selectedAlertId();
        if (!id.isEmpty())
            emit acknowledgeRequested(id, m_operator);
    };
    const auto twin = [this] {
        const QModelIndex i = m_view->currentIndex();
        if (i.isValid())
            emit twinRequested(i.data(AlertFeedModel::UserIdRole).toString());
    };
    connect(m_ack, &QPushButton::clicked, this, acknowledge);
    connect(m_twin, &QPushButton::clicked, this, twin);
    connect(new QShortcut(QKeySequence(tr("Ctrl+K")), this), &QShortcut::activated, this, acknowledge);
    connect(new QShortcut(QKeySequence(tr("Ctrl+T")), this), &QShortcut::activated, this, twin);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export alerts"), "alerts.csv", "CSV (*.csv)");
        if (!path.isEmpty() && !exportCsv(path))
            showStatus(tr("Could not write %1").arg(path));
    });
    updateCount();
    updateDetail();
}

void AlertsPanel::setFilter(Filter filter)
{
    if (m_filter->currentIndex() != int(filter))
        m_filter->setCurrentIndex(int(filter));
    static_cast<AlertFilterProxy*>(m_proxy)->setMode(filter);
    updateCount();
}

void AlertsPanel::setSearchText(const QString& text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    m_proxy->setFilterRegularExpression(QRegularExpression(text)); // the pattern is read as plain text
    updateCount();
}

void AlertsPanel::showStatus(const QString& text)
{
    m_status->setText(text);
}

QString AlertsPanel::statusText() const
{
    return m_status->text();
}

QString AlertsPanel::selectedAlertId() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.data(AlertFeedModel::AlertIdRole).toString() : QString();
}

bool AlertsPanel::exportCsv(const QString& path) const
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && writeCsv(*m_proxy, f);
}

void AlertsPanel::updateDetail()
{
    const QString id = selectedAlertId();
    const AlertFeedModel::Episode* e = id.isEmpty() ? nullptr : m_model->find(id.toStdString());
    m_detail->setPlainText(e ? describeEpisode(*e) : QString());
    m_ack->setEnabled(e && e->ackedBy.empty());
    m_twin->setEnabled(e != nullptr);
}

void AlertsPanel::updateCount()
{
    m_count->setText(tr("%1 shown · %2 open").arg(m_proxy->rowCount()).arg(m_model->openCount()));
}

} // namespace nexus
