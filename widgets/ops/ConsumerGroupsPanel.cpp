#include "widgets/ops/ConsumerGroupsPanel.h"

#include "models/ops/ClusterFormat.h"
#include "models/ops/GroupLagModel.h"
#include "models/ops/LagTrendSeries.h"
#include "widgets/ops/LagTrendChart.h"
#include "widgets/ops/TableExport.h"
#include "widgets/ops/TrendControls.h"

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

ConsumerGroupsPanel::ConsumerGroupsPanel(GroupLagModel* lag, LagTrendSeries* trend, QWidget* parent)
    : QWidget(parent), m_lag(lag), m_trend(trend), m_sorted(new QSortFilterProxyModel(this)), m_table(new QTableView),
      m_summary(new QLabel), m_exportNote(new QLabel),
      m_controls(new TrendControls(tr("<b>Lag trend</b>"), TrendControls::OneHour)), m_chart(new LagTrendChart)
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

    m_controls->windowChoice()->setObjectName("lagWindow");
    m_controls->clearButton()->setObjectName("clearLagTrend");
    m_controls->clearButton()->setToolTip(tr("Forget the lag history (the chart and the growing-lag flags)"));
    m_controls->exportButton()->setObjectName("exportLagPng");

    auto* chartBox = new QWidget;
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_controls);
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
    connect(m_controls, &TrendControls::windowChanged, this, &ConsumerGroupsPanel::applyWindow);
    connect(m_controls, &TrendControls::clearClicked, this, [this] {
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
    connect(m_controls, &TrendControls::exportClicked, this, [this] {
        const QString path = askSavePath(this, tr("Export lag chart"), "consumer-lag.png", tr("PNG images (*.png)"));
        if (!path.isEmpty())
            exportPng(path);
    });
    applyWindow(m_controls->window());
    updateSummary();
}

QComboBox* ConsumerGroupsPanel::windowChoice() const { return m_controls->windowChoice(); }

void ConsumerGroupsPanel::applyWindow(DurationUs window)
{
    m_trend->setWindow(window);
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
        } else if (!g.members.empty()) {
            // This console's own consumers (LocalMembers.h); the brokers said nothing about others.
            members = tr("%1 in this console (members elsewhere: %2)")
                          .arg(countNoun(std::int64_t(g.members.size()), tr("member"), tr("members")),
                               QString::fromStdString(g.membersNote).toHtmlEscaped());
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
