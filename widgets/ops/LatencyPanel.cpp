#include "widgets/ops/LatencyPanel.h"

#include "models/ops/ClusterFormat.h"
#include "models/ops/LatencyThroughputModel.h"
#include "widgets/ops/TableExport.h"
#include "widgets/ops/TrendChart.h"
#include "widgets/ops/TrendControls.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace nexus {

namespace {
using M = LatencyThroughputModel;

QString milliseconds(double ms) { return QObject::tr("%1 ms").arg(ms, 0, 'f', ms < 100 ? 1 : 0); }
} // namespace

LatencyPanel::LatencyPanel(LatencyThroughputModel* model, QWidget* parent)
    : QWidget(parent), m_model(model),
      m_controls(new TrendControls(tr("<b>Latency and throughput</b>"), TrendControls::FifteenMinutes)),
      m_summary(new QLabel),
      m_latency(new TrendChart(tr("End-to-end latency, device send → twin updated (per second)"), tr("ms"))),
      m_topics(new TrendChart(tr("Messages per second, by topic"), tr("msgs/s"))),
      m_errors(new TrendChart(tr("Errors and dead letters per second"), tr("msgs/s")))
{
    m_controls->windowChoice()->setObjectName("latencyWindow");
    m_controls->clearButton()->setObjectName("clearLatency");
    m_controls->clearButton()->setToolTip(tr("Forget the latency, throughput and error history"));
    m_controls->exportButton()->setObjectName("exportLatencyPng");
    m_summary->setObjectName("latencySummary");
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);

    m_latency->setObjectName("latencyChart");
    m_latency->setLineColors({{M::kP50, QColor(0x2f, 0x6f, 0xdf)},
                              {M::kP95, QColor(0xe6, 0x95, 0x00)},
                              {M::kP99, QColor(0xc0, 0x39, 0x2b)}});
    m_topics->setObjectName("topicRatesChart");
    m_errors->setObjectName("errorRatesChart");
    m_errors->setMinimumTop(1);
    m_errors->setLineColors({{M::kMalformed, QColor(0xe6, 0x95, 0x00)},
                             {M::kLost, QColor(0xc0, 0x39, 0x2b)},
                             {M::kDeadLetters, QColor(0x8e, 0x44, 0xad)},
                             {M::kProduceErrors, QColor(0x6e, 0x4b, 0x2a)}});

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName("latencySplitter");
    splitter->setChildrenCollapsible(false);
    for (TrendChart* chart : {m_latency, m_topics, m_errors}) {
        chart->setMinimumHeight(170);
        splitter->addWidget(chart);
    }
    m_charts = splitter;

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_controls);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_model, &LatencyThroughputModel::sampled, this, &LatencyPanel::refresh);
    connect(m_controls, &TrendControls::windowChanged, m_model, &LatencyThroughputModel::setWindow);
    connect(m_controls, &TrendControls::clearClicked, m_model, &LatencyThroughputModel::clear);
    connect(m_controls, &TrendControls::exportClicked, this, [this] {
        const QString path =
            askSavePath(this, tr("Export latency and throughput charts"), "latency.png", tr("PNG images (*.png)"));
        if (!path.isEmpty())
            exportPng(path);
    });
    m_model->setWindow(m_controls->window());
}

QComboBox* LatencyPanel::windowChoice() const { return m_controls->windowChoice(); }

void LatencyPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void LatencyPanel::refresh()
{
    updateSummary();
    // QtCharts redraws cost the GUI thread; a hidden panel catches up when it is shown.
    m_stale = !isVisible();
    if (m_stale)
        return;
    m_latency->refresh(m_model->latency());
    m_topics->refresh(m_model->topicRates());
    m_errors->refresh(m_model->errorRates());
}

void LatencyPanel::updateSummary()
{
    const std::optional<M::Interval>& last = m_model->lastInterval();
    if (!last) {
        m_summary->setText(tr("<i>waiting for a second of traffic…</i>"));
        return;
    }
    const IntervalLatency& l = last->latency;
    const QString latency = l.count == 0 ? tr("nothing processed")
                                         : tr("p50 <b>%1</b> · p95 <b>%2</b> · p99 <b>%3</b> over %4")
                                               .arg(milliseconds(l.p50Ms), milliseconds(l.p95Ms), milliseconds(l.p99Ms),
                                                    countNoun(std::int64_t(l.count), tr("batch"), tr("batches")));
    const double errors = last->malformedPerSec + last->lostPerSec + last->deadLettersPerSec + last->produceErrorsPerSec;
    QString problems = tr("%1 malformed, %2 lost, %3 dead letters, %4 produce errors per second")
                           .arg(formatRate(last->malformedPerSec), formatRate(last->lostPerSec),
                                formatRate(last->deadLettersPerSec), formatRate(last->produceErrorsPerSec));
    if (errors > 0)
        problems = QStringLiteral("<span style='color:#b02020'>%1</span>").arg(problems);
    m_summary->setText(tr("Last second: end-to-end %1 · %2 msgs/s over all topics · %3")
                           .arg(latency, formatRate(last->messagesPerSec), problems));
}

QString LatencyPanel::summary() const { return m_summary->text(); }

bool LatencyPanel::exportPng(const QString& path)
{
    refresh();
    QString error;
    const bool ok = savePng(m_charts, path, error);
    m_controls->report(ok, ok ? tr("Saved the charts to %1").arg(path) : error);
    return ok;
}

} // namespace nexus
