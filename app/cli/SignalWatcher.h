#pragma once

#include <QObject>

namespace nexus::cli {

/// Turns SIGINT and SIGTERM into a Qt signal on the main thread (the handler only sets a flag;
/// a 50 ms timer polls it), so commands can shut down cleanly on Ctrl-C.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);

signals:
    void stopRequested();
};

} // namespace nexus::cli
