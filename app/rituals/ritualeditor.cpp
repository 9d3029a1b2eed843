#include "ritualeditor.h"

#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"

#include <QDate>
#include <QRegularExpression>

using namespace hearth;

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

/// Today in my zone, by the session's clock (tests inject one).
QDate today(const Session *session)
{
    if (!session || session->myTimeZone().isEmpty())
        return QDate::currentDate();
    try {
        return QDate::fromString(
            QString::fromStdString(utcToLocal(session->nowMs(), session->myTimeZone().toStdString()))
                .left(10),
            Qt::ISODate);
    } catch (const Error &) {
        return QDate::currentDate();
    }
}

/// The editor's field for a schedule ValidationError field.
QString editorField(const std::string &field)
{
    if (field == "rrule" || field == "repeat")
        return QStringLiteral("schedule");
    // A read-only profile (its person left the space) refuses the whole save, not one field.
    if (field == "profile")
        return QStringLiteral("form");
    return q(field);
}

} // namespace

RitualEditor::RitualEditor(QObject *parent) : RitualEditor(Session::instance(), parent) {}

RitualEditor::RitualEditor(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    startBlank();
}

void RitualEditor::startBlank()
{
    m_ritualId.clear();
    m_templateId.clear();
    m_templateVersion = 0;
    m_kind = QStringLiteral("custom");
    m_title.clear();
    m_purpose.clear();
    m_steps.clear();
    m_repeat = int(Repeat::Weekly);
    m_weekdays = {QVariant(today(m_session).dayOfWeek())};
    m_interval = 2;
    m_monthDay = 1;
    m_weekdayOrdinal = 1;
    m_customRrule = QStringLiteral("FREQ=WEEKLY");
    m_startDate = today(m_session).toString(Qt::ISODate);
    m_time = QStringLiteral("20:00");
    m_timeZone = m_session ? m_session->myTimeZone() : QString();
    if (m_timeZone.isEmpty())
        m_timeZone = QStringLiteral("UTC");
    m_durationMinutes = 15;
    m_reminderMinutes = 10;
    m_errors.clear();
    emit loaded();
    emit edited();
    check();
    setErrors({}); // a blank form starts without complaints
}

void RitualEditor::setErrors(QVariantMap errors)
{
    m_errors = std::move(errors);
    emit checked();
}

void RitualEditor::fill(const RitualDraft &d)
{
    m_templateId = q(d.templateId);
    m_templateVersion = d.templateVersion;
    m_kind = q(d.kind);
    m_title = q(d.title);
    m_purpose = q(d.purpose);
    m_steps.clear();
    for (const auto &s : d.steps)
        m_steps << q(s);
    const SchedulePreset p = presetFromRrule(d.schedule.rrule);
    m_repeat = int(p.repeat);
    m_weekdays.clear();
    for (int day : p.weekdays)
        m_weekdays << day;
    m_interval = std::max(2, p.interval);
    m_monthDay = p.monthDay;
    m_weekdayOrdinal = p.weekdayOrdinal;
    m_customRrule = q(d.schedule.rrule);
    const std::string &start = d.schedule.startLocal;
    m_startDate = q(start.substr(0, 10));
    m_time = q(start.size() >= 16 ? start.substr(11, 5) : std::string());
    m_timeZone = q(d.schedule.timeZone);
    m_durationMinutes = d.schedule.durationMinutes;
    m_reminderMinutes = d.reminderMinutes;
    emit loaded();
    emit edited();
    check();
}

bool RitualEditor::loadRitual(const QString &id)
{
    if (!m_session || !m_session->book())
        return false;
    const auto r = m_session->book()->ritual(id.toStdString());
    if (!r)
        return false;
    m_ritualId = id;
    fill(RitualDraft{r->kind, r->title, r->purpose, r->steps, r->schedule, r->reminderMinutes,
                     r->templateId, r->templateVersion});
    return true;
}

bool RitualEditor::loadTemplate(const QString &templateId)
{
    if (!m_session)
        return false;
    const RitualTemplate *t = m_session->content().ritual(templateId.toStdString());
    if (!t)
        return false;
    const QString zone = m_session->myTimeZone().isEmpty() ? QStringLiteral("UTC")
                                                            : m_session->myTimeZone();
    const std::string startDate = today(m_session).toString(Qt::ISODate).toStdString();
    m_ritualId.clear();
    fill(RitualBook::draftFromTemplate(*t, startDate, zone.toStdString()));
    return true;
}

bool RitualEditor::build(RitualDraft &d)
{
    QVariantMap errors;
    d.kind = m_kind.toStdString();
    d.title = m_title.toStdString();
    d.purpose = m_purpose.toStdString();
    for (const QString &s : m_steps)
        if (!s.trimmed().isEmpty())
            d.steps.push_back(s.toStdString());
    d.reminderMinutes = m_reminderMinutes;
    d.templateId = m_templateId.toStdString();
    d.templateVersion = m_templateVersion;

    SchedulePreset preset;
    preset.repeat = Repeat(std::clamp(m_repeat, 0, int(Repeat::Custom)));
    for (const QVariant &v : m_weekdays)
        preset.weekdays.push_back(v.toInt());
    std::sort(preset.weekdays.begin(), preset.weekdays.end());
    preset.interval = m_interval;
    preset.monthDay = m_monthDay;
    preset.weekdayOrdinal = m_weekdayOrdinal;
    preset.customRrule = m_customRrule.trimmed().toStdString();
    try {
        d.schedule.rrule = toRrule(preset);
    } catch (const ValidationError &e) {
        errors[QStringLiteral("schedule")] = q(e.what());
    }

    static const QRegularExpression timePattern(QStringLiteral("^([01][0-9]|2[0-3]):[0-5][0-9]$"));
    const QDate start = QDate::fromString(m_startDate, Qt::ISODate);
    if (!start.isValid())
        errors[QStringLiteral("start")] = tr("Choose the first day as YYYY-MM-DD.");
    else if (!timePattern.match(m_time).hasMatch())
        errors[QStringLiteral("start")] = tr("Choose a time as HH:MM, for example 08:00.");
    d.schedule.startLocal = (m_startDate + u'T' + m_time).toStdString();
    d.schedule.timeZone = m_timeZone.toStdString();
    d.schedule.durationMinutes = m_durationMinutes;

    if (!errors.contains(QStringLiteral("schedule")) && !errors.contains(QStringLiteral("start"))) {
        try {
            hearth::validate(d.schedule);
        } catch (const ValidationError &e) {
            errors[editorField(e.field())] = q(e.what());
        }
    }
    // The rest of the draft, checked by the core's rules against a schedule known to be valid.
    // Each field found wrong is replaced by a harmless value and the check runs again, so that
    // every field with a problem gets its own message.
    RitualDraft rest = d;
    rest.schedule = Schedule{"FREQ=DAILY", "2026-01-01T08:00", "UTC", 15};
    for (std::size_t round = 0; round < 8; ++round) {
        try {
            RitualBook::validate(rest);
            break;
        } catch (const ValidationError &e) {
            errors[editorField(e.field())] = q(e.what());
            if (e.field() == "title")
                rest.title = "x";
            else if (e.field() == "kind")
                rest.kind = "custom";
            else if (e.field() == "purpose")
                rest.purpose.clear();
            else if (e.field() == "steps")
                rest.steps.clear();
            else if (e.field() == "reminderMinutes")
                rest.reminderMinutes = 0;
            else
                break;
        }
    }
    setErrors(errors);
    return errors.isEmpty();
}

bool RitualEditor::check()
{
    RitualDraft draft;
    const bool ok = build(draft);
    m_scheduleText.clear();
    m_preview.clear();
    if (!m_errors.contains(QStringLiteral("schedule")) && !m_errors.contains(QStringLiteral("start"))
        && !m_errors.contains(QStringLiteral("timeZone"))
        && !m_errors.contains(QStringLiteral("duration"))) {
        try {
            const Schedule &s = draft.schedule;
            m_scheduleText = q(describe(s));
            if (m_session) {
                const qint64 now = m_session->nowMs();
                const QString mine = m_session->myTimeZone();
                for (const auto &o : expand(s, now, now + 800LL * 24 * 3600'000, 3)) {
                    QString line = m_session->dayLabel(o.startUtc, mine) + QStringLiteral(", ")
                                   + m_session->timeIn(o.startUtc, mine);
                    const QString theirs = m_session->partnerTimeText(o.startUtc);
                    if (!theirs.isEmpty())
                        line += tr(" (%1 for %2)").arg(theirs, m_session->partnerName());
                    m_preview << line;
                }
            }
        } catch (const Error &) {
        }
    }
    emit checked();
    return ok;
}

bool RitualEditor::save()
{
    if (!m_session || !m_session->book())
        return false;
    RitualDraft draft;
    if (!build(draft)) {
        check();
        return false;
    }
    try {
        QString id = m_ritualId;
        if (id.isEmpty())
            id = q(m_session->book()->createRitual(draft).id);
        else
            m_session->book()->updateRitual(id.toStdString(), draft);
        m_ritualId = id;
        emit loaded();
        emit saved(id);
        return true;
    } catch (const ValidationError &e) {
        setErrors({{editorField(e.field()), q(e.what())}});
    } catch (const Error &e) {
        setErrors({{QStringLiteral("form"), q(e.what())}});
    }
    return false;
}
