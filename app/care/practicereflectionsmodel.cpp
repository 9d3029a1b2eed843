#include "practicereflectionsmodel.h"

#include "jsonvariant.h"
#include "practicesession.h"

#include "care.h"
#include "practice.h"

using namespace hearth;

PracticeReflectionsModel::PracticeReflectionsModel(QObject *parent)
    : PracticeReflectionsModel(PracticeSession::instance(), parent)
{
}

PracticeReflectionsModel::PracticeReflectionsModel(PracticeSession *session, QObject *parent)
    : PracticeCoupleListModel(session,
                              {"reflectionId", "partnerName", "colour", "title", "dueText", "writtenText", "answers"},
                              "reflectionId", parent)
{
}

QList<QVariantMap> PracticeReflectionsModel::buildFor(Care &care, const People &people)
{
    QList<QVariantMap> out;
    for (const Reflection &r : care.reflections()) {
        const auto assignment = care.assignment(r.assignmentId);
        QString dueText;
        if (assignment) {
            const auto dates = assignment->dueDates();
            if (r.occurrence >= 0 && std::size_t(r.occurrence) < dates.size())
                dueText = tr("Due %1").arg(m_session->dayText(qstr(dates[std::size_t(r.occurrence)])));
        }
        const auto person = people.find(r.memberId);
        out << QVariantMap{
            {QStringLiteral("reflectionId"), qstr(r.id)},
            {QStringLiteral("partnerName"), person == people.end() ? tr("A partner") : qstr(person->second.name)},
            {QStringLiteral("colour"), person == people.end() ? QString() : qstr(person->second.colour)},
            {QStringLiteral("title"), assignment ? qstr(assignment->exercise.title) : tr("A withdrawn exercise")},
            {QStringLiteral("dueText"), dueText},
            {QStringLiteral("writtenText"), tr("Written %1").arg(m_session->agoText(r.writtenAt))},
            {QStringLiteral("answers"), jsonToVariant(r.answers)}};
    }
    return out;
}
