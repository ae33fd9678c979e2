#pragma once

#include "models/metrics/StackSnapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace nexus {

/// The Stack health panel's table: one row per component of the stack (Kafka, each processor,
/// PostgreSQL, the API server) with its state, uptime, address, detail and last error. Fed the
/// components the controller reports (starting, each tick, a failed start) and told when the
/// stack stops; it remembers when each row entered its state and the last error a row reported
/// even after the problem cleared. GUI thread. Sorts on clusterrole::Sort, exports plain values
/// through clusterrole::Export.
class StackHealthModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Component, State, Uptime, Address, Detail, LastError, ColumnCount };

    struct Row
    {
        ComponentStatus status;
        TimestampUs stateSinceUs = 0;  ///< when this model first saw the row in its current state
        std::string lastError;         ///< the newest error the row reported; kept after it cleared
        TimestampUs lastErrorAtUs = 0; ///< when that error first appeared
        TimestampUs clearedAtUs = 0;   ///< when it went away; 0 while it lasts
    };

    explicit StackHealthModel(QObject* parent = nullptr);

    /// Takes the stack's components as of `nowUs` (rows follow their order). Emits updated().
    void setComponents(const std::vector<ComponentStatus>& components, TimestampUs nowUs);
    /// The stack stopped: every row that did not fail is Stopped from `nowUs`. Emits updated().
    void markStopped(TimestampUs nowUs);

    const std::vector<Row>& rows() const { return m_rows; }
    /// The row of the component named `name`; −1 when there is none.
    int rowOf(const QString& name) const;
    /// When the rows were last reported.
    TimestampUs nowUs() const { return m_nowUs; }
    /// "3 min 05 s" since the row came up while it starts or runs; "—" otherwise.
    QString uptimeText(int row) const;
    /// How Kafka and the store are reached: "embedded" (started by this process) or "connected",
    /// e.g. "Kafka: embedded · PostgreSQL: connected"; "Stack not started" before any report.
    QString modeText() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "running", "degraded", … (translated for display).
    static QString stateText(ComponentState state);

signals:
    /// Once per setComponents() / markStopped().
    void updated();

private:
    QString lastErrorText(const Row& r) const;
    /// Every cell of `row` as shown, to find what changed.
    QStringList rowTexts(int row) const;

    std::vector<Row> m_rows;
    TimestampUs m_nowUs = 0;
};

} // namespace nexus
