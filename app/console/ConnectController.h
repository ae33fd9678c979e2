#pragma once

#include "app/StackConfig.h"
#include "models/ops/ConnectionSettings.h"
#include "widgets/ops/ConnectDialog.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>

class QWidget;

namespace nexus {

class ConnectionProbe;

/// What the Connect dialog shows for a running config: the mode, the Kafka bootstrap servers and
/// properties (security.protocol, sasl.*, ssl.ca.location in their fields, the rest as extras) and
/// the PostgreSQL URL.
ConnectionSettings connectionFromConfig(const StackConfig& config);
/// `config` switched to `settings`: embedded → the mock cluster, the embedded PostgreSQL and the
/// simulator; connected → those brokers and properties, that PostgreSQL (embedded when no URL)
/// and no simulator (as with --kafka-bootstrap). Everything else in `config` is kept.
StackConfig applyConnection(StackConfig config, const ConnectionSettings& settings);
/// Writes `settings` into the INI config file at `path` (created if missing; its other keys kept):
/// [kafka] bootstrap, [kafka-properties], [postgres] url, [api] url — all removed for the embedded
/// stack. The file becomes owner-only (0600): it may hold a SASL password. False with `error`.
bool saveConnection(const ConnectionSettings& settings, const QString& path, QString& error);
/// The INI file the console reads at start (see resolveStackConfig): `configOption` (--config)
/// when set, else $NEXUS_TWIN_CONFIG, else defaultConfigPath().
QString connectionConfigPath(const QString& configOption);

/// Runs the Connect dialog for the console: prefills it from the running config (and the last
/// remote settings entered, kept in QSettings without the password), tests connections on a thread
/// pool with ConnectionProbe (results queued back to the GUI thread, Cancel honoured), and on
/// Switch saves the choice to the INI config file — so the next start uses it — and, once the
/// dialog has closed (queued), calls `restart` with the new config. GUI thread; owned by `window`
/// (the dialog's parent).
class ConnectController : public QObject
{
    Q_OBJECT
public:
    /// Stops the running stack and starts one with the given config (GUI thread).
    using Restart = std::function<void(const StackConfig&)>;

    ConnectController(StackConfig current, QString configPath, Restart restart, QWidget* window);
    ~ConnectController() override;

    /// Shows the dialog (window-modal), prefilled with what runs; only raises it when already open.
    void open();
    ConnectDialog* dialog() const { return m_dialog; }

    const StackConfig& current() const { return m_current; }
    /// After a restart from elsewhere (e.g. --demo switched off): what the dialog starts from.
    void setCurrent(StackConfig config) { m_current = std::move(config); }
    const QString& configPath() const { return m_configPath; }
    /// Time each part of a test may take (default 5000 ms).
    void setProbeTimeoutMs(int ms) { m_timeoutMs = ms; }

    /// The problem with `settings` that would make a switch fail (bootstrap list, a property
    /// librdkafka rejects, the PostgreSQL or API URL); empty when fine. No I/O.
    QString checkSettings(const ConnectionSettings& settings) const;

signals:
    /// Every part of a test reported, or it was cancelled.
    void testFinished();
    /// The user switched: the new config was passed to restart; `saveError` is empty when the
    /// INI config file was written, else says why not (the switch still happened).
    void switched(const nexus::StackConfig& config, const QString& saveError);

private:
    void runTest(const ConnectionSettings& settings);
    void cancelTest();
    void switchTo(const ConnectionSettings& settings);

    StackConfig m_current;
    QString m_configPath;
    Restart m_restart;
    QPointer<QWidget> m_window;
    QPointer<ConnectDialog> m_dialog;
    int m_timeoutMs = 5000;
    std::shared_ptr<ConnectionProbe> m_probe; // the running test's; cancelled on Cancel
    unsigned m_testId = 0;                    // results of older tests are dropped
    int m_pending = 0;                        // parts of test m_testId not yet reported
    QThreadPool m_pool;                       // last: destroyed first, waiting for running probes
};

} // namespace nexus
