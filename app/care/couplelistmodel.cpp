#include "couplelistmodel.h"

#include "session.h"

CoupleListModel::CoupleListModel(Session *session, QList<QByteArray> roles, QByteArray idKey, QObject *parent)
    : MapListModel(std::move(roles), std::move(idKey), parent), m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { refresh(); });
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
}
