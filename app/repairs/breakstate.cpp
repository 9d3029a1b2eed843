#include "breakstate.h"

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

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

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
    if (m_session)
        connect(m_session, &Session::dataChanged, this, &BreakState::refresh);
    refresh();
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
        Repairs(*m_session->store(), m_session->content()).callBreak(repairId.toStdString(), minutes);
    } catch (const Error &e) {
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
    if (!active())
        return tr("There is no break going on.");
    try {
        Repairs(*m_session->store(), m_session->content()).endBreak(m_breakId.toStdString());
    } catch (const Error &e) {
        return qstr(e.what());
    }
    refresh();
    return {};
}

void BreakState::refresh()
{
    std::optional<RepairBreak> current;
    std::string repairTitle;
    if (m_session && m_session->store() && m_session->hasProfile()) {
        try {
            Repairs repairs(*m_session->store(), m_session->content());
            current = repairs.currentBreak();
            if (current) {
                const auto row = m_session->store()->row("repair_break", current->id);
                const std::string repairId = row ? fair::textOf(*row, "repairId") : std::string();
                if (!repairId.empty())
                    if (const auto repair = m_session->store()->row("repair", repairId))
                        repairTitle = fair::textOf(*repair, "title");
                m_repairId = qstr(repairId);
            }
        } catch (const Error &e) {
            qWarning("Could not read the break: %s", e.what());
        }
    }
    if (!current) {
        m_breakId.clear();
        m_calledByMe = false;
        m_calledByName.clear();
        m_calledAt = m_returnAt = 0;
        m_returnText.clear();
        m_minutes = 0;
        m_soothingText.clear();
        m_repairId.clear();
        m_repairTitle.clear();
        m_timer.stop();
        m_secondsLeft = 0;
        emit changed();
        emit secondsLeftChanged();
        return;
    }
    m_breakId = qstr(current->id);
    m_calledByMe = repairtext::isMe(*m_session, current->calledBy);
    m_calledByName = repairtext::memberName(*m_session, current->calledBy);
    m_calledAt = current->calledAt;
    m_returnAt = current->returnAt;
    m_returnText = timeText(m_returnAt);
    m_minutes = current->minutes;
    m_repairTitle = qstr(repairTitle);
    const auto &soothing = m_session->content().flooding().soothing;
    m_soothingText = soothing.empty()
                         ? QString()
                         : qstr(soothing[stableHash(m_breakId) % soothing.size()].text);
    m_secondsLeft = int(std::max<qint64>(0, (m_returnAt - m_session->nowMs() + 999) / 1000));
    if (!m_timer.isActive())
        m_timer.start();
    emit changed();
    emit secondsLeftChanged();
}

void BreakState::tick()
{
    if (!m_session || !active()) {
        m_timer.stop();
        return;
    }
    m_secondsLeft = int(std::max<qint64>(0, (m_returnAt - m_session->nowMs() + 999) / 1000));
    emit secondsLeftChanged();
    if (m_secondsLeft == 0) {
        emit timeIsUp();
        refresh(); // over by the clock: no longer the current break
    }
}
