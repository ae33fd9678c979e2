#include "widgets/ops/ConsumerGroupsPanel.h"

#include "models/ops/ClusterFormat.h"
#include "models/ops/GroupLagModel.h"
#include "models/ops/LagTrendSeries.h"
#include "widgets/ops/LagTrendChart.h"
#include "widgets/ops/TableExport.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace nexus {

namespace {
struct WindowChoice
{
    const char* label;
    int seconds;
};
constexpr WindowChoice kWindows[] = {
    {QT_TRANSLATE_NOOP("ConsumerGroupsPanel", "5 min"), 300},
    {QT_TRANSLATE_NOOP("ConsumerGroupsPanel", "15 min"), 900},
    {QT_TRANSLATE_NOOP("ConsumerGroupsPanel", "1 h"), 3600},
    {QT_TRANSLATE_NOOP("ConsumerGroupsPanel", "6 h"), 21600},
    {QT_TRANSLATE_NOOP("ConsumerGroupsPanel", "24 h"), 86400},
};
constexpr int kDefaultWindow = 2; // the last hour, as the issue asks
} // namespace

ConsumerGroupsPanel::ConsumerGroupsPanel(GroupLagModel* lag, LagTrendSeries* trend, QWidget* parent)
    : QWidget(parent), m_lag(lag), m_trend(trend), m_sorted(new QSortFilterProxyModel(this)), m_table(new QTableView),
      m_summary(new QLabel), m_exportNote(new QLabel), m_window(new QComboBox), m_chart(new LagTrendChart)
{
    m_sorted->setSourceModel(lag);
    m_sorted->setSortRole(clusterrole::Sort);
    m_sorted->setDynamicSortFilter(true);
    m_table->setObjectName("groupLagTable");
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(GroupLagModel::Group, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    m_summary->setObjectName("groupSummary");
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_exportNote->setObjectName("exportNote");
    auto* exportCsvButton = new QPushButton(tr("Export CSV…"));
    exportCsvButton->setObjectName("exportLagCsv");
    exportCsvButton->setToolTip(tr("Save the lag table, in its sort order, as CSV"));
    auto* tableBar = new QHBoxLayout;
    tableBar->addWidget(new QLabel(tr("<b>Consumer groups</b>")));
    tableBar->addStretch(1);
    tableBar->addWidget(m_exportNote);
    tableBar->addWidget(exportCsvButton);

    auto* tableBox = new QWidget;
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(tableBar);
    tableLayout->addWidget(m_summary);
    tableLayout->addWidget(m_table);

    for (const WindowChoice& w : kWindows)
        m_window->addItem(tr(w.label), w.seconds);
    m_window->setObjectName("lagWindow");
    m_window->setToolTip(tr("How much lag history the chart shows (up to 24 h is kept)"));
    auto* clear = new QPushButton(tr("Clear"));
    clear->setObjectName("clearLagTrend");
    clear->setToolTip(tr("Forget the lag history (the chart and the growing-lag flags)"));
    auto* exportPngButton = new QPushButton(tr("Export PNG…"));
    exportPngButton->setObjectName("exportLagPng");
    exportPngButton->setToolTip(tr("Save the chart as an image"));
    auto* chartBar = new QHBoxLayout;
    chartBar->addWidget(new QLabel(tr("<b>Lag trend</b>  Window:")));
    chartBar->addWidget(m_window);
    chartBar->addWidget(clear);
    chartBar->addStretch(1);
    chartBar->addWidget(exportPngButton);

    auto* chartBox = new QWidget;
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addLayout(chartBar);
    chartLayout->addWidget(m_chart);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName("consumerGroupsSplitter");
    splitter->addWidget(tableBox);
    splitter->addWidget(chartBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_lag, &GroupLagModel::refreshed, this, &ConsumerGroupsPanel::refresh);
    connect(m_window, &QComboBox::currentIndexChanged, this, &ConsumerGroupsPanel::applyWindow);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_trend->clear();
        m_lag->clearHistory();
        refresh();
    });
    connect(exportCsvButton, &QPushButton::clicked, this, [this] {
        const QString path =
            askSavePath(this, tr("Export consumer-group lag"), "consumer-lag.csv", tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    connect(exportPngButton, &QPushButton::clicked, this, [this] {
        const QString path = askSavePath(this, tr("Export lag chart"), "consumer-lag.png", tr("PNG images (*.png)"));
        if (!path.isEmpty())
            exportPng(path);
    });
    m_window->setCurrentIndex(kDefaultWindow);
    applyWindow(kDefaultWindow);
    updateSummary();
}

void ConsumerGroupsPanel::applyWindow(int comboIndex)
{
    m_trend->setWindow(DurationUs(m_window->itemData(comboIndex).toInt()) * kUsPerSecond);
    m_chart->refresh(*m_trend);
}

void ConsumerGroupsPanel::refresh()
{
    updateSummary();
    m_chart->refresh(*m_trend);
}

void ConsumerGroupsPanel::updateSummary()
{
    const std::vector<GroupView>& groups = m_lag->groups();
    if (groups.empty()) {
        m_summary->setText(tr("<i>waiting for the first sample of the consumer groups…</i>"));
        return;
    }
    QStringList lines;
    for (const GroupView& g : groups) {
        const QString name = QString::fromStdString(g.groupId).toHtmlEscaped();
        if (g.partitions.empty()) {
            lines << tr("<b>%1</b>: no committed offsets yet%2")
                         .arg(name, g.error.empty() ? QString()
                                                    : QStringLiteral(" — <span style='color:#b02020'>%1</span>")
                                                          .arg(QString::fromStdString(g.error).toHtmlEscaped()));
            continue;
        }
        DurationUs oldest = -1;
        std::int64_t lost = 0;
        for (const GroupPartitionLag& p : g.partitions) {
            oldest = std::max(oldest, p.lagTimeUs);
            lost += p.lostMessages;
        }
        QString members;
        if (g.membersReported) {
            members = tr("state %1, %2")
                          .arg(QString::fromStdString(g.state).toHtmlEscaped(),
                               countNoun(std::int64_t(g.members.size()), tr("member"), tr("members")));
        } else {
            members = tr("members: %1").arg(QString::fromStdString(g.membersNote).toHtmlEscaped());
        }
        QString line = tr("<b>%1</b>: lag %2 messages, oldest unread %3 · %4")
                           .arg(name, formatCount(g.totalLag()), formatLagTime(oldest), members);
        if (lost > 0)
            line +=
                tr(" · <span style='color:#b02020'>%1 messages lost (dropped by the bus before they were read)</span>")
                    .arg(formatCount(lost));
        QStringList growingPartitions;
        for (const GroupLagModel::Row& r : m_lag->rows())
            if (r.growing && r.group == QString::fromStdString(g.groupId))
                growingPartitions
                    << QStringLiteral("%1[%2]").arg(QString::fromStdString(r.lag.topic)).arg(r.lag.partition);
        if (!growingPartitions.isEmpty())
            line += QStringLiteral(" · <span style='background-color:#ffd682; color:#202020'>&nbsp;%1&nbsp;</span>")
                        .arg(tr("lag growing on %1").arg(growingPartitions.join(QStringLiteral(", ")).toHtmlEscaped()));
        if (m_lag->groupGrowing(g.groupId))
            line = QStringLiteral("<span style='background-color:#ffd682; color:#202020'>&nbsp;%1 · %2&nbsp;</span>")
                       .arg(line, tr("lag growing: it rose on each of the last %1")
                                      .arg(countNoun(m_lag->growingSamples(), tr("pass"), tr("passes"))));
        if (!g.error.empty())
            line += QStringLiteral(" — <span style='color:#b02020'>%1</span>")
                        .arg(QString::fromStdString(g.error).toHtmlEscaped());
        lines << line;
    }
    m_summary->setText(lines.join(QStringLiteral("<br>")));
}

void ConsumerGroupsPanel::report(bool ok, const QString& message)
{
    m_exportNote->setStyleSheet(ok ? QString() : QStringLiteral("color: #b02020"));
    m_exportNote->setText(message);
}

bool ConsumerGroupsPanel::exportCsv(const QString& path)
{
    QString error;
    const bool ok = saveCsv(*m_sorted, path, error);
    report(ok, ok ? tr("Exported %1 to %2").arg(countNoun(m_sorted->rowCount(), tr("row"), tr("rows")), path) : error);
    return ok;
}

bool ConsumerGroupsPanel::exportPng(const QString& path)
{
    QString error;
    const bool ok = savePng(m_chart, path, error);
    report(ok, ok ? tr("Saved the chart to %1").arg(path) : error);
    return ok;
}

} // namespace nexus
