#pragma once

#include <QFrame>

class QLabel;

namespace nexus {

/// One headline figure: a caption, a big value and a small detail line.
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    KpiTile(const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value, const QString& detail = {});
    QString value() const;
    /// Shows the value in the alert colour (something needs attention).
    void setAlert(bool alert);

private:
    QLabel* m_value;
    QLabel* m_detail;
};

} // namespace nexus
