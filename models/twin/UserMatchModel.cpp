#include "models/twin/UserMatchModel.h"

namespace nexus {

void UserMatchModel::setMatches(const QString& query, std::vector<UserMatch> matches)
{
    beginResetModel();
    m_query = query;
    m_matches = std::move(matches);
    endResetModel();
}

QString UserMatchModel::displayNameOf(const QString& userId) const
{
    for (const UserMatch& m : m_matches)
        if (QString::fromStdString(m.userId) == userId)
            return QString::fromStdString(m.displayName);
    return {};
}

int UserMatchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_matches.size());
}

QVariant UserMatchModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_matches.size()))
        return {};
    const UserMatch& m = m_matches[std::size_t(index.row())];
    const QString id = QString::fromStdString(m.userId);
    switch (role) {
    case Qt::DisplayRole:
        return m.displayName.empty() ? id : QStringLiteral("%1 · %2").arg(id, QString::fromStdString(m.displayName));
    case Qt::EditRole:
        return id;
    default:
        return {};
    }
}

} // namespace nexus
