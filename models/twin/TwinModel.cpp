#include "models/twin/TwinModel.h"

#include "models/ops/ClusterFormat.h"
#include "models/twin/TwinFactsModel.h"
#include "models/twin/TwinFormat.h"
#include "models/twin/TwinHistoryModel.h"
#include "models/twin/UserMatchModel.h"

namespace nexus {

TwinModel::TwinModel(QObject* parent)
    : QObject(parent), m_facts(new TwinFactsModel(this)), m_history(new TwinHistoryModel(this)),
      m_matches(new UserMatchModel(this)),
      m_message(tr("Waiting for the stack to start: twins are read from its PostgreSQL store."))
{
}

void TwinModel::setState(State state, const QString& message)
{
    m_state = state;
    m_message = message;
    emit changed();
}

void TwinModel::setNoStore(const QString& reason)
{
    m_facts->setTwin(nullptr);
    m_history->clear();
    setState(State::NoStore, reason);
}

void TwinModel::setStoreReady()
{
    if (m_state == State::NoStore)
        setState(State::Idle, tr("Type a user id or name and press Enter to see the user's twin."));
}

void TwinModel::setLoading(const QString& userId)
{
    if (userId != m_userId) { // another user: what is shown is not theirs
        m_facts->setTwin(nullptr);
        m_history->clear();
        m_userId = userId;
    }
    setState(State::Loading, tr("Loading the twin of %1…").arg(userId));
}

bool TwinModel::apply(const TwinLookup& lookup)
{
    const QString user = QString::fromStdString(lookup.userId);
    if (user != m_userId)
        return false;
    const bool found = lookup.outcome == TwinLookup::Outcome::Found;
    if (found)
        m_latest = lookup.latest;
    m_facts->setTwin(found ? &m_latest : nullptr);
    m_history->setDays(lookup.history, found ? &m_latest : nullptr);
    const QString name = m_matches->displayNameOf(user);
    const QString who = name.isEmpty() ? user : tr("%1 (%2)").arg(user, name);
    switch (lookup.outcome) {
    case TwinLookup::Outcome::Found:
        setState(State::Shown, tr("%1 — twin as of %2 UTC (event time) · %3 stored")
                                   .arg(who, twinformat::utcTime(m_latest.lastEventUs),
                                        countNoun(m_history->closedDays(), tr("closed day"), tr("closed days"))));
        break;
    case TwinLookup::Outcome::NoTwinYet:
        setState(State::NoTwinYet, tr("%1 has no twin yet: the processors publish one within seconds of the user's "
                                      "first heart-rate samples.")
                                       .arg(who));
        break;
    case TwinLookup::Outcome::NotFound:
        setState(State::NotFound,
                 tr("No user “%1” in the store: check the id, or search by part of the id or name.").arg(user));
        break;
    case TwinLookup::Outcome::StoreError:
        setState(State::StoreError,
                 tr("Cannot read the twin of %1 from the store: %2").arg(user, QString::fromStdString(lookup.error)));
        break;
    }
    return true;
}

} // namespace nexus
