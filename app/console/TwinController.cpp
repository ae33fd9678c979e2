#include "app/console/TwinController.h"

#include "app/console/TwinStoreWorker.h"
#include "models/twin/TwinModel.h"
#include "models/twin/UserMatchModel.h"
#include "widgets/twin/TwinWorkspace.h"

#include <utility>

namespace nexus {

TwinController::TwinController(TwinWorkspace* view, TwinModel* model, QObject* parent)
    : QObject(parent), m_view(view), m_model(model), m_worker(new TwinStoreWorker)
{
    qRegisterMetaType<nexus::TwinLookup>();
    qRegisterMetaType<std::vector<nexus::UserMatch>>();
    m_thread.setObjectName("twin-store");
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // The worker's answers cross from its thread to this one.
    connect(
        m_worker, &TwinStoreWorker::twinLoaded, this,
        [this](quint64 request, const TwinLookup& lookup) {
            if (request == m_lastLoad)
                m_model->apply(lookup);
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &TwinStoreWorker::usersFound, this,
        [this](quint64 request, const QString& text, const std::vector<UserMatch>& users, const QString& error) {
            if (request != m_lastSearch)
                return;
            if (!error.isEmpty())
                qWarning("twin search for '%s' failed: %s", qPrintable(text), qPrintable(error));
            m_model->matches()->setMatches(text, users);
        },
        Qt::QueuedConnection);
    m_thread.start();

    connect(view, &TwinWorkspace::userRequested, this, [this](const QString& userId) { load(userId, false); });
    connect(view, &TwinWorkspace::reloadRequested, this, [this] {
        if (!m_model->userId().isEmpty())
            load(m_model->userId(), false);
    });
    connect(view, &TwinWorkspace::searchRequested, this, &TwinController::search);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &TwinController::refreshShown);
}

TwinController::~TwinController()
{
    m_thread.quit();
    m_thread.wait();
}

void TwinController::attach(const std::string& connection)
{
    m_attached = true;
    m_connection = QString::fromStdString(connection);
    if (m_connection.isEmpty()) {
        m_model->setNoStore(tr("No store: the stack runs without PostgreSQL (--no-store), and twins are read "
                               "from the store, so there is none to show."));
        return;
    }
    m_model->setStoreReady();
    m_refresh.start();
    const QString wanted = std::exchange(m_wanted, QString());
    if (!wanted.isEmpty())
        load(wanted, false);
}

void TwinController::detach()
{
    m_attached = false;
    m_connection.clear();
    m_wanted = m_model->userId(); // shown again when the next stack is up
    m_refresh.stop();
    ++m_lastLoad; // answers still on their way are for the store that goes away
    ++m_lastSearch;
    QMetaObject::invokeMethod(m_worker, &TwinStoreWorker::release, Qt::QueuedConnection);
    m_model->setNoStore(tr("The stack is stopped: no store to read twins from."));
}

void TwinController::showUser(const QString& userId)
{
    if (m_view)
        m_view->setUserText(userId);
    load(userId, false);
}

void TwinController::load(const QString& userId, bool quietly)
{
    if (m_connection.isEmpty()) {
        // Nothing to ask yet: the state says why; the user is looked up once a store is attached.
        if (!m_attached)
            m_wanted = userId;
        return;
    }
    if (!quietly)
        m_model->setLoading(userId);
    const quint64 request = ++m_lastLoad;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, request, connection = m_connection, userId] { worker->load(request, connection, userId); },
        Qt::QueuedConnection);
}

void TwinController::search(const QString& text)
{
    if (m_connection.isEmpty())
        return;
    const quint64 request = ++m_lastSearch;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, request, connection = m_connection, text] { worker->search(request, connection, text); },
        Qt::QueuedConnection);
}

void TwinController::refreshShown()
{
    // Only what someone looks at, and not while an answer is awaited.
    if (m_view && m_view->isVisible() && m_model->state() == TwinModel::State::Shown)
        load(m_model->userId(), true);
}

} // namespace nexus
