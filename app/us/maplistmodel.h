#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QVariantMap>

/// A list model whose rows are maps from role name to value, with an "id" that names each row.
///
/// The Us models (needs, moments, cards) build their rows afresh from the store on every change
/// and hand them to setRows(), which changes only what differs: a row whose values changed says
/// so, new ones are inserted, gone ones removed and moved ones moved, so a list's delegates and
/// scroll position stay.
class MapListModel : public QAbstractListModel {
    Q_OBJECT

public:
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

protected:
    /// `roles` are the role names in order, the first at Qt::UserRole + 1; `idKey` is the key
    /// of the map that names a row (it need not be a role).
    MapListModel(QList<QByteArray> roles, QByteArray idKey, QObject *parent);

    /// Makes the rows `rows`, with the fewest changes the views need to hear of.
    void setRows(QList<QVariantMap> rows);
    [[nodiscard]] const QList<QVariantMap> &rows() const { return m_rows; }

private:
    [[nodiscard]] QString idOf(const QVariantMap &row) const { return row.value(QString::fromLatin1(m_idKey)).toString(); }

    QList<QByteArray> m_roles;
    QList<QString> m_keys; ///< the role names as map keys
    QByteArray m_idKey;
    QList<QVariantMap> m_rows;
};
