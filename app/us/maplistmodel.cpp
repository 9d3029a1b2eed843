#include "maplistmodel.h"

#include <QSet>

MapListModel::MapListModel(QList<QByteArray> roles, QByteArray idKey, QObject *parent)
    : QAbstractListModel(parent), m_roles(std::move(roles)), m_idKey(std::move(idKey))
{
    for (const QByteArray &role : std::as_const(m_roles))
        m_keys << QString::fromLatin1(role);
}

int MapListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MapListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int at = role - (Qt::UserRole + 1);
    if (at < 0 || at >= m_keys.size())
        return {};
    return m_rows[index.row()].value(m_keys[at]);
}

QHash<int, QByteArray> MapListModel::roleNames() const
{
    QHash<int, QByteArray> names;
    for (int i = 0; i < m_roles.size(); ++i)
        names.insert(Qt::UserRole + 1 + i, m_roles[i]);
    return names;
}

void MapListModel::setRows(QList<QVariantMap> rows)
{
    QSet<QString> wantedIds;
    for (const QVariantMap &row : std::as_const(rows))
        wantedIds.insert(idOf(row));
    // Rows that are gone, from the end so the indexes stay right.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (wantedIds.contains(idOf(m_rows[i])))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        endRemoveRows();
    }
    // Every row still shown stays: put each in its place, bringing up one that moved and
    // inserting new ones, and say which changed.
    for (int i = 0; i < rows.size(); ++i) {
        QVariantMap &wanted = rows[i];
        const QString id = idOf(wanted);
        if (i < m_rows.size() && idOf(m_rows[i]) == id) {
            if (m_rows[i] != wanted) {
                m_rows[i] = std::move(wanted);
                emit dataChanged(index(i), index(i));
            }
            continue;
        }
        int from = -1;
        for (int j = i + 1; j < m_rows.size(); ++j) {
            if (idOf(m_rows[j]) == id) {
                from = j;
                break;
            }
        }
        if (from >= 0) {
            beginMoveRows({}, from, from, {}, i);
            m_rows.move(from, i);
            endMoveRows();
            if (m_rows[i] != wanted) {
                m_rows[i] = std::move(wanted);
                emit dataChanged(index(i), index(i));
            }
            continue;
        }
        beginInsertRows({}, i, i);
        m_rows.insert(i, std::move(wanted));
        endInsertRows();
    }
    if (m_rows.size() > rows.size()) {
        beginRemoveRows({}, int(rows.size()), int(m_rows.size()) - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    }
}
