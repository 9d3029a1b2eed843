#include "couplecare.h"

#include "jsonvariant.h"
#include "runaction.h"
#include "session.h"

#include "contentlibrary.h"
#include "database.h"
#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"

#include <QDate>
#include <QLocale>

#include <algorithm>

using namespace hearth;

namespace caretext {

QString today(const Session &session)
{
    if (session.myTimeZone().isEmpty())
        return {};
    try {
        return qstr(utcToLocal(session.nowMs(), str(session.myTimeZone()))).left(10);
    } catch (const Error &) {
        return {};
    }
}

QString dueLabel(const QString &dueOn, const QString &today)
{
    const QDate due = QDate::fromString(dueOn, Qt::ISODate);
    const QDate now = QDate::fromString(today, Qt::ISODate);
    if (!due.isValid() || !now.isValid())
        return {};
    const qint64 days = now.daysTo(due);
    if (days == 0)
        return QObject::tr("Due today");
    if (days == 1)
        return QObject::tr("Due tomorrow");
    if (days > 1 && days < 7)
        return QObject::tr("Due %1").arg(QLocale().toString(due, QStringLiteral("dddd")));
    if (days >= 7)
        return QObject::tr("Due %1").arg(dateText(dueOn, today));
    if (days == -1)
        return QObject::tr("1 day overdue");
    return QObject::tr("%1 days overdue").arg(-days);
}

QString dateText(const QString &day, const QString &today)
{
    const QDate date = QDate::fromString(day, Qt::ISODate);
    if (!date.isValid())
        return day;
    const QDate now = QDate::fromString(today, Qt::ISODate);
    const QLocale locale;
    return !now.isValid() || date.year() == now.year()
               ? locale.toString(date, QStringLiteral("dddd d MMMM"))
               : locale.toString(date, QStringLiteral("d MMMM yyyy"));
}

QString onDay(const Session &session, qint64 utcMs)
{
    try {
        const QString day = qstr(utcToLocal(utcMs, str(session.myTimeZone()))).left(10);
        const QDate date = QDate::fromString(day, Qt::ISODate);
        const QDate now = QDate::fromString(today(session), Qt::ISODate);
        if (date == now)
            return QObject::tr("today");
        if (date == now.addDays(-1))
            return QObject::tr("yesterday");
        return QObject::tr("on %1").arg(dateText(day, today(session)));
    } catch (const Error &) {
        return {};
    }
}

std::string myId(const Session &session)
{
    if (!session.book() || !session.hasProfile())
        return {};
    try {
        return session.book()->profile().me.id;
    } catch (const Error &) {
        return {};
    }
}

QString nameOf(const Session &session, const std::string &memberId, const std::optional<CareLink> &link)
{
    if (memberId.empty())
        return {};
    if (session.book() && session.hasProfile()) {
        try {
            const Profile p = session.book()->profile();
            if (memberId == p.me.id)
                return session.myName();
            if (memberId == p.partner.id)
                return session.partnerName();
        } catch (const Error &) {
            // No profile to name anyone by: the care card's name, if any, below.
        }
    }
    if (link) {
        if (memberId == link->therapistId)
            return link->therapistName.empty() ? QObject::tr("your therapist") : qstr(link->therapistName);
        for (const CarePerson &p : link->partners)
            if (p.memberId == memberId && !p.name.empty())
                return qstr(p.name);
    }
    return QObject::tr("someone who left");
}

QString run(Session *session, const std::function<void(Care &)> &action)
{
    if (!session || !session->store())
        return session ? session->openError() : QObject::tr("Hearth is not open.");
    return runAction([&] {
        Care care(*session->store(), session->content());
        action(care);
    });
}

} // namespace caretext

CoupleCare::CoupleCare(QObject *parent) : CoupleCare(Session::instance(), parent) {}

CoupleCare::CoupleCare(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &CoupleCare::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

void CoupleCare::refresh()
{
    std::optional<CareLink> link;
    std::string me;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            link = Care(*m_session->store(), m_session->content()).link();
            me = caretext::myId(*m_session);
        } catch (const Error &e) {
            qWarning("Reading the care link failed: %s", e.what());
        }
    }
    QString state = QStringLiteral("none");
    if (link) {
        if (link->endedAt > 0 || !link->endedBy.empty())
            state = QStringLiteral("ended");
        else if (link->joinedAt == 0 && link->therapistName.empty())
            state = QStringLiteral("invited");
        else if (link->active)
            state = QStringLiteral("active");
        else if (!link->acceptedByMe)
            state = QStringLiteral("policy");
        else
            state = QStringLiteral("partner");
    }
    m_link = std::move(link);
    m_me = std::move(me);
    m_state = state;
    emit changed();
}

const CarePerson *CoupleCare::person(bool me) const
{
    if (!m_link)
        return nullptr;
    for (const CarePerson &p : m_link->partners)
        if ((p.memberId == m_me) == me)
            return &p;
    return nullptr;
}

QString CoupleCare::therapistName() const
{
    if (!m_link)
        return {};
    return m_link->therapistName.empty() ? tr("your therapist") : qstr(m_link->therapistName);
}

QString CoupleCare::policyKind() const
{
    return m_link ? qstr(m_link->policy.kind) : QString();
}

QString CoupleCare::policyKindLabel() const
{
    const QString kind = policyKind();
    if (kind == u"no-secrets")
        return tr("No secrets");
    if (kind == u"limited-secrets")
        return tr("Limited secrets");
    return kind;
}

QString CoupleCare::policyKindHint() const
{
    const QString kind = policyKind();
    if (kind == u"no-secrets")
        return tr("What one of you tells %1 alone may be brought into your sessions together.")
            .arg(therapistName());
    if (kind == u"limited-secrets")
        return tr("%1 may keep some things one of you says alone private, and decides with that person what to bring into your sessions.")
            .arg(therapistName());
    return {};
}

QString CoupleCare::policyText() const
{
    return m_link ? qstr(m_link->policy.text) : QString();
}

bool CoupleCare::acceptedByPartner() const
{
    const CarePerson *p = person(false);
    return p && p->acceptedPolicy;
}

QString CoupleCare::invitedText() const
{
    if (!m_link || !m_session)
        return {};
    const QString who = m_link->invitedBy == m_me ? tr("You")
                                                  : caretext::nameOf(*m_session, m_link->invitedBy, m_link);
    return tr("%1 invited %2 %3.").arg(who, therapistName(), caretext::onDay(*m_session, m_link->invitedAt));
}

QString CoupleCare::endedText() const
{
    if (!m_link || !m_session || m_state != u"ended")
        return {};
    const QString when = caretext::onDay(*m_session, m_link->endedAt);
    if (m_link->endedBy == m_me)
        return tr("You unlinked %1 %2.").arg(therapistName(), when);
    return tr("%1 unlinked %2 %3.")
        .arg(caretext::nameOf(*m_session, m_link->endedBy, m_link), therapistName(), when);
}

bool CoupleCare::endedByMe() const
{
    return m_link && m_state == u"ended" && m_link->endedBy == m_me;
}

bool CoupleCare::shareTrends() const
{
    const CarePerson *p = person(true);
    return p && p->sharesTrends;
}

bool CoupleCare::partnerSharesTrends() const
{
    const CarePerson *p = person(false);
    return p && p->sharesTrends;
}

QString CoupleCare::run(const std::function<void(Care &)> &action)
{
    // Without a store caretext::run says why; with one, a profile comes first.
    if (m_session && m_session->store() && !m_session->hasProfile())
        return tr("Set up your profile first.");
    const QString failed = caretext::run(m_session, action);
    if (failed.isEmpty())
        refresh();
    return failed;
}

QString CoupleCare::acceptPolicy()
{
    if (m_state == u"none" || m_state == u"invited")
        return tr("There is no policy to accept yet: %1 writes it when they join.").arg(therapistName());
    if (m_state == u"ended")
        return tr("This link has ended.");
    return run([](Care &care) { care.acceptPolicy(); });
}

QString CoupleCare::setShareTrends(bool share)
{
    if (m_state == u"none" || m_state == u"ended")
        return tr("There is no therapist linked to share your trends with.");
    const QString zone = m_session ? m_session->myTimeZone() : QString();
    return run([&](Care &care) { care.setShareTrends(share, str(zone)); });
}

QVariantMap CoupleCare::firstDue() const
{
    if (!m_session || !m_session->store() || !m_session->hasProfile())
        return {};
    try {
        Care care(*m_session->store(), m_session->content());
        const QString today = caretext::today(*m_session);
        for (const DueItem &item : care.dueItems(str(today)))
            if (item.memberId == m_me && item.status != DueItem::Status::Done)
                return {{QStringLiteral("assignmentId"), qstr(item.assignmentId)},
                        {QStringLiteral("occurrence"), item.occurrence}};
        const std::vector<Assignment> all = care.assignments();
        if (!all.empty())
            return {{QStringLiteral("assignmentId"), qstr(all.front().id)},
                    {QStringLiteral("occurrence"), 0}};
    } catch (const Error &e) {
        qWarning("Reading the assignments failed: %s", e.what());
    }
    return {};
}

std::vector<CoupleCare::Notice> CoupleCare::takeNotices(Session &session)
{
    std::vector<Notice> out;
    Store *store = session.store();
    if (!store || !session.hasProfile() || session.readOnly())
        return out;
    try {
        Care care(*store, session.content());
        const std::optional<CareLink> link = care.link();
        if (!link || !link->active)
            return out;
        const std::string me = caretext::myId(session);
        const QString today = caretext::today(session);
        std::vector<std::string> told;
        for (const DueItem &item : care.dueItems(str(today))) {
            if (item.memberId != me || item.dueOn != str(today) || item.status != DueItem::Status::ToDo)
                continue;
            // Once per due date on this device: the key names the assignment and the date.
            const std::string key = "care_told:" + item.assignmentId + "#" + std::to_string(item.occurrence);
            if (store->meta(key))
                continue;
            const std::optional<Assignment> a = care.assignment(item.assignmentId);
            if (!a)
                continue;
            told.push_back(key);
            out.push_back({tr("Due today"), tr("%1 from %2").arg(qstr(a->exercise.title),
                                                                  caretext::nameOf(session, a->assignedBy, link))});
        }
        if (!told.empty()) {
            const std::string now = std::to_string(store->clock().nowMs());
            Transaction tx(store->db());
            for (const std::string &key : told)
                store->setMeta(key, now);
            tx.commit();
        }
    } catch (const Error &e) {
        qWarning("Checking the care reminders failed: %s", e.what());
        out.clear();
    }
    return out;
}

void CoupleCare::publishTrends(Session &session)
{
    Store *store = session.store();
    if (!store || !session.hasProfile() || session.readOnly() || session.myTimeZone().isEmpty())
        return;
    try {
        Care care(*store, session.content());
        const std::optional<CareLink> link = care.link();
        if (!link || link->endedAt > 0)
            return;
        care.publishTrends(str(session.myTimeZone()));
    } catch (const std::exception &e) {
        qWarning("Publishing the check-in trends failed: %s", e.what());
    }
}
