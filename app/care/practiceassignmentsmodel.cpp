#include "practiceassignmentsmodel.h"

#include "jsonvariant.h"
#include "practicesession.h"

#include "care.h"
#include "practice.h"

#include <array>
#include <map>

using namespace hearth;

PracticeAssignmentsModel::PracticeAssignmentsModel(QObject *parent)
    : PracticeAssignmentsModel(PracticeSession::instance(), parent)
{
}

PracticeAssignmentsModel::PracticeAssignmentsModel(PracticeSession *session, QObject *parent)
    : PracticeCoupleListModel(session,
                              {"assignmentId", "title", "formatLabel", "assigneeText", "scheduleText", "note",
                               "assignedText", "doneCount", "dueCount", "overdueCount", "statuses"},
                              "assignmentId", parent)
{
}

QList<QVariantMap> PracticeAssignmentsModel::buildFor(Care &care, const People &people)
{
    auto nameOf = [&](const std::string &memberId) {
        const auto found = people.find(memberId);
        return found == people.end() || found->second.name.empty() ? tr("A partner") : qstr(found->second.name);
    };
    std::map<std::string, QVariantList> statuses;
    std::map<std::string, std::array<int, 3>> counts; // done, to do, overdue
    for (const DueItem &item : care.dueItems(str(m_session->today()))) {
        QString text;
        switch (item.status) {
        case DueItem::Status::Done:
            text = tr("Done %1").arg(m_session->agoText(item.doneAt));
            ++counts[item.assignmentId][0];
            break;
        case DueItem::Status::ToDo:
            text = tr("To do by %1").arg(m_session->dayText(qstr(item.dueOn)));
            ++counts[item.assignmentId][1];
            break;
        case DueItem::Status::Overdue:
            text = tr("Overdue since %1").arg(m_session->dayText(qstr(item.dueOn)));
            ++counts[item.assignmentId][2];
            break;
        }
        const auto person = people.find(item.memberId);
        statuses[item.assignmentId] << QVariantMap{
            {QStringLiteral("key"), qstr(item.assignmentId + "#" + std::to_string(item.occurrence) + ":" + item.memberId)},
            {QStringLiteral("partnerName"), nameOf(item.memberId)},
            {QStringLiteral("colour"), person == people.end() ? QString() : qstr(person->second.colour)},
            {QStringLiteral("dueOn"), qstr(item.dueOn)},
            {QStringLiteral("dueText"), m_session->dayText(qstr(item.dueOn))},
            {QStringLiteral("status"), qstr(std::string(toString(item.status)))},
            {QStringLiteral("statusText"), text},
            {QStringLiteral("reflected"), item.reflection.has_value()}};
    }
    QList<QVariantMap> out;
    for (const Assignment &a : care.assignments()) {
        QString schedule;
        const QString first = m_session->dayText(qstr(a.dueOn));
        if (a.times <= 1 || a.everyDays == 0)
            schedule = tr("Once, due %1").arg(first);
        else if (a.everyDays == 7)
            schedule = tr("Weekly, %1 times from %2").arg(a.times).arg(first);
        else if (a.everyDays == 14)
            schedule = tr("Every two weeks, %1 times from %2").arg(a.times).arg(first);
        else
            schedule = tr("Every %1 days, %2 times from %3").arg(a.everyDays).arg(a.times).arg(first);
        const auto &c = counts[a.id];
        out << QVariantMap{{QStringLiteral("assignmentId"), qstr(a.id)},
                           {QStringLiteral("title"), qstr(a.exercise.title)},
                           {QStringLiteral("formatLabel"), m_session->formatLabel(a.exercise.format)},
                           {QStringLiteral("assigneeText"), a.assignee.empty() ? tr("For both") : tr("For %1").arg(nameOf(a.assignee))},
                           {QStringLiteral("scheduleText"), schedule},
                           {QStringLiteral("note"), qstr(a.note)},
                           {QStringLiteral("assignedText"), tr("Assigned %1").arg(m_session->agoText(a.assignedAt))},
                           {QStringLiteral("doneCount"), c[0]},
                           {QStringLiteral("dueCount"), c[1]},
                           {QStringLiteral("overdueCount"), c[2]},
                           {QStringLiteral("statuses"), statuses[a.id]}};
    }
    return out;
}
