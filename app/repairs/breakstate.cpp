#include "breakstate.h"

#include "jsonvariant.h"
#include "repairsmodel.h"
#include "session.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "repairs.h"
#include "store.h"

#include <algorithm>

using namespace hearth;

namespace {

/// The same number for the same break on every device and every run (FNV-1a).
std::uint32_t stableHash(const QString &text)
{
    std::uint32_t h = 2166136261u;
    for (const char c : text.toUtf8()) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

} // namespace

BreakState::BreakState(QObject *parent) : BreakState(Session::instance(), parent) {}

BreakState::BreakState(Session *session, QObject *parent) : QObject(parent), m_session(session)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &BreakState::tick);
    // A burst of changes is read once, on the next turn of the event loop.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &BreakState::refresh);
    if (m_session)
        connect(m_session, &Session::dataChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

void BreakState::setTicking(bool ticking)
{
    if (ticking == m_ticking)
        return;
    m_ticking = ticking;
    emit tickingChanged();
    if (m_ticking && m_active)
        tick(); // catch up with the time that passed unseen
    updateTimer();
}

void BreakState::setForRepair(const QString &repairId)
{
    if (repairId == m_forRepair)
        return;
    m_forRepair = repairId;
    emit forRepairChanged();
    refresh();
}

void BreakState::updateTimer()
{
    if (m_active && m_ticking) {
        if (!m_timer.isActive())
            m_timer.start();
    } else {
        m_timer.stop();
    }
}

QString BreakState::lengthProblem(const Session &session, int minutes)
{
    const FloodingGuide &f = session.content().flooding();
    if (minutes < f.minimumMinutes)
        return QObject::tr("A break needs at least %1 minutes: that is about how long a racing "
                           "heart takes to settle.").arg(f.minimumMinutes);
    if (minutes > f.maximumMinutes)
        return QObject::tr("A break can last up to %1. Longer than that, pick the talk up again "
                           "another day.").arg(repairtext::duration(qint64(f.maximumMinutes) * 60'000));
    return {};
}

QString BreakState::explanation() const
{
    return m_session ? qstr(m_session->content().flooding().explanation) : QString();
}

QString BreakState::returnPrompt() const
{
    return m_session ? qstr(m_session->content().flooding().returnPrompt) : QString();
}

int BreakState::minimumMinutes() const
{
    return m_session ? m_session->content().flooding().minimumMinutes : 20;
}

int BreakState::defaultMinutes() const
{
    return m_session ? m_session->content().flooding().defaultMinutes : 30;
}

int BreakState::maximumMinutes() const
{
    return m_session ? m_session->content().flooding().maximumMinutes : 1440;
}

QString BreakState::timeText(qint64 utcMs) const
{
    if (!m_session)
        return {};
    const QString zone = m_session->myTimeZone();
    const QString time = m_session->timeIn(utcMs, zone);
    const QString day = m_session->dayLabel(utcMs, zone);
    return day == tr("Today") ? time : tr("%1, %2").arg(day, time);
}

QString BreakState::headline() const
{
    if (timeUp())
        return m_calledByMe ? tr("Your break was until %1.").arg(m_returnText)
                            : tr("%1's break was until %2.").arg(m_calledByName, m_returnText);
    if (!active())
        return {};
    if (m_calledByMe)
        return tr("You asked for a break until %1.").arg(m_returnText);
    return tr("%1 asked for a break until %2.").arg(m_calledByName, m_returnText);
}

QString BreakState::countdownText() const
{
    const int s = std::max(0, m_secondsLeft);
    const int h = s / 3600;
    const int m = (s % 3600) / 60;
    const QString ss = QStringLiteral("%1").arg(s % 60, 2, 10, QLatin1Char('0'));
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(ss);
    return QStringLiteral("%1:%2").arg(m).arg(ss);
}

qreal BreakState::progress() const
{
    const qint64 total = m_returnAt - m_calledAt;
    if (timeUp())
        return 1;
    if (!active() || total <= 0)
        return 0;
    return std::clamp(1.0 - qreal(m_secondsLeft) * 1000.0 / qreal(total), 0.0, 1.0);
}

QString BreakState::callPromptFor(int minutes) const
{
    if (!m_session)
        return {};
    QString prompt = qstr(m_session->content().flooding().callPrompt);
    return prompt.replace(QStringLiteral("{time}"), returnTextFor(minutes));
}

QString BreakState::callPromptText() const
{
    if (!m_session)
        return {};
    if (!active())
        return callPromptFor(defaultMinutes());
    QString prompt = qstr(m_session->content().flooding().callPrompt);
    return prompt.replace(QStringLiteral("{time}"), m_returnText);
}

QString BreakState::returnTextFor(int minutes) const
{
    if (!m_session)
        return {};
    return timeText(m_session->nowMs() + qint64(minutes) * 60'000);
}

QString BreakState::lengthText(int minutes) const
{
    return repairtext::duration(qint64(minutes) * 60'000);
}

QString BreakState::call(const QString &repairId, int minutes)
{
    if (!m_session || !m_session->store())
        return tr("Hearth is not open.");
    const QString problem = lengthProblem(*m_session, minutes);
    if (!problem.isEmpty())
        return problem;
    try {
        Repairs(*m_session->store(), m_session->content()).callBreak(str(repairId), minutes);
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
    refresh();
    return {};
}

QString BreakState::end()
{
    if (!m_session || !m_session->store())
        return tr("Hearth is not open.");
    refresh();
    if (m_breakId.isEmpty())
        return tr("There is no break going on.");
    try {
        // Also a break past its time: the core ends any break, and a repair cooling off goes
        // back to talking.
        Repairs(*m_session->store(), m_session->content()).endBreak(str(m_breakId));
    } catch (const std::exception &e) {
        return qstr(e.what());
    }
    refresh();
    return {};
}

namespace {

RepairBreak breakOf(const std::string &id, const nlohmann::json &row)
{
    RepairBreak b;
    b.id = id;
    b.calledBy = fair::textOf(row, "calledBy");
    b.calledAt = fair::numberOf(row, "calledAt");
    b.minutes = int(fair::numberOf(row, "minutes"));
    b.returnAt = fair::numberOf(row, "returnAt");
    b.endedAt = fair::numberOf(row, "endedAt");
    b.repairId = fair::textOf(row, "repairId");
    return b;
}

} // namespace

void BreakState::refresh()
{
    m_refreshTimer.stop();
    std::optional<RepairBreak> found;
    bool active = false;
    std::string repairTitle;
    repairtext::Members members;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            Store &store = *m_session->store();
            members = repairtext::Members::of(m_session);
            Repairs repairs(store, m_session->content());
            const qint64 now = m_session->nowMs();
            found = repairs.currentBreak();
            active = found.has_value();
            // Else a break whose time came but that nobody ended: it still needs ending while
            // its repair is cooling off (else that repair stays cooling off for good), and a
            // break from anywhere for a while after its time.
            auto overdue = [&](const std::string &id) -> std::optional<RepairBreak> {
                if (id.empty())
                    return std::nullopt;
                const auto row = store.row("repair_break", id);
                if (!row)
                    return std::nullopt;
                const RepairBreak b = breakOf(id, *row);
                if (b.endedAt > 0 || b.returnAt > now)
                    return std::nullopt;
                if (now - b.returnAt < Repairs::kReturnNoticeWindow)
                    return b;
                const auto repair = b.repairId.empty() ? std::nullopt : store.row("repair", b.repairId);
                if (repair && fair::textOf(*repair, "status") == "cooling")
                    return b;
                return std::nullopt;
            };
            if (!found)
                found = overdue(str(m_watchedBreakId));
            if (!found && !m_forRepair.isEmpty()) {
                const auto repair = store.row("repair", str(m_forRepair));
                if (repair && fair::textOf(*repair, "status") == "cooling")
                    if (const auto v = repairs.view(str(m_forRepair)); v && !v->breaks.empty())
                        found = overdue(v->breaks.front().id); // the newest
            }
            if (found && !found->repairId.empty())
                if (const auto repair = store.row("repair", found->repairId))
                    repairTitle = fair::textOf(*repair, "title");
        } catch (const std::exception &e) {
            qWarning("Could not read the break: %s", e.what());
            found.reset();
            active = false;
        }
    }
    const bool wasWatching = m_active;
    const QString watched = m_breakId;
    if (!found) {
        m_active = false;
        m_watchedBreakId.clear();
        m_breakId.clear();
        m_calledByMe = false;
        m_calledByName.clear();
        m_calledAt = m_returnAt = 0;
        m_returnText.clear();
        m_minutes = 0;
        m_soothingText.clear();
        m_repairId.clear();
        m_repairTitle.clear();
        m_secondsLeft = 0;
    } else {
        m_active = active;
        m_breakId = qstr(found->id);
        m_watchedBreakId = m_breakId;
        m_calledByMe = members.isMe(found->calledBy);
        m_calledByName = members.name(found->calledBy);
        m_calledAt = found->calledAt;
        m_returnAt = found->returnAt;
        m_returnText = timeText(m_returnAt);
        m_minutes = found->minutes;
        m_repairId = qstr(found->repairId);
        m_repairTitle = qstr(repairTitle);
        const auto &soothing = m_session->content().flooding().soothing;
        m_soothingText = soothing.empty()
                             ? QString()
                             : qstr(soothing[stableHash(m_breakId) % soothing.size()].text);
        m_secondsLeft = m_active ? int(std::max<qint64>(0, (m_returnAt - m_session->nowMs() + 999) / 1000)) : 0;
    }
    updateTimer();
    emit changed();
    emit secondsLeftChanged();
    // The break this object watched came to its time without being ended.
    if (wasWatching && timeUp() && m_breakId == watched)
        emit timeIsUp();
}

void BreakState::tick()
{
    if (!m_session || !m_active) {
        m_timer.stop();
        return;
    }
    m_secondsLeft = int(std::max<qint64>(0, (m_returnAt - m_session->nowMs() + 999) / 1000));
    emit secondsLeftChanged();
    if (m_secondsLeft == 0)
        refresh(); // over by the clock: its time is up (timeIsUp), unless it was ended meanwhile
}
