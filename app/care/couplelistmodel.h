#pragma once

#include "maplistmodel.h"

#include <QTimer>

class Session;

/// What the couple's care list models share: rows read again from the profile on the next turn
/// of the event loop after every change the Session announces (a write, a sync).
class CoupleListModel : public MapListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    [[nodiscard]] int count() const { return int(rows().size()); }
    /// Reads the profile again now.
    Q_INVOKABLE virtual void refresh() = 0;

signals:
    void countChanged();

protected:
    CoupleListModel(Session *session, QList<QByteArray> roles, QByteArray idKey, QObject *parent);

    Session *m_session;

private:
    QTimer m_refreshTimer;
};
