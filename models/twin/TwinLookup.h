#pragma once

#include "models/twin/TwinDay.h"
#include "models/twin/TwinSummary.h"

#include <QMetaType>

#include <string>
#include <vector>

namespace nexus {

/// A user the store knows, as the Twins workspace's search lists them.
struct UserMatch
{
    std::string userId;
    std::string displayName; ///< empty for a user known only by their twin
};

/// The store's answer about one user's twin. Read off the GUI thread (app/console/TwinStoreWorker)
/// and handed to the Twins workspace's TwinModel by a queued signal, so it is a plain value.
struct TwinLookup
{
    enum class Outcome
    {
        Found,      ///< `latest` holds the user's twin, `history` their closed days (possibly none)
        NoTwinYet,  ///< the store knows the user but holds no twin for them yet
        NotFound,   ///< the store does not know the user
        StoreError, ///< the store could not answer; `error` says what failed
    };

    std::string userId;
    Outcome outcome = Outcome::NotFound;
    TwinSummary latest;
    std::vector<TwinDay> history; ///< closed days, oldest first; only day, load, CTL/ATL/TSB, ACWR,
                                  ///< rMSSD, resting HR and the scores' values are filled in
    std::string error;
};

} // namespace nexus

Q_DECLARE_METATYPE(nexus::TwinLookup)
Q_DECLARE_METATYPE(std::vector<nexus::UserMatch>)
