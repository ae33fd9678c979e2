#include "widgets/ops/TrendControls.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace nexus {

namespace {
struct WindowChoice
{
    const char* label;
    int seconds;
};
constexpr WindowChoice kWindows[] = {
    {QT_TRANSLATE_NOOP("TrendControls", "5 min"), 300},  {QT_TRANSLATE_NOOP("TrendControls", "15 min"), 900},
    {QT_TRANSLATE_NOOP("TrendControls", "1 h"), 3600},   {QT_TRANSLATE_NOOP("TrendControls", "6 h"), 21600},
    {QT_TRANSLATE_NOOP("TrendControls", "24 h"), 86400},
};
} // namespace

TrendControls::TrendControls(const QString& title, Window initial, QWidget* parent)
    : QWidget(parent), m_window(new QComboBox), m_clear(new QPushButton(tr("Clear"))),
      m_export(new QPushButton(tr("Export PNG…"))), m_note(new QLabel)
{
    for (const WindowChoice& w : kWindows)
        m_window->addItem(tr(w.label), w.seconds);
    m_window->setCurrentIndex(initial);
    m_window->setToolTip(tr("How much history the chart shows (up to 24 h is kept)"));
    m_clear->setToolTip(tr("Forget the history"));
    m_export->setToolTip(tr("Save the chart as an image"));
    m_note->setObjectName("chartExportNote");

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("%1  Window:").arg(title)));
    layout->addWidget(m_window);
    layout->addWidget(m_clear);
    layout->addStretch(1);
    layout->addWidget(m_note);
    layout->addWidget(m_export);

    connect(m_window, &QComboBox::currentIndexChanged, this, [this] { emit windowChanged(window()); });
    connect(m_clear, &QPushButton::clicked, this, &TrendControls::clearClicked);
    connect(m_export, &QPushButton::clicked, this, &TrendControls::exportClicked);
}

DurationUs TrendControls::window() const { return DurationUs(m_window->currentData().toInt()) * kUsPerSecond; }

void TrendControls::report(bool ok, const QString& message)
{
    m_note->setStyleSheet(ok ? QString() : QStringLiteral("color: #b02020"));
    m_note->setText(message);
}

QString TrendControls::note() const { return m_note->text(); }

} // namespace nexus
