#include "coupleduemodel.h"

#include "couplecare.h"
#include "jsonvariant.h"
#include "session.h"

#include "care.h"
#include "errors.h"

#include <QDate>

#include <algorithm>
#include <map>

using namespace hearth;

CoupleDueModel::CoupleDueModel(QObject *parent) : CoupleDueModel(Session::instance(), parent) {}

CoupleDueModel::CoupleDueModel(Session *session, QObject *parent)
    : CoupleListModel(session,
                      {"key", "assignmentId", "occurrence", "title", "dueOn", "dueLabel", "overdue", "dueToday",
                       "forCouple", "whoText", "minutes"},
                      "key", parent)
{
    refresh();
}

int CoupleDueModel::overdueCount() const
{
    return int(std::count_if(rows().begin(), rows().end(),
                             [](const QVariantMap &r) { return r.value(QStringLiteral("overdue")).toBool(); }));
}

int CoupleDueModel::dueTodayCount() const
{
    return int(std::count_if(rows().begin(), rows().end(),
                             [](const QVariantMap &r) { return r.value(QStringLiteral("dueToday")).toBool(); }));
}

void CoupleDueModel::refresh()
{
    QList<QVariantMap> out;
    bool linked = false;
    QString therapist;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            Care care(*m_session->store(), m_session->content());
            const std::optional<CareLink> link = care.link();
            linked = link && link->active;
            if (linked) {
                therapist = qstr(link->therapistName);
                const std::string me = caretext::myId(*m_session);
                const QString todayText = caretext::today(*m_session);
                const QDate today = QDate::fromString(todayText, Qt::ISODate);
                std::map<std::string, Assignment> assignments;
                for (Assignment &a : care.assignments())
                    assignments.emplace(a.id, std::move(a));
                for (const DueItem &item : care.dueItems(str(todayText))) {
                    if (item.memberId != me || item.status == DueItem::Status::Done)
                        continue;
                    const auto found = assignments.find(item.assignmentId);
                    if (found == assignments.end())
                        continue;
                    const Assignment &a = found->second;
                    const QString dueOn = qstr(item.dueOn);
                    const qint64 days = today.daysTo(QDate::fromString(dueOn, Qt::ISODate));
                    if (days < -kOverdueDays || days >= kAheadDays)
                        continue;
                    const bool forCouple = a.assignee.empty();
                    out << QVariantMap{
                        {QStringLiteral("key"), qstr(item.assignmentId) + u'#' + QString::number(item.occurrence)},
                        {QStringLiteral("assignmentId"), qstr(item.assignmentId)},
                        {QStringLiteral("occurrence"), item.occurrence},
                        {QStringLiteral("title"), qstr(a.exercise.title)},
                        {QStringLiteral("dueOn"), dueOn},
                        {QStringLiteral("dueLabel"), caretext::dueLabel(dueOn, todayText)},
                        {QStringLiteral("overdue"), item.status == DueItem::Status::Overdue},
                        {QStringLiteral("dueToday"), days == 0},
                        {QStringLiteral("forCouple"), forCouple},
                        {QStringLiteral("whoText"), forCouple ? tr("For you both") : tr("For you")},
                        {QStringLiteral("minutes"), a.exercise.minutes},
                    };
                }
            }
        } catch (const Error &e) {
            qWarning("Reading what is due failed: %s", e.what());
        }
    }
    const bool same = linked == m_linked && therapist == m_therapistName && out == rows();
    m_linked = linked;
    m_therapistName = therapist;
    setRows(std::move(out));
    if (!same)
        emit countChanged();
}
