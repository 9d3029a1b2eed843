#pragma once

// What the app's model tests share: Maya's Session on a temporary folder (Berlin, Friday 27 March
// 2026, 20:00) and Jonas's phone as an in-memory Device, exchanging what sync carries between two
// people (no private row) and running after each merge what the sync client runs: the fair-reveal
// step and the shared copies of map items (docs/decisions.md §18, §20).

#include "session.h"

#include "../core/twodevices.h"

#include "fairreveal.h"
#include "needs.h"
#include "ritualbook.h"
#include "schedule.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace hearth::test {

class CoupleFixture : public QObject {
protected:
    CoupleFixture(std::uint64_t randomSeed, std::uint64_t jonasSeed)
        : m_random(randomSeed), m_jonasSeed(jonasSeed) {}

    ManualClock m_clock{localToUtc("2026-03-27T20:00", "Europe/Berlin")};
    SeededRandom m_random;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<Device> m_jonas;
    std::int64_t m_seenFromJonas = 0;

    [[nodiscard]] qint64 now() const { return m_clock.nowMs(); }

    /// Lets the models read what changed: they do it on the next turn of the event loop.
    static void settle() { QTest::qWait(1); }

    /// Time passes on both devices.
    void later(qint64 by = 60'000)
    {
        m_clock.advance(by);
        m_jonas->clock.advance(by);
    }

    /// Maya's profile, and Jonas's phone joined: it receives the couple's profile and knows
    /// itself as the partner. "" when all went well, else what did not.
    QString openCouple()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_clock.set(localToUtc("2026-03-27T20:00", "Europe/Berlin"));
        m_dir = std::make_unique<QTemporaryDir>();
        m_session = std::make_unique<Session>(m_dir->path(), m_clock, m_random);
        if (!m_session->ready())
            return QStringLiteral("the session did not open");
        const QVariantMap errors = m_session->createProfile(
            QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
            QStringLiteral("America/Toronto"));
        if (!errors.isEmpty())
            return errors.keys().join(u',');
        m_jonas = std::make_unique<Device>(m_jonasSeed);
        m_jonas->clock.set(now());
        m_seenFromJonas = 0;
        toJonas();
        const Profile profile = m_session->book()->profile();
        m_jonas->store.setMeta("space_id", profile.space.id);
        m_jonas->store.setMeta("member_id", profile.partner.id);
        return {};
    }

    void closeCouple()
    {
        m_jonas.reset();
        m_session.reset();
        m_dir.reset();
    }

    /// What Maya's session wrote goes to Jonas's device, as sync does (couple rows only).
    void toJonas()
    {
        std::vector<Change> changes;
        for (auto &[seq, change] : m_session->store()->changeLog(m_jonas->seen, 100000)) {
            m_jonas->seen = seq;
            if (change.scope != "private")
                changes.push_back(change);
        }
        m_jonas->store.merge(changes);
        fair::revealDue(m_jonas->store);
        settleSharedCopies(m_jonas->store);
    }

    /// What Jonas wrote comes to Maya's session, which reloads as after a sync.
    void fromJonas()
    {
        std::vector<Change> changes;
        for (auto &[seq, change] : m_jonas->store.changeLog(m_seenFromJonas, 100000)) {
            m_seenFromJonas = seq;
            if (change.scope != "private")
                changes.push_back(change);
        }
        m_session->store()->merge(changes);
        fair::revealDue(*m_session->store());
        settleSharedCopies(*m_session->store());
        m_session->reloadFromStore();
        settle();
    }

    /// Both ways, twice: what a merge published (a reveal key) goes back too.
    void sync()
    {
        toJonas();
        fromJonas();
        toJonas();
        fromJonas();
    }

private:
    std::uint64_t m_jonasSeed;
};

} // namespace hearth::test
