#pragma once

#include "maplistmodel.h"

#include <QTimer>

class PracticeSession;

/// What the practice's list models share: rows rebuilt from the practice on the next turn of the
/// event loop after every change PracticeSession announces (a write, a sync, a link), handed to
/// MapListModel::setRows so views keep their place.
class PracticeListModel : public MapListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    [[nodiscard]] int count() const { return int(rows().size()); }
    /// Reads the practice again now.
    Q_INVOKABLE void refresh();

signals:
    void countChanged();

protected:
    PracticeListModel(PracticeSession *session, QList<QByteArray> roles, QByteArray idKey, QObject *parent);
    /// The rows as the practice has them now (the practice exists when this is called).
    [[nodiscard]] virtual QList<QVariantMap> build() = 0;
    /// Rebuilds soon: a filter changed.
    void scheduleRefresh() { m_timer.start(); }

    PracticeSession *m_session;

private:
    QTimer m_timer;
};
