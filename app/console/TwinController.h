#pragma once

#include "models/twin/TwinLookup.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <string>

namespace nexus {

class TwinModel;
class TwinStoreWorker;
class TwinWorkspace;

/// Wires the Twins workspace to the store: its searches and lookups go to a TwinStoreWorker on a
/// thread of its own, and the answers come back queued into the TwinModel; an answer to anything
/// but the newest request of its kind is dropped. While a twin is shown and the workspace is on
/// screen it is read again every kRefreshMs, so it follows the processors. GUI thread.
class TwinController : public QObject
{
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 10000;

    /// The view may be destroyed first; the controller then only keeps the model.
    TwinController(TwinWorkspace* view, TwinModel* model, QObject* parent = nullptr);
    /// Waits for the worker thread (a read in progress ends first).
    ~TwinController() override;

    /// Reads from the store at `connection` (a libpq connection string) from now on; empty: the
    /// stack runs without a store, which the workspace says. A user asked for before is loaded.
    void attach(const std::string& connection);
    /// Stops reading (the stack is stopping) and closes the worker's connection.
    void detach();
    /// Shows `userId`'s twin: puts it in the user field and looks it up.
    void showUser(const QString& userId);

private:
    void load(const QString& userId, bool quietly);
    void search(const QString& text);
    void refreshShown();

    QPointer<TwinWorkspace> m_view;
    TwinModel* m_model;
    QThread m_thread;
    TwinStoreWorker* m_worker; // lives on m_thread; deleted there when it finishes
    QString m_connection;      // empty: not attached, or no store
    bool m_attached = false;
    QString m_wanted;       // asked for while there was no store to ask
    quint64 m_lastLoad = 0; // answers to older requests are dropped
    quint64 m_lastSearch = 0;
    QTimer m_refresh;
};

} // namespace nexus
