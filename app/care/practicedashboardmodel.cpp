#include "practicedashboardmodel.h"

#include "jsonvariant.h"
#include "practicesession.h"

#include "practice.h"

using namespace hearth;

namespace {

/// The first answer's words, for a list row.
QString excerptOf(const nlohmann::json &answers)
{
    for (const nlohmann::json &a : answers) {
        const std::string text = a.value("text", "");
        if (!text.empty())
            return qstr(text).simplified();
    }
    return {};
}

} // namespace

PracticeDashboardModel::PracticeDashboardModel(QObject *parent)
    : PracticeDashboardModel(PracticeSession::instance(), parent)
{
}

PracticeDashboardModel::PracticeDashboardModel(PracticeSession *session, QObject *parent)
    : PracticeListModel(session,
                        {"rowId", "spaceId", "coupleName", "partnerName", "title", "dueOn", "whenText",
                         "status", "excerpt", "answers"},
                        "rowId", parent)
{
}

void PracticeDashboardModel::setKind(const QString &kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    emit kindChanged();
    scheduleRefresh();
}

void PracticeDashboardModel::setLimit(int limit)
{
    if (limit == m_limit)
        return;
    m_limit = limit;
    emit kindChanged();
    scheduleRefresh();
}

QList<QVariantMap> PracticeDashboardModel::build()
{
    const PracticeDashboard dashboard = m_session->practice()->dashboard(str(m_session->today()));
    QList<QVariantMap> out;
    if (m_kind == u"reflections") {
        for (const auto &r : dashboard.newReflections)
            out << QVariantMap{{QStringLiteral("rowId"), qstr(r.spaceId + "/" + r.reflection.id)},
                               {QStringLiteral("spaceId"), qstr(r.spaceId)},
                               {QStringLiteral("coupleName"), qstr(r.coupleName)},
                               {QStringLiteral("partnerName"), qstr(r.partnerName)},
                               {QStringLiteral("title"), qstr(r.title)},
                               {QStringLiteral("whenText"), m_session->agoText(r.reflection.writtenAt)},
                               {QStringLiteral("status"), QStringLiteral("reflection")},
                               {QStringLiteral("excerpt"), excerptOf(r.reflection.answers)},
                               {QStringLiteral("answers"), jsonToVariant(r.reflection.answers)}};
    } else {
        const auto &list = m_kind == u"due" ? dashboard.dueSoon
                           : m_kind == u"done" ? dashboard.recentlyDone
                                               : dashboard.overdue;
        for (const auto &e : list) {
            QString when;
            if (e.item.status == DueItem::Status::Done)
                when = tr("Done %1").arg(m_session->agoText(e.item.doneAt));
            else if (e.item.status == DueItem::Status::Overdue)
                when = tr("Was due %1").arg(m_session->dayText(qstr(e.item.dueOn)));
            else
                when = tr("Due %1").arg(m_session->dayText(qstr(e.item.dueOn)));
            out << QVariantMap{
                {QStringLiteral("rowId"), qstr(e.spaceId + "/" + e.item.assignmentId + "#"
                                               + std::to_string(e.item.occurrence) + ":" + e.item.memberId)},
                {QStringLiteral("spaceId"), qstr(e.spaceId)},
                {QStringLiteral("coupleName"), qstr(e.coupleName)},
                {QStringLiteral("partnerName"), qstr(e.partnerName)},
                {QStringLiteral("title"), qstr(e.title)},
                {QStringLiteral("dueOn"), qstr(e.item.dueOn)},
                {QStringLiteral("whenText"), when},
                {QStringLiteral("status"), qstr(std::string(toString(e.item.status)))},
                {QStringLiteral("excerpt"), e.item.reflection ? excerptOf(e.item.reflection->answers) : QString()},
                {QStringLiteral("answers"), QVariantList()}};
        }
    }
    const int total = int(out.size());
    if (total != m_total) {
        m_total = total;
        // With a limit, count may stay the same while total changes.
        emit countChanged();
    }
    if (m_limit > 0 && out.size() > m_limit)
        out = out.mid(0, m_limit);
    return out;
}
