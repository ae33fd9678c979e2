#pragma once

#include "models/twin/TwinLookup.h"

#include <QAbstractListModel>

#include <vector>

namespace nexus {

/// The users a search in the Twins workspace found, for its completer: DisplayRole
/// "u0000042 · Ada Lovelace", EditRole (what the completer inserts) the user id. GUI thread.
class UserMatchModel : public QAbstractListModel
{
    Q_OBJECT
public:
    using QAbstractListModel::QAbstractListModel;

    /// Replaces the list with what a search for `query` found.
    void setMatches(const QString& query, std::vector<UserMatch> matches);
    /// The text the list answers.
    const QString& query() const { return m_query; }
    const std::vector<UserMatch>& matches() const { return m_matches; }
    /// The display name of `userId` when the list holds it (empty otherwise).
    QString displayNameOf(const QString& userId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QString m_query;
    std::vector<UserMatch> m_matches;
};

} // namespace nexus
