#include "practicecouplelistmodel.h"

#include "jsonvariant.h"
#include "practicesession.h"

#include "care.h"
#include "practice.h"

using namespace hearth;

void PracticeCoupleListModel::setSpaceId(const QString &spaceId)
{
    if (spaceId == m_spaceId)
        return;
    m_spaceId = spaceId;
    emit spaceIdChanged();
    scheduleRefresh();
}

QList<QVariantMap> PracticeCoupleListModel::build()
{
    if (m_spaceId.isEmpty())
        return {};
    Care care(m_session->practice()->couple(str(m_spaceId)), m_session->content());
    People people;
    if (const auto link = care.link())
        for (const CarePerson &p : link->partners)
            people[p.memberId] = p;
    return buildFor(care, people);
}
