#include "practicecouplesmodel.h"

#include "jsonvariant.h"
#include "practicesession.h"

#include "practice.h"

#include <map>

using namespace hearth;

PracticeCouplesModel::PracticeCouplesModel(QObject *parent)
    : PracticeCouplesModel(PracticeSession::instance(), parent)
{
}

PracticeCouplesModel::PracticeCouplesModel(PracticeSession *session, QObject *parent)
    : PracticeListModel(session,
                        {"spaceId", "name", "linkState", "stateText", "active", "ended", "overdue", "due",
                         "newReflections", "lastSyncText", "syncError", "partnerNames"},
                        "spaceId", parent)
{
}

QString PracticeCouplesModel::firstSpaceId() const
{
    // The first linked couple, else the first one at all.
    for (const QVariantMap &row : rows())
        if (row.value(QStringLiteral("active")).toBool())
            return row.value(QStringLiteral("spaceId")).toString();
    return rows().isEmpty() ? QString() : rows().constFirst().value(QStringLiteral("spaceId")).toString();
}

QList<QVariantMap> PracticeCouplesModel::build()
{
    Practice &practice = *m_session->practice();
    const PracticeDashboard dashboard = practice.dashboard(str(m_session->today()));
    std::map<std::string, int> overdue, due, fresh;
    for (const auto &e : dashboard.overdue)
        ++overdue[e.spaceId];
    for (const auto &e : dashboard.dueSoon)
        ++due[e.spaceId];
    for (const auto &r : dashboard.newReflections)
        ++fresh[r.spaceId];
    QList<QVariantMap> out;
    for (const PracticeCouple &c : practice.couples()) {
        // The couple's own card says where the link stands, in the same words as its page.
        QVariantMap row = m_session->couple(qstr(c.spaceId));
        if (row.isEmpty())
            continue;
        QStringList names;
        for (const QVariant &p : row.value(QStringLiteral("partners")).toList())
            names << p.toMap().value(QStringLiteral("name")).toString();
        row.remove(QStringLiteral("partners"));
        row.insert(QStringLiteral("partnerNames"), names.join(tr(" and ")));
        row.insert(QStringLiteral("overdue"), overdue[c.spaceId]);
        row.insert(QStringLiteral("due"), due[c.spaceId]);
        row.insert(QStringLiteral("newReflections"), fresh[c.spaceId]);
        out << row;
    }
    return out;
}
