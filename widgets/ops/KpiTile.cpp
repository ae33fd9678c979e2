#include "widgets/ops/KpiTile.h"

#include <QLabel>
#include <QVBoxLayout>

namespace nexus {

KpiTile::KpiTile(const QString& caption, QWidget* parent)
    : QFrame(parent), m_value(new QLabel(QStringLiteral("–"))), m_detail(new QLabel)
{
    setFrameShape(QFrame::StyledPanel);
    auto* captionLabel = new QLabel(caption);
    captionLabel->setStyleSheet("color: palette(mid); font-size: 9pt;");
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_value->setFont(big);
    m_detail->setStyleSheet("color: palette(mid); font-size: 8pt;");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    layout->addWidget(captionLabel);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
}

void KpiTile::setValue(const QString& value, const QString& detail)
{
    m_value->setText(value);
    m_detail->setText(detail);
}

QString KpiTile::value() const { return m_value->text(); }

void KpiTile::setAlert(bool alert) { m_value->setStyleSheet(alert ? "color: #c62828;" : QString()); }

} // namespace nexus
