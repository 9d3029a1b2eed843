#include "practicelistmodel.h"

#include "practicesession.h"

#include <exception>

PracticeListModel::PracticeListModel(PracticeSession *session, QList<QByteArray> roles, QByteArray idKey,
                                     QObject *parent)
    : MapListModel(std::move(roles), std::move(idKey), parent), m_session(session)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &PracticeListModel::refresh);
    if (m_session)
        connect(m_session, &PracticeSession::changed, this, [this] { m_timer.start(); });
    m_timer.start();
}

void PracticeListModel::refresh()
{
    m_timer.stop();
    const int before = count();
    QList<QVariantMap> rows;
    if (m_session && m_session->exists() && m_session->practice()) {
        try {
            rows = build();
        } catch (const std::exception &e) {
            // The list stays empty rather than half-built; the log says why.
            qWarning("%s could not read the practice: %s", metaObject()->className(), e.what());
        }
    }
    setRows(std::move(rows));
    if (count() != before)
        emit countChanged();
}
