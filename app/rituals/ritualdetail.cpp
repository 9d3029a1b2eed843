#include "ritualdetail.h"

#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"

#include <algorithm>

using namespace hearth;

RitualDetail::RitualDetail(QObject *parent) : RitualDetail(Session::instance(), parent) {}

RitualDetail::RitualDetail(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &RitualDetail::refresh);
}

void RitualDetail::setRitualId(const QString &id)
{
    if (id == m_ritualId)
        return;
    m_ritualId = id;
    emit ritualIdChanged();
    refresh();
}

void RitualDetail::refresh()
{
    std::optional<Ritual> r;
    if (m_session && m_session->book() && !m_ritualId.isEmpty()) {
        try {
            r = m_session->book()->ritual(m_ritualId.toStdString());
        } catch (const Error &e) {
            qWarning("Could not read the ritual: %s", e.what());
        }
    }
    m_exists = r.has_value();
    m_upcoming.clear();
    m_steps.clear();
    if (!r) {
        m_title = m_kind = m_purpose = m_scheduleText = m_timeZone = m_status = m_templateId =
            m_credit = QString();
        m_durationMinutes = m_reminderMinutes = 0;
        emit changed();
        return;
    }
    m_title = QString::fromStdString(r->title);
    m_kind = QString::fromStdString(r->kind);
    m_purpose = QString::fromStdString(r->purpose);
    for (const auto &s : r->steps)
        m_steps << QString::fromStdString(s);
    m_scheduleText = QString::fromStdString(describe(r->schedule));
    m_timeZone = QString::fromStdString(r->schedule.timeZone);
    m_durationMinutes = r->schedule.durationMinutes;
    m_reminderMinutes = r->reminderMinutes;
    m_status = QString::fromStdString(std::string(toString(r->status)));
    m_templateId = QString::fromStdString(r->templateId);
    const RitualTemplate *t = m_session->content().ritual(r->templateId);
    m_credit = t ? QString::fromStdString(t->credit) : QString();

    if (r->status == RitualStatus::Active) {
        const Millis now = m_session->nowMs();
        const QString mine = m_session->myTimeZone();
        auto items = m_session->book()->history(r->id, now, now + 60LL * 24 * 3600'000);
        std::reverse(items.begin(), items.end());
        for (const auto &item : items) {
            if (item.status != "due")
                continue;
            m_upcoming.append(QVariantMap{
                {QStringLiteral("localStart"), QString::fromStdString(item.localStart)},
                {QStringLiteral("startMs"), qint64(item.startUtc)},
                {QStringLiteral("dayLabel"), m_session->dayLabel(item.startUtc, mine)},
                {QStringLiteral("timeText"), m_session->timeIn(item.startUtc, mine)},
                {QStringLiteral("partnerTimeText"), m_session->partnerTimeText(item.startUtc)}});
            if (m_upcoming.size() == 5)
                break;
        }
    }
    emit changed();
}
