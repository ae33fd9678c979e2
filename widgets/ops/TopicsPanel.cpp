#include "widgets/ops/TopicsPanel.h"

#include "models/ops/ClusterFormat.h"
#include "models/ops/PartitionsModel.h"
#include "models/ops/TopicsModel.h"
#include "widgets/ops/TableExport.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace nexus {

namespace {
QSortFilterProxyModel* sortedProxy(QAbstractItemModel* source, QObject* parent)
{
    auto* proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(clusterrole::Sort);
    proxy->setDynamicSortFilter(true); // re-sorts as the rates change each pass
    return proxy;
}

QTableView* makeTable(QSortFilterProxyModel* model, const QString& name)
{
    auto* view = new QTableView;
    view->setObjectName(name);
    view->setModel(model);
    view->setSortingEnabled(true);
    view->sortByColumn(0, Qt::AscendingOrder);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    return view;
}
} // namespace

TopicsPanel::TopicsPanel(TopicsModel* topics, PartitionsModel* partitions, QWidget* parent)
    : QWidget(parent), m_topics(topics), m_partitions(partitions), m_topicsSorted(sortedProxy(topics, this)),
      m_partitionsSorted(sortedProxy(partitions, this)), m_topicsView(makeTable(m_topicsSorted, "topicsTable")),
      m_partitionsView(makeTable(m_partitionsSorted, "partitionsTable")), m_status(new QLabel),
      m_exportNote(new QLabel), m_partitionsTitle(new QLabel)
{
    m_status->setObjectName("topicsStatus");
    m_exportNote->setObjectName("exportNote");
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* exportTopics = new QPushButton(tr("Export CSV…"));
    exportTopics->setObjectName("exportTopicsCsv");
    exportTopics->setToolTip(tr("Save the topics table, in its sort order, as CSV"));
    auto* exportPartitions = new QPushButton(tr("Export CSV…"));
    exportPartitions->setObjectName("exportPartitionsCsv");
    exportPartitions->setToolTip(tr("Save the partitions of the selected topic as CSV"));

    auto* topBar = new QHBoxLayout;
    topBar->addWidget(new QLabel(tr("<b>Topics</b>")));
    topBar->addWidget(m_status, 1);
    topBar->addWidget(m_exportNote);
    topBar->addWidget(exportTopics);
    auto* topBox = new QWidget;
    auto* topLayout = new QVBoxLayout(topBox);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(topBar);
    topLayout->addWidget(m_topicsView);

    auto* partitionsBar = new QHBoxLayout;
    partitionsBar->addWidget(m_partitionsTitle, 1);
    partitionsBar->addWidget(exportPartitions);
    auto* partitionsBox = new QWidget;
    auto* partitionsLayout = new QVBoxLayout(partitionsBox);
    partitionsLayout->setContentsMargins(0, 0, 0, 0);
    partitionsLayout->addLayout(partitionsBar);
    partitionsLayout->addWidget(m_partitionsView);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName("topicsSplitter");
    splitter->addWidget(topBox);
    splitter->addWidget(partitionsBox);
    splitter->setStretchFactor(0, 2); // the catalogue has ten topics; partitions run to 24
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_topicsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TopicsPanel::followSelection);
    connect(m_topics, &QAbstractItemModel::dataChanged, this, &TopicsPanel::updateStatus);
    connect(m_topics, &QAbstractItemModel::modelReset, this, &TopicsPanel::updateStatus);
    connect(exportTopics, &QPushButton::clicked, this, [this] {
        const QString path = askSavePath(this, tr("Export topics"), "topics.csv", tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportTopicsCsv(path);
    });
    connect(exportPartitions, &QPushButton::clicked, this, [this] {
        const QString name = (m_partitions->topic().isEmpty() ? QStringLiteral("partitions") : m_partitions->topic());
        const QString path =
            askSavePath(this, tr("Export partitions"), name + "-partitions.csv", tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportPartitionsCsv(path);
    });
    updateStatus();
    followSelection();
}

void TopicsPanel::updateStatus()
{
    if (!m_topics->problem().isEmpty()) {
        m_status->setStyleSheet("color: #b02020");
        // The rows stay those of the last good pass, if there was one: say how old they are.
        const QString shown =
            m_topics->sampledAtUs() == 0
                ? QString()
                : tr(" (showing %1)")
                      .arg(QDateTime::fromMSecsSinceEpoch(m_topics->sampledAtUs() / kUsPerMs).toString("HH:mm:ss"));
        m_status->setText(tr("Cannot read the cluster: %1%2").arg(m_topics->problem(), shown));
        return;
    }
    m_status->setStyleSheet({});
    if (m_topics->sampledAtUs() == 0) {
        m_status->setText(tr("waiting for the first sample of the cluster…"));
        return;
    }
    m_status->setText(
        tr("%1 on %2, sampled at %3")
            .arg(countNoun(m_topics->rowCount(), tr("topic"), tr("topics")),
                 countNoun(m_topics->brokers(), tr("broker"), tr("brokers")))
            .arg(QDateTime::fromMSecsSinceEpoch(m_topics->sampledAtUs() / kUsPerMs).toString("HH:mm:ss")));
}

void TopicsPanel::followSelection()
{
    const QModelIndexList rows = m_topicsView->selectionModel()->selectedRows(TopicsModel::Topic);
    const QString topic = rows.isEmpty() ? QString() : rows.first().data().toString();
    m_partitions->setTopic(topic);
    m_partitionsTitle->setText(topic.isEmpty() ? tr("<b>Partitions</b> — select a topic above")
                                               : tr("<b>Partitions of %1</b>").arg(topic.toHtmlEscaped()));
}

bool TopicsPanel::showTopic(const QString& topic)
{
    const int sourceRow = m_topics->rowOf(topic);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_topicsSorted->mapFromSource(m_topics->index(sourceRow, 0));
    m_topicsView->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_topicsView->scrollTo(index);
    return true;
}

void TopicsPanel::report(bool ok, const QString& message)
{
    m_exportNote->setStyleSheet(ok ? QString() : QStringLiteral("color: #b02020"));
    m_exportNote->setText(message);
}

bool TopicsPanel::exportTopicsCsv(const QString& path)
{
    QString error;
    const bool ok = saveCsv(*m_topicsSorted, path, error);
    report(ok, ok ? tr("Exported %1 to %2").arg(countNoun(m_topicsSorted->rowCount(), tr("topic"), tr("topics")), path)
                  : error);
    return ok;
}

bool TopicsPanel::exportPartitionsCsv(const QString& path)
{
    QString error;
    const bool ok = saveCsv(*m_partitionsSorted, path, error);
    report(ok, ok ? tr("Exported %1 to %2")
                        .arg(countNoun(m_partitionsSorted->rowCount(), tr("partition"), tr("partitions")), path)
                  : error);
    return ok;
}

} // namespace nexus
