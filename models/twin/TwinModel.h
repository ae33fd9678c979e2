#pragma once

#include "models/twin/TwinLookup.h"

#include <QObject>

namespace nexus {

class TwinFactsModel;
class TwinHistoryModel;
class UserMatchModel;

/// The Twins workspace's state: which user was asked for, whether the store can answer, and the
/// answer — the latest twin as a key/value table (facts()), the daily history (history()) — plus
/// the users a search found (matches()). message() says in one line what is shown or why nothing
/// is. GUI thread; fed by the TwinController, read by the TwinWorkspace, which redraws on changed().
class TwinModel : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        NoStore,    ///< nothing to ask: the stack has not started, or runs without a store
        Idle,       ///< a store to ask, no user asked for yet
        Loading,    ///< a user was asked for; the answer has not come yet
        Shown,      ///< the user's twin is shown
        NoTwinYet,  ///< the store knows the user, but the processors have not published a twin yet
        NotFound,   ///< the store does not know the user
        StoreError, ///< the store could not answer (message() says what failed)
    };

    explicit TwinModel(QObject* parent = nullptr);

    TwinFactsModel* facts() const { return m_facts; }
    TwinHistoryModel* history() const { return m_history; }
    UserMatchModel* matches() const { return m_matches; }

    State state() const { return m_state; }
    /// The user asked for last (empty before the first request).
    const QString& userId() const { return m_userId; }
    const QString& message() const { return m_message; }
    /// The twin shown (null unless state() is Shown).
    const TwinSummary* latest() const { return m_state == State::Shown ? &m_latest : nullptr; }

    /// There is no store to ask; `reason` becomes the message. Clears what was shown.
    void setNoStore(const QString& reason);
    /// A store can be asked: Idle (or NoStore → Idle; a shown twin stays).
    void setStoreReady();
    /// `userId` is being looked up. What is shown stays when it is the same user (a reload).
    void setLoading(const QString& userId);
    /// The store's answer. One about another user than the last asked for is ignored (false).
    bool apply(const TwinLookup& lookup);

signals:
    void changed();

private:
    void setState(State state, const QString& message);

    TwinFactsModel* m_facts;
    TwinHistoryModel* m_history;
    UserMatchModel* m_matches;
    State m_state = State::NoStore;
    QString m_userId;
    QString m_message;
    TwinSummary m_latest;
};

} // namespace nexus
