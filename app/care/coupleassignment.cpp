#include "coupleassignment.h"

#include "couplecare.h"
#include "jsonvariant.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"

#include <algorithm>

using namespace hearth;

CoupleAssignment::CoupleAssignment(QObject *parent) : CoupleAssignment(Session::instance(), parent) {}

CoupleAssignment::CoupleAssignment(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &CoupleAssignment::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
}

void CoupleAssignment::setAssignmentId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    refresh();
}

void CoupleAssignment::refresh()
{
    m_assignment.reset();
    m_link.reset();
    m_items.clear();
    m_dueDates.clear();
    m_nextOccurrence = -1;
    if (m_session && m_session->store() && m_session->hasProfile() && !m_id.isEmpty()) {
        try {
            Care care(*m_session->store(), m_session->content());
            m_link = care.link();
            m_me = caretext::myId(*m_session);
            m_today = caretext::today(*m_session);
            m_assignment = care.assignment(str(m_id));
            if (m_assignment) {
                for (DueItem &item : care.dueItems(str(m_today)))
                    if (item.assignmentId == m_assignment->id)
                        m_items.push_back(std::move(item));
            }
        } catch (const Error &e) {
            qWarning("Reading the assignment failed: %s", e.what());
            m_assignment.reset();
        }
    }
    if (m_assignment) {
        const std::vector<std::string> dates = m_assignment->dueDates();
        for (int occurrence = 0; occurrence < int(dates.size()); ++occurrence) {
            const QString dueOn = qstr(dates[std::size_t(occurrence)]);
            QVariantList people;
            QString myStatus;
            for (const DueItem &item : m_items) {
                if (item.occurrence != occurrence)
                    continue;
                const bool mine = item.memberId == m_me;
                QString statusText;
                switch (item.status) {
                case DueItem::Status::Done:
                    statusText = tr("Done %1").arg(caretext::onDay(*m_session, item.doneAt));
                    break;
                case DueItem::Status::Overdue:
                    statusText = tr("Not done yet");
                    break;
                case DueItem::Status::ToDo:
                    statusText = tr("To do");
                    break;
                }
                QVariantMap person{
                    {QStringLiteral("memberId"), qstr(item.memberId)},
                    {QStringLiteral("name"), mine ? tr("You") : caretext::nameOf(*m_session, item.memberId, m_link)},
                    {QStringLiteral("mine"), mine},
                    {QStringLiteral("status"), qstr(std::string(toString(item.status)))},
                    {QStringLiteral("statusText"), statusText},
                    {QStringLiteral("reflectionId"), item.reflection ? qstr(item.reflection->id) : QString()},
                    {QStringLiteral("reflectionShared"), item.reflection && item.reflection->shared},
                    {QStringLiteral("answers"), item.reflection ? jsonToVariant(item.reflection->answers) : QVariantList()},
                };
                // Me first.
                if (mine)
                    people.prepend(person);
                else
                    people << person;
                if (mine)
                    myStatus = qstr(std::string(toString(item.status)));
                if (mine && item.status != DueItem::Status::Done && m_nextOccurrence < 0)
                    m_nextOccurrence = occurrence;
            }
            m_dueDates << QVariantMap{{QStringLiteral("occurrence"), occurrence},
                                      {QStringLiteral("dueOn"), dueOn},
                                      {QStringLiteral("dateText"), caretext::dateText(dueOn, m_today)},
                                      {QStringLiteral("dueLabel"), caretext::dueLabel(dueOn, m_today)},
                                      {QStringLiteral("myStatus"), myStatus},
                                      {QStringLiteral("people"), people}};
        }
    }
    emit changed();
}

QString CoupleAssignment::title() const
{
    return m_assignment ? qstr(m_assignment->exercise.title) : QString();
}

QString CoupleAssignment::purpose() const
{
    return m_assignment ? qstr(m_assignment->exercise.purpose) : QString();
}

QString CoupleAssignment::formatLabel() const
{
    if (!m_assignment || !m_session)
        return {};
    for (const Suggestion &s : m_session->content().exerciseFormats())
        if (s.id == m_assignment->exercise.format)
            return qstr(s.label);
    return qstr(m_assignment->exercise.format);
}

QString CoupleAssignment::howText() const
{
    if (!m_assignment)
        return {};
    if (m_assignment->exercise.who == "together")
        return tr("Together");
    if (m_assignment->exercise.who == "each")
        return m_assignment->assignee.empty() ? tr("Each on your own") : tr("On your own");
    return {};
}

int CoupleAssignment::minutes() const
{
    return m_assignment ? m_assignment->exercise.minutes : 0;
}

int CoupleAssignment::timerMinutes() const
{
    return m_assignment ? m_assignment->exercise.timerMinutes : 0;
}

QStringList CoupleAssignment::steps() const
{
    QStringList out;
    if (m_assignment)
        for (const std::string &s : m_assignment->exercise.steps)
            out << qstr(s);
    return out;
}

QStringList CoupleAssignment::prompts() const
{
    QStringList out;
    if (m_assignment)
        for (const std::string &s : m_assignment->exercise.prompts)
            out << qstr(s);
    return out;
}

QString CoupleAssignment::source() const
{
    return m_assignment ? qstr(m_assignment->exercise.source) : QString();
}

QString CoupleAssignment::note() const
{
    return m_assignment ? qstr(m_assignment->note) : QString();
}

QString CoupleAssignment::therapistName() const
{
    if (!m_assignment || !m_session)
        return {};
    return caretext::nameOf(*m_session, m_assignment->assignedBy, m_link);
}

QString CoupleAssignment::fromText() const
{
    if (!m_assignment || !m_session)
        return {};
    return tr("From %1, assigned %2").arg(therapistName(), caretext::onDay(*m_session, m_assignment->assignedAt));
}

QString CoupleAssignment::assigneeText() const
{
    if (!m_assignment || !m_session)
        return {};
    if (m_assignment->assignee.empty())
        return tr("For you both");
    if (m_assignment->assignee == m_me)
        return tr("For you");
    return tr("For %1").arg(caretext::nameOf(*m_session, m_assignment->assignee, m_link));
}

QString CoupleAssignment::repeatText() const
{
    if (!m_assignment)
        return {};
    const int every = m_assignment->everyDays;
    const int times = m_assignment->times;
    if (times <= 1 || every <= 0)
        return tr("Once");
    if (every == 1)
        return tr("Every day, %1 times").arg(times);
    if (every == 7)
        return tr("Every week, %1 times").arg(times);
    if (every == 14)
        return tr("Every two weeks, %1 times").arg(times);
    return tr("Every %1 days, %2 times").arg(every).arg(times);
}

bool CoupleAssignment::forMe() const
{
    return m_assignment && (m_assignment->assignee.empty() || m_assignment->assignee == m_me);
}

bool CoupleAssignment::isDone(int occurrence) const
{
    return std::any_of(m_items.begin(), m_items.end(), [&](const DueItem &item) {
        return item.occurrence == occurrence && item.memberId == m_me && item.status == DueItem::Status::Done;
    });
}

QVariantMap CoupleAssignment::dueDate(int occurrence) const
{
    if (occurrence < 0 || occurrence >= m_dueDates.size())
        return {};
    return m_dueDates.at(occurrence).toMap();
}

QString CoupleAssignment::checkOccurrence(int occurrence) const
{
    if (!m_assignment)
        return tr("This assignment is not here any more.");
    if (!forMe())
        return tr("This one is for %1 to do.").arg(caretext::nameOf(*m_session, m_assignment->assignee, m_link));
    if (occurrence < 0 || occurrence >= int(m_assignment->dueDates().size()))
        return tr("There is no such due date.");
    return {};
}

QString CoupleAssignment::run(const std::function<void(Care &)> &action)
{
    const QString failed = caretext::run(m_session, action);
    if (failed.isEmpty())
        refresh();
    return failed;
}

QString CoupleAssignment::complete(int occurrence)
{
    if (const QString why = checkOccurrence(occurrence); !why.isEmpty())
        return why;
    return run([&](Care &care) { care.complete(str(m_id), occurrence); });
}

QString CoupleAssignment::reopen(int occurrence)
{
    if (const QString why = checkOccurrence(occurrence); !why.isEmpty())
        return why;
    return run([&](Care &care) { care.reopen(str(m_id), occurrence); });
}

QVariantMap CoupleAssignment::reflection(int occurrence) const
{
    const QStringList asked = prompts();
    QVariantList texts;
    for (qsizetype i = 0; i < asked.size(); ++i)
        texts << QString();
    QVariantMap out{{QStringLiteral("reflectionId"), QString()},
                    {QStringLiteral("shared"), false},
                    {QStringLiteral("writtenText"), QString()},
                    {QStringLiteral("texts"), texts}};
    for (const DueItem &item : m_items) {
        if (item.occurrence != occurrence || item.memberId != m_me || !item.reflection)
            continue;
        const Reflection &r = *item.reflection;
        for (const auto &answer : r.answers) {
            // Answers match their prompt by its words; one whose prompt is no longer asked goes
            // to the end of the first empty field rather than being lost.
            const QString prompt = qstr(answer.value("prompt", std::string()));
            const QString text = qstr(answer.value("text", std::string()));
            qsizetype at = asked.indexOf(prompt);
            if (at < 0)
                for (qsizetype i = 0; i < texts.size() && at < 0; ++i)
                    if (texts[i].toString().isEmpty())
                        at = i;
            if (at >= 0)
                texts[at] = text;
        }
        out[QStringLiteral("reflectionId")] = qstr(r.id);
        out[QStringLiteral("shared")] = r.shared;
        out[QStringLiteral("writtenText")] = m_session ? m_session->agoText(r.writtenAt) : QString();
        out[QStringLiteral("texts")] = texts;
    }
    return out;
}

QString CoupleAssignment::writeReflection(int occurrence, const QVariantList &texts, bool shared)
{
    if (const QString why = checkOccurrence(occurrence); !why.isEmpty())
        return why;
    const QStringList asked = prompts();
    nlohmann::json answers = nlohmann::json::array();
    for (qsizetype i = 0; i < asked.size() && i < texts.size(); ++i) {
        const QString text = texts[i].toString().trimmed();
        if (text.isEmpty())
            continue;
        if (std::size_t(text.toStdU32String().size()) > Care::kMaxAnswer)
            return tr("Keep each answer to %1 characters.").arg(Care::kMaxAnswer);
        answers.push_back({{"prompt", str(asked[i])}, {"text", str(text)}});
    }
    if (answers.empty())
        return tr("Write something for at least one of the questions.");
    return run([&](Care &care) { care.writeReflection(str(m_id), occurrence, answers, shared); });
}

QString CoupleAssignment::setReflectionShared(const QString &reflectionId, bool shared)
{
    const bool mine = std::any_of(m_items.begin(), m_items.end(), [&](const DueItem &item) {
        return item.memberId == m_me && item.reflection && qstr(item.reflection->id) == reflectionId;
    });
    if (!mine)
        return tr("Only the one who wrote a reflection can share it.");
    return run([&](Care &care) { care.setReflectionShared(str(reflectionId), shared); });
}
