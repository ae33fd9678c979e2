#include "widgets/ops/OperationsWorkspace.h"

#include "models/ops/OperationsModel.h"
#include "widgets/ops/KpiTile.h"
#include "widgets/ops/ThroughputChart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace nexus {

namespace {
struct WindowChoice
{
    const char* label;
    int seconds;
};
constexpr WindowChoice kWindows[] = {{"1 min", 60}, {"5 min", 300}, {"15 min", 900}, {"1 h", 3600}};
constexpr int kDefaultWindow = 1;

QString count(double v) { return QLocale().toString(qint64(std::llround(v))); }
} // namespace

OperationsWorkspace::OperationsWorkspace(OperationsModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_produced(new KpiTile(tr("Produced (health-metrics)"))),
      m_consumed(new KpiTile(tr("Processed"))), m_lag(new KpiTile(tr("Consumer lag"))),
      m_latency(new KpiTile(tr("End-to-end latency, last 5 s"))), m_usersTile(new KpiTile(tr("Users tracked"))),
      m_malformed(new KpiTile(tr("Malformed / lost messages"))), m_window(new QComboBox), m_chart(new ThroughputChart),
      m_usersView(new QTableView)
{
    auto* tiles = new QHBoxLayout;
    for (KpiTile* t : {m_produced, m_consumed, m_lag, m_latency, m_usersTile, m_malformed})
        tiles->addWidget(t);

    for (const WindowChoice& w : kWindows)
        m_window->addItem(tr(w.label), w.seconds);
    m_window->setCurrentIndex(kDefaultWindow);
    m_window->setToolTip(tr("How much history the chart keeps"));
    auto* clear = new QPushButton(tr("Clear"));
    clear->setToolTip(tr("Forget the chart's history"));
    auto* chartBar = new QHBoxLayout;
    chartBar->addWidget(new QLabel(tr("Window:")));
    chartBar->addWidget(m_window);
    chartBar->addWidget(clear);
    chartBar->addStretch();

    m_usersView->setModel(model->activeUsers());
    m_usersView->setObjectName("mostActiveUsers");
    m_usersView->verticalHeader()->hide();
    m_usersView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_usersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_usersView->setAlternatingRowColors(true);

    auto* usersBox = new QWidget;
    auto* usersLayout = new QVBoxLayout(usersBox);
    usersLayout->setContentsMargins(0, 0, 0, 0);
    usersLayout->addWidget(new QLabel(tr("<b>Most active users</b> (by steps since the stack started)")));
    usersLayout->addWidget(m_usersView);

    auto* chartBox = new QWidget;
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addLayout(chartBar);
    chartLayout->addWidget(m_chart);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName("operationsSplitter");
    splitter->addWidget(chartBox);
    splitter->addWidget(usersBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tiles);
    layout->addWidget(splitter, 1);

    connect(m_model, &OperationsModel::updated, this, &OperationsWorkspace::refresh);
    connect(m_window, &QComboBox::currentIndexChanged, this, &OperationsWorkspace::applyWindow);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model->throughput().clear();
        m_chart->refresh(m_model->throughput());
    });
    applyWindow(kDefaultWindow);
}

void OperationsWorkspace::applyWindow(int comboIndex)
{
    m_model->throughput().setWindow(DurationUs(m_window->itemData(comboIndex).toInt()) * kUsPerSecond);
    m_chart->refresh(m_model->throughput());
}

void OperationsWorkspace::refresh()
{
    const OperationsKpis& k = m_model->kpis();
    const bool simulatorBehind = k.simulatorBehindUs > kUsPerSecond;
    m_produced->setValue(tr("%1 msg/s").arg(count(k.producedMsgsPerSec)),
                         simulatorBehind ? tr("%1 samples/s; simulator %2 s behind its rate")
                                               .arg(count(k.producedSamplesPerSec))
                                               .arg(double(k.simulatorBehindUs) / double(kUsPerSecond), 0, 'f', 1)
                                         : tr("%1 samples/s").arg(count(k.producedSamplesPerSec)));
    m_produced->setAlert(simulatorBehind);
    m_consumed->setValue(tr("%1 msg/s").arg(count(k.consumedMsgsPerSec)),
                         tr("%1 samples/s").arg(count(k.consumedSamplesPerSec)));
    m_lag->setValue(k.consumerLag < 0 ? tr("joining…") : count(double(k.consumerLag)), tr("messages behind"));
    m_latency->setValue(tr("%1 ms").arg(k.p50LatencyMs, 0, 'f', 1), tr("p50; p99 %1 ms").arg(k.p99LatencyMs, 0, 'f', 1));
    m_usersTile->setValue(count(double(k.usersTracked)), tr("twins in the processor"));
    m_malformed->setValue(tr("%1 / %2").arg(count(double(k.malformed)), count(double(k.lost))),
                          k.lost > 0 ? tr("lost: dropped by the bus before they were read")
                                     : tr("malformed are skipped, counted by reason"));
    m_malformed->setAlert(k.lost > 0);
    if (m_model->throughputRevision() != m_chartRevision) {
        m_chartRevision = m_model->throughputRevision();
        m_chart->refresh(m_model->throughput());
    }
}

} // namespace nexus
