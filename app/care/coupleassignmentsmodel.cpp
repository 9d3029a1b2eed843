#include "coupleassignmentsmodel.h"

#include "couplecare.h"
#include "jsonvariant.h"
#include "session.h"

#include "care.h"
#include "contentlibrary.h"
#include "errors.h"

#include <algorithm>
#include <map>

using namespace hearth;

namespace {

QString formatLabel(const ContentLibrary &content, const std::string &format)
{
    for (const Suggestion &s : content.exerciseFormats())
        if (s.id == format)
            return qstr(s.label);
    return qstr(format);
}

} // namespace

CoupleAssignmentsModel::CoupleAssignmentsModel(QObject *parent)
    : CoupleAssignmentsModel(Session::instance(), parent)
{
}

CoupleAssignmentsModel::CoupleAssignmentsModel(Session *session, QObject *parent)
    : CoupleListModel(session,
                      {"assignmentId", "title", "formatLabel", "whoText", "nextDueLabel", "nextOccurrence",
                       "progressText", "done", "overdue", "groupLabel", "firstInGroup"},
                      "assignmentId", parent)
{
    refresh();
}

int CoupleAssignmentsModel::currentCount() const
{
    return int(std::count_if(rows().begin(), rows().end(),
                             [](const QVariantMap &r) { return !r.value(QStringLiteral("done")).toBool(); }));
}

void CoupleAssignmentsModel::refresh()
{
    QList<QVariantMap> current, done;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            Care care(*m_session->store(), m_session->content());
            const std::optional<CareLink> link = care.link();
            const std::string me = caretext::myId(*m_session);
            const QString today = caretext::today(*m_session);
            std::map<std::string, std::vector<DueItem>> items;
            for (DueItem &item : care.dueItems(str(today)))
                items[item.assignmentId].push_back(std::move(item));
            for (const Assignment &a : care.assignments()) {
                const std::vector<DueItem> &due = items[a.id];
                // Per person it is for: how many dates they did, of how many.
                std::map<std::string, std::pair<int, int>> tally;
                bool allDone = !due.empty();
                bool overdue = false;
                const DueItem *next = nullptr;
                for (const DueItem &item : due) {
                    auto &[did, of] = tally[item.memberId];
                    ++of;
                    if (item.status == DueItem::Status::Done)
                        ++did;
                    else
                        allDone = false;
                    // The next date that is still open for me (or, for the partner's own
                    // assignment, for them).
                    const bool mine = a.assignee.empty() ? item.memberId == me : item.memberId == a.assignee;
                    if (mine && item.status == DueItem::Status::Overdue)
                        overdue = true;
                    if (mine && item.status != DueItem::Status::Done && !next)
                        next = &item;
                }
                QStringList progress;
                for (const auto &[member, counts] : tally) {
                    const QString who = member == me ? tr("You") : caretext::nameOf(*m_session, member, link);
                    const QString text = tr("%1: %2 of %3 done").arg(who).arg(counts.first).arg(counts.second);
                    // Me first.
                    if (member == me)
                        progress.prepend(text);
                    else
                        progress << text;
                }
                QString whoText = tr("For you both");
                if (a.assignee == me)
                    whoText = tr("For you");
                else if (!a.assignee.empty())
                    whoText = tr("For %1").arg(caretext::nameOf(*m_session, a.assignee, link));
                QVariantMap row{
                    {QStringLiteral("assignmentId"), qstr(a.id)},
                    {QStringLiteral("title"), qstr(a.exercise.title)},
                    {QStringLiteral("formatLabel"), formatLabel(m_session->content(), a.exercise.format)},
                    {QStringLiteral("whoText"), whoText},
                    {QStringLiteral("nextDueLabel"),
                     allDone ? tr("All done") : next ? caretext::dueLabel(qstr(next->dueOn), today) : tr("Done for now")},
                    {QStringLiteral("nextOccurrence"), next ? next->occurrence : 0},
                    {QStringLiteral("progressText"), progress.join(QStringLiteral(" · "))},
                    {QStringLiteral("done"), allDone},
                    {QStringLiteral("overdue"), overdue},
                    {QStringLiteral("groupLabel"), allDone ? tr("Done") : tr("Current")},
                    {QStringLiteral("firstInGroup"), false},
                    {QStringLiteral("sortKey"), next ? qstr(next->dueOn) : QStringLiteral("9999")},
                };
                (allDone ? done : current) << row;
            }
            std::stable_sort(current.begin(), current.end(), [](const QVariantMap &x, const QVariantMap &y) {
                return x.value(QStringLiteral("sortKey")).toString() < y.value(QStringLiteral("sortKey")).toString();
            });
        } catch (const Error &e) {
            qWarning("Reading the assignments failed: %s", e.what());
        }
    }
    QList<QVariantMap> out = current + done;
    for (int i = 0; i < out.size(); ++i)
        out[i][QStringLiteral("firstInGroup")] =
            i == 0 || out[i - 1].value(QStringLiteral("done")) != out[i].value(QStringLiteral("done"));
    setRows(std::move(out));
    emit countChanged();
}
