// The demo and benchmark fills: deterministic, believable, and the size benchmarks expect. The
// demo's check-ins and repairs are answered on each partner's own device, so both read both
// answers here and on a real device of Jonas's after sync, and nothing private of his is here.
// What is left open Maya has answered and Jonas has not, so his real device can answer it.
// The care demos: a therapist linked as sync would link one, holding only `care` rows.
#include "agreements.h"
#include "care.h"
#include "checkins.h"
#include "contentlibrary.h"
#include "demo.h"
#include "entity.h"
#include "errors.h"
#include "needs.h"
#include "practice.h"
#include "repairs.h"
#include "ritualbook.h"
#include "schedule.h"
#include "signalbook.h"
#include "store.h"
#include "twodevices.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

using namespace hearth;
using nlohmann::json;

namespace {

constexpr Millis kDay = 24 * 3600'000LL;
/// Saturday 2024-06-01, 10:00 UTC (11:00 in Lisbon, 06:00 in Toronto).
constexpr Millis kNow = 1'717'236'000'000;

/// A profile with an injected clock and random source, as the fills expect.
struct Fixture {
    explicit Fixture(std::uint64_t randomSeed, const std::string &file = ":memory:")
        : random(randomSeed), store(file, clock, random), book(store) {}
    ManualClock clock{kNow};
    SeededRandom random;
    Store store;
    RitualBook book;
};

/// Every stored row but the answer keys and sealed texts, which are random by design: what
/// "the same demo" means.
std::string visibleState(Store &store)
{
    std::string out;
    for (const EntityDef &def : entities()) {
        Statement st(store.db(), "SELECT * FROM " + quoteIdentifier(def.table) + " ORDER BY id");
        while (st.step()) {
            for (int i = 0; i < st.columnCount(); ++i) {
                const std::string_view column = st.columnName(i);
                if (column == "sealed" || column == "fingerprint" || column == "key")
                    continue;
                out += st.isNull(i) ? std::string("null") : st.text(i);
                out += '|';
            }
            out += '\n';
        }
    }
    return out;
}

/// The hour of `utc` on the wall clock of `zone`.
int hourIn(Millis utc, const std::string &zone)
{
    return std::stoi(utcToLocal(utc, zone).substr(11, 2));
}

/// How many rows `sql` counts, with `?1` bound to `value`.
std::int64_t countOf(Store &store, const std::string &sql, const std::string &value = {})
{
    Statement st(store.db(), sql);
    if (sql.find("?1") != std::string::npos)
        st.bind(1, value);
    st.step();
    return st.integer(0);
}

/// The due item of one partner for one due date of the assignment of `exerciseId`, or nullptr.
const DueItem *dueItem(const std::vector<DueItem> &items, const std::vector<Assignment> &assignments,
                       const std::string &exerciseId, int occurrence, const std::string &member)
{
    for (const DueItem &item : items) {
        const auto a = std::find_if(assignments.begin(), assignments.end(),
                                    [&](const Assignment &x) { return x.id == item.assignmentId; });
        if (a != assignments.end() && a->exercise.id == exerciseId
            && item.occurrence == occurrence && item.memberId == member)
            return &item;
    }
    return nullptr;
}

} // namespace

class TestDemo : public QObject {
    Q_OBJECT

private:
    ContentLibrary m_content = ContentLibrary::loadDefault();

    /// Maya's demo on `maya`, made with `seed`; then Jonas joins on `jonas`, a new phone: its
    /// member is the profile's partner, and sync brings it what Maya's profile shares (no
    /// private row), as `hearthctl init` and `join` do for the second window.
    Profile jonasJoins(test::Device &maya, test::Device &jonas, std::uint64_t seed)
    {
        maya.clock.set(kNow);
        jonas.clock.set(kNow);
        RitualBook book(maya.store);
        fillDemo(book, m_content, kNow, 90, seed, &maya.clock);
        const Profile couple = book.profile();
        jonas.store.setMeta("space_id", couple.space.id);
        jonas.store.setMeta("member_id", couple.partner.id);
        test::deliver(maya, jonas);
        return couple;
    }

    /// The couple's demo of `days` days made with `seed` on `p`, and the care demo on top: the
    /// couple's profile.
    Profile withCareDemo(Fixture &p, int days, std::uint64_t seed)
    {
        fillDemo(p.book, m_content, kNow, days, seed, &p.clock);
        fillCareDemo(p.book, m_content, kNow, &p.clock);
        return p.book.profile();
    }

    /// Every occurrence of every ritual (paused ones too) in the last `days` days.
    std::vector<AgendaItem> pastItems(RitualBook &book, int days)
    {
        std::vector<AgendaItem> all;
        for (const Ritual &r : book.rituals(true)) {
            auto items = book.history(r.id, kNow - days * kDay, kNow);
            all.insert(all.end(), items.begin(), items.end());
        }
        return all;
    }

private slots:
    void sameSeedGivesTheSameProfile()
    {
        Fixture a(7), b(7), c(7);
        fillDemo(a.book, m_content, kNow, 90, 11, &a.clock);
        fillDemo(b.book, m_content, kNow, 90, 11, &b.clock);
        fillDemo(c.book, m_content, kNow, 90, 12, &c.clock);
        QCOMPARE(visibleState(a.store), visibleState(b.store));
        QVERIFY2(visibleState(a.store) != visibleState(c.store), "the seed must shape the history");
        QCOMPARE(a.clock.nowMs(), kNow);
        // And what each can read of the talks is the same too.
        CheckIns ca(a.store, m_content), cb(b.store, m_content);
        QCOMPARE(ca.ids(), cb.ids());
        QVERIFY(!ca.ids().empty());
        for (const std::string &id : ca.ids()) {
            QVERIFY(ca.view(id)->myAnswers == cb.view(id)->myAnswers);
            QVERIFY(ca.view(id)->partnerAnswers == cb.view(id)->partnerAnswers);
        }
        Repairs ra(a.store, m_content), rb(b.store, m_content);
        QCOMPARE(ra.commitments().size(), rb.commitments().size());
        for (std::size_t i = 0; i < ra.log().size(); ++i)
            for (std::size_t k = 0; k < ra.log()[i].steps.size(); ++k)
                QVERIFY(ra.log()[i].steps[k].partner == rb.log()[i].steps[k].partner);
    }

    void coupleLivesInTwoZones()
    {
        Fixture p(1);
        fillDemo(p.book, m_content, kNow, 30, 1, &p.clock);
        const Profile couple = p.book.profile();
        QCOMPARE(couple.me.name, std::string("Maya"));
        QCOMPARE(couple.me.timeZone, std::string("Europe/Lisbon"));
        QCOMPARE(couple.partner.name, std::string("Jonas"));
        QCOMPARE(couple.partner.timeZone, std::string("America/Toronto"));
        QVERIFY(!couple.space.id.empty());
    }

    void ritualsComeFromTemplatesAndOneIsPaused()
    {
        Fixture p(1);
        fillDemo(p.book, m_content, kNow, 90, 1, &p.clock);
        const auto rituals = p.book.rituals(true);
        QVERIFY2(rituals.size() >= 6 && rituals.size() <= 8, std::to_string(rituals.size()).c_str());
        int paused = 0;
        for (const Ritual &r : rituals) {
            QVERIFY(m_content.ritual(r.templateId) != nullptr);
            QCOMPARE(r.schedule.timeZone, std::string("Europe/Lisbon"));
            QCOMPARE(r.schedule.startLocal.substr(0, 10), std::string("2024-03-03"));
            paused += r.status == RitualStatus::Paused ? 1 : 0;
        }
        QCOMPARE(paused, 1);
    }

    void historyLooksLikeACoupleKeepingRituals()
    {
        Fixture p(3);
        fillDemo(p.book, m_content, kNow, 90, 3, &p.clock);
        std::map<std::string, int> byStatus;
        int notes = 0, moved = 0, reasons = 0;
        for (const AgendaItem &item : pastItems(p.book, 90)) {
            ++byStatus[item.status];
            if (!item.record)
                continue;
            const Occurrence &o = *item.record;
            moved += item.moved ? 1 : 0;
            if (o.status == "done") {
                notes += o.note.empty() ? 0 : 1;
                QVERIFY2(o.rating == 0 || (o.rating >= 2 && o.rating <= 5),
                         std::to_string(o.rating).c_str());
                // Marked done after it started, at a believable time, never in the future.
                QVERIFY(o.at >= item.startUtc);
                QVERIFY(o.at <= kNow);
            }
            if (o.status == "skipped") {
                reasons += o.reason.empty() ? 0 : 1;
                QVERIFY(o.at <= kNow);
            }
        }
        const int total = byStatus["done"] + byStatus["skipped"] + byStatus["missed"];
        qInfo("90 days: %d done, %d skipped, %d missed, %d notes, %d moved", byStatus["done"],
              byStatus["skipped"], byStatus["missed"], notes, moved);
        QVERIFY(total > 150);
        QVERIFY(byStatus["done"] * 100 >= total * 65);
        QVERIFY(byStatus["skipped"] > 0);
        QVERIFY(byStatus["missed"] > 0);
        QCOMPARE(reasons, byStatus["skipped"]);
        QVERIFY(notes >= 10);
        QVERIFY(moved >= 1);
    }

    void comingDaysHaveAPlanChange()
    {
        Fixture p(5);
        fillDemo(p.book, m_content, kNow, 60, 5, &p.clock);
        int moved = 0, skipped = 0, due = 0;
        for (const AgendaItem &item : p.book.agenda(kNow, kNow + 15 * kDay)) {
            moved += item.moved ? 1 : 0;
            skipped += item.status == "skipped" ? 1 : 0;
            due += item.status == "due" ? 1 : 0;
        }
        QCOMPARE(moved, 1);
        QCOMPARE(skipped, 1);
        QVERIFY(due > 10);
    }

    void checkInsAreAnsweredByBothAndRevealed()
    {
        Fixture p(3);
        fillDemo(p.book, m_content, kNow, 90, 3, &p.clock);
        const Profile couple = p.book.profile();
        CheckIns checkins(p.store, m_content);
        std::map<std::string, int> bySet;
        int finished = 0, open = 0, byJonas = 0, replies = 0;
        std::set<std::string> days;
        for (const std::string &id : checkins.ids()) {
            const CheckInView v = *checkins.view(id);
            ++bySet[v.setId];
            byJonas += v.startedBy == couple.partner.id ? 1 : 0;
            replies += static_cast<int>(v.replies.size());
            QVERIFY(v.startedAt <= kNow && v.finishedAt <= kNow);
            QVERIFY(v.myDraft.empty() || v.mineSubmitted); // no half-written answer of Maya's
            QVERIFY2(v.mineSubmitted, id.c_str()); // Maya leaves nothing for herself to answer
            if (!v.partnerSubmitted) {
                // Maya's reading, waiting for Jonas ("Maya has answered, your turn" on his side):
                // her key is not published, so nothing of hers can be read before he answers.
                ++open;
                QVERIFY(!v.revealed);
                QVERIFY(!v.myAnswers.empty());
                QVERIFY(v.partnerAnswers.empty());
                QCOMPARE(v.setId, std::string("temperature"));
                QCOMPARE(v.startedBy, couple.me.id);
                QCOMPARE(v.finishedAt, Millis{0});
                QVERIFY(!p.store.row("reveal_key", "checkin_answer:" + id + ":" + couple.me.id));
                continue;
            }
            QVERIFY2(v.revealed, id.c_str());
            QVERIFY(!v.myAnswers.empty());
            QVERIFY(!v.partnerAnswers.empty());
            QVERIFY(v.myAnswers != v.partnerAnswers);
            QCOMPARE(v.partnerPrompts.size(), v.partnerAnswers.size());
            if (v.finishedAt == 0)
                continue;
            ++finished;
            if (v.ritualId.empty())
                continue;
            // Finishing a check-in from a ritual marked its occurrence done, after it began.
            const auto history = p.book.history(v.ritualId, kNow - 100 * kDay, kNow);
            const auto item = std::find_if(history.begin(), history.end(), [&v](const AgendaItem &i) {
                return i.localStart == v.localStart;
            });
            QVERIFY(item != history.end());
            QCOMPARE(item->status, std::string("done"));
            QVERIFY(v.startedAt >= item->startUtc);
            days.insert(utcToLocal(v.startedAt, "Europe/Lisbon").substr(0, 10));
        }
        qInfo("check-ins: %d weekly, %d temperature, %d state of the union; %d finished, %d open, "
              "%d replies", bySet["weekly"], bySet["temperature"], bySet["state-of-the-union"],
              finished, open, replies);
        QCOMPARE(bySet["weekly"], 10);
        QCOMPARE(bySet["temperature"], 4);
        QCOMPARE(bySet["state-of-the-union"], 1);
        QCOMPARE(open, 1);
        QCOMPARE(finished, 13); // all but the open one and one reading they only read
        QCOMPARE(static_cast<int>(days.size()), 11);
        QVERIFY(byJonas >= 5);
        QVERIFY(replies >= 5);
    }

    void weeklyCheckInsComeFromTheRitualInTheEvening()
    {
        Fixture p(4);
        fillDemo(p.book, m_content, kNow, 90, 4, &p.clock);
        CheckIns checkins(p.store, m_content);
        std::string ritualId;
        for (const Ritual &r : p.book.rituals(true))
            if (r.templateId == "weekly-check-in")
                ritualId = r.id;
        int moved = 0;
        for (const std::string &id : checkins.ids()) {
            const CheckInView v = *checkins.view(id);
            if (v.setId != "weekly")
                continue;
            QCOMPARE(v.ritualId, ritualId);
            // On the ritual's evening (20:00 in Lisbon), or the next one for the moved week.
            const std::string local = utcToLocal(v.startedAt, "Europe/Lisbon");
            if (local.substr(0, 10) != v.localStart.substr(0, 10)) {
                ++moved;
                QCOMPARE(local.substr(11, 2), std::string("19"));
            } else {
                QCOMPARE(local.substr(11, 2), std::string("20"));
            }
        }
        QCOMPARE(moved, 1);
    }

    void everyAnswerWasWrittenInWakingHours()
    {
        Fixture p(5);
        fillDemo(p.book, m_content, kNow, 90, 5, &p.clock);
        const Profile couple = p.book.profile();
        for (const char *table : {"checkin_answer", "repair_step"}) {
            Statement st(p.store.db(), std::string("SELECT memberId, submittedAt FROM ") + table);
            int rows = 0;
            while (st.step()) {
                ++rows;
                const bool his = st.text(0) == couple.partner.id;
                const Millis at = st.integer(1);
                const int hour = hourIn(at, his ? couple.partner.timeZone : couple.me.timeZone);
                QVERIFY2(hour >= 8 && hour <= 23, (std::string(table) + " at " + utcToLocal(at, "UTC")).c_str());
                QVERIFY(at <= kNow);
            }
            QVERIFY(rows > 20);
        }
    }

    void trendsShowBothPartnersOverTheWeeks()
    {
        Fixture p(6);
        fillDemo(p.book, m_content, kNow, 90, 6, &p.clock);
        const Profile couple = p.book.profile();
        const CheckInTrends trends = CheckIns(p.store, m_content).trends("Europe/Lisbon");
        QCOMPARE(trends.people.size(), std::size_t(2));
        QCOMPARE(trends.people[0].memberId, couple.me.id);
        QCOMPARE(trends.people[1].memberId, couple.partner.id);
        for (const CheckInTrends::Person &person : trends.people) {
            QVERIFY(person.mood.size() >= 8);
            QVERIFY(person.stress.size() >= 8);
            QCOMPARE(person.closeness.size(), person.mood.size());
            // A hard stretch in the middle, and closeness coming back after it.
            const auto &c = person.closeness;
            const auto lowest = std::min_element(c.begin(), c.end(), [](const auto &a, const auto &b) {
                return a.average < b.average;
            });
            QVERIFY(lowest != c.begin() && lowest != c.end() - 1);
            QVERIFY(lowest->average <= 2.5);
            QVERIFY(c.back().average >= 4.5);
            QVERIFY(c.front().average - lowest->average >= 1.5);
            const auto &s = person.stress;
            const auto highest = std::max_element(s.begin(), s.end(), [](const auto &a, const auto &b) {
                return a.average < b.average;
            });
            QVERIFY(highest->average >= 4.5);
            QVERIFY(s.back().average <= 2.5);
            // Needs named, varied, some of them again and again.
            QVERIFY(person.needs.size() >= 5);
            QVERIFY(person.needs.front().second >= 4);
        }
    }

    void repairsShowTheLogSummaryAndCommitments()
    {
        Fixture p(7);
        fillDemo(p.book, m_content, kNow, 90, 7, &p.clock);
        const Profile couple = p.book.profile();
        Repairs repairs(p.store, m_content);
        const std::vector<RepairView> log = repairs.log();
        QCOMPARE(log.size(), std::size_t(5));
        std::map<std::string, int> byStatus;
        std::set<std::string> topics;
        std::set<int> intensities;
        int breaks = 0;
        for (const RepairView &r : log) {
            ++byStatus[r.status];
            topics.insert(r.topics.begin(), r.topics.end());
            intensities.insert(r.intensity);
            QVERIFY(r.happenedAt < r.startedAt && r.startedAt <= kNow);
            for (const RepairBreak &b : r.breaks) {
                ++breaks;
                QCOMPARE(b.calledBy, couple.partner.id);
                QVERIFY(b.minutes >= 20);
                QVERIFY(b.endedAt >= b.calledAt && b.endedAt <= kNow);
            }
            if (r.status != "repaired")
                continue;
            QVERIFY(r.timeToRepair() >= 3 * 3600'000LL && r.timeToRepair() <= 3 * kDay);
            QVERIFY(r.repairedAt <= kNow);
            for (const RepairStepView &s : r.steps) {
                QVERIFY2(s.revealed, s.stepId.c_str());
                QVERIFY(!s.mine.is_null() && !s.partner.is_null());
                QVERIFY(s.myDraft == s.mine); // nothing left half-written
            }
            const auto acceptance = std::find_if(r.steps.begin(), r.steps.end(), [](const RepairStepView &s) {
                return s.stepId == "acceptance";
            });
            QCOMPARE(acceptance->mine.at("choice").get<std::string>(), std::string("accepted"));
            QCOMPARE(acceptance->partner.at("choice").get<std::string>(), std::string("accepted"));
        }
        QCOMPARE(byStatus["repaired"], 4);
        QCOMPARE(byStatus["talking"], 1);
        QCOMPARE(breaks, 1);
        QVERIFY(!repairs.currentBreak());
        QVERIFY(topics.size() >= 6);
        QVERIFY(intensities.size() >= 3);

        // The one being talked through: the first steps read by both, the next written by Maya
        // only, waiting for Jonas; nothing after it.
        const RepairView &now = log.front();
        QCOMPARE(now.status, std::string("talking"));
        for (std::size_t i = 0; i < 3; ++i)
            QVERIFY(now.steps[i].revealed);
        QCOMPARE(now.steps[3].stepId, std::string("understood"));
        QVERIFY(now.steps[3].mineSubmitted && !now.steps[3].partnerSubmitted);
        QVERIFY(now.steps[3].mine.is_string() && now.steps[3].partner.is_null());
        QVERIFY(!now.steps[3].revealed);
        for (std::size_t i = 4; i < now.steps.size(); ++i)
            QVERIFY(!now.steps[i].mineSubmitted && !now.steps[i].partnerSubmitted);

        const RepairSummary summary = repairs.summary();
        int perMonth = 0;
        for (const auto &month : summary.perMonth)
            perMonth += month.second;
        QCOMPARE(perMonth, 5);
        QVERIFY(summary.perMonth.size() >= 3);
        QVERIFY(summary.medianTimeToRepair > 6 * 3600'000LL && summary.medianTimeToRepair < 2 * kDay);

        // Each repaired one left a plan of each as a commitment.
        const std::vector<Commitment> commitments = repairs.commitments();
        QCOMPARE(commitments.size(), std::size_t(8));
        int hers = 0;
        for (const Commitment &c : commitments) {
            hers += c.memberId == couple.me.id ? 1 : 0;
            QVERIFY(c.memberId == couple.me.id || c.memberId == couple.partner.id);
            QVERIFY(!c.text.empty());
            QCOMPARE(c.status, std::string("active"));
        }
        QCOMPARE(hers, 4);
    }

    void nothingPrivateOfJonasIsInMayasProfile()
    {
        Fixture p(8);
        fillDemo(p.book, m_content, kNow, 90, 8, &p.clock);
        const Profile couple = p.book.profile();
        auto count = [&p](const std::string &sql, const std::string &member) {
            Statement st(p.store.db(), sql);
            st.bind(1, member);
            st.step();
            return st.integer(0);
        };
        for (const char *table : {"checkin_draft", "repair_draft"})
            QCOMPARE(count(std::string("SELECT count(*) FROM ") + table + " WHERE memberId = ?1", couple.partner.id), 0);
        // Secret rows are named after the answer's row, which ends with its author.
        QCOMPARE(count("SELECT count(*) FROM reveal_secret WHERE rowId LIKE '%:' || ?1", couple.partner.id), 0);
        QVERIFY(count("SELECT count(*) FROM reveal_secret WHERE rowId LIKE '%:' || ?1", couple.me.id) > 40);
        // Every private row, and every private change in the log, is this device's own.
        QCOMPARE(count("SELECT count(*) FROM change_log WHERE scope = 'private' AND stamp NOT LIKE '%' || ?1",
                       p.store.deviceId()), 0);
        // Jonas's answers are here (his changes are in the log, to be synced on), sealed.
        QVERIFY(count("SELECT count(*) FROM change_log WHERE entity = 'checkin_answer' AND stamp NOT LIKE '%' || ?1",
                      p.store.deviceId()) >= 14);
        QVERIFY(count("SELECT count(*) FROM checkin_answer WHERE memberId = ?1 AND sealed LIKE '%Quiz night%'",
                      couple.partner.id) == 0);
    }

    void aRealDeviceOfJonasReadsTheDemoAfterSync()
    {
        test::Device maya(11), jonas(12);
        const Profile couple = jonasJoins(maya, jonas, 11);
        QCOMPARE(RitualBook(jonas.store).profile().me.name, std::string("Jonas"));
        QCOMPARE(RitualBook(jonas.store).profile().me.id, couple.partner.id);
        QCOMPARE(jonas.store.db().queryInt("SELECT count(*) FROM reveal_secret").value_or(1), 0);

        CheckIns hers(maya.store, m_content), his(jonas.store, m_content);
        QCOMPARE(his.ids(), hers.ids());
        int revealed = 0;
        for (const std::string &id : hers.ids()) {
            const CheckInView m = *hers.view(id);
            const CheckInView j = *his.view(id);
            QCOMPARE(j.mineSubmitted, m.partnerSubmitted);
            QCOMPARE(j.partnerSubmitted, m.mineSubmitted);
            QCOMPARE(j.revealed, m.revealed);
            if (!m.revealed)
                continue;
            ++revealed;
            QVERIFY(j.partnerAnswers == m.myAnswers);
            // His own answers too, opened with the key he published: the secret stayed on the
            // device that wrote them.
            QVERIFY2(!j.myAnswers.empty() && j.myAnswers == m.partnerAnswers, id.c_str());
            QCOMPARE(j.replies.size(), m.replies.size());
        }
        QCOMPARE(revealed, 14);

        Repairs herRepairs(maya.store, m_content), hisRepairs(jonas.store, m_content);
        QCOMPARE(hisRepairs.commitments().size(), herRepairs.commitments().size());
        const auto hisLog = hisRepairs.log();
        const auto herLog = herRepairs.log();
        QCOMPARE(hisLog.size(), herLog.size());
        int steps = 0;
        for (std::size_t i = 0; i < herLog.size(); ++i) {
            QCOMPARE(hisLog[i].status, herLog[i].status);
            for (std::size_t k = 0; k < herLog[i].steps.size(); ++k) {
                const RepairStepView &m = herLog[i].steps[k];
                const RepairStepView &j = hisLog[i].steps[k];
                QCOMPARE(j.mineSubmitted, m.partnerSubmitted);
                QCOMPARE(j.revealed, m.revealed);
                if (!m.revealed)
                    continue;
                ++steps;
                QVERIFY(j.partner == m.mine);
                QVERIFY2(!j.mine.is_null() && j.mine == m.partner, m.stepId.c_str());
            }
        }
        QVERIFY(steps >= 40);
    }

    // The Us section: both maps, Maya's moments, their signals and agreements, read the same on
    // a real device of Jonas's after sync, and his private item never here.
    void usSectionHasBothSides()
    {
        test::Device maya(13), jonas(14);
        jonasJoins(maya, jonas, 13);
        Needs hers(maya.store, m_content), his(jonas.store, m_content);
        QCOMPARE(hers.mine().size(), std::size_t{7});
        QCOMPARE(hers.partners().size(), std::size_t{4});
        // His private item stayed on the device that wrote it.
        QCOMPARE(maya.store.db().queryInt("SELECT count(*) FROM need WHERE text LIKE '%jaw%'").value_or(1), 0);
        QCOMPARE(his.mine().size(), std::size_t{4});
        QCOMPARE(his.partners().size(), std::size_t{4});
        // Her moments: private but two, and her patterns over them.
        QCOMPARE(hers.activations().size(), std::size_t{13});
        QCOMPARE(his.activations(true).size(), std::size_t{2});
        const ActivationPatterns patterns = hers.patterns("Europe/Lisbon");
        QCOMPARE(patterns.count, 13);
        QCOMPARE(patterns.needs.front().first, std::string("reassurance"));
        QVERIFY(!hers.reflection("chase-and-retreat").empty());
        QVERIFY(his.reflection("chase-and-retreat").empty());

        SignalBook herSignals(maya.store, m_content), hisSignals(jonas.store, m_content);
        const auto signalList = herSignals.sharedSignals();
        QCOMPARE(signalList.size(), std::size_t{2});
        QCOMPARE(signalList.front().word, std::string("Tea?")); // waiting for her, first
        QCOMPARE(signalList.front().status, std::string("proposed"));
        QCOMPARE(signalList.back().status, std::string("ours"));
        QCOMPARE(herSignals.messages().size(), std::size_t{3});
        const auto inbox = herSignals.inbox();
        QCOMPARE(inbox.size(), std::size_t{1});
        QCOMPARE(inbox.front().kind, std::string("talk"));
        QVERIFY(hisSignals.inbox().empty());

        Agreements herAgreements(maya.store, m_content), hisAgreements(jonas.store, m_content);
        const auto agreements = herAgreements.list();
        QCOMPARE(agreements.size(), std::size_t{3});
        QCOMPARE(agreements.front().status, std::string("proposed"));
        int due = 0;
        for (const Agreement &a : agreements)
            due += a.reviewDue ? 1 : 0;
        QCOMPARE(due, 1);
        QCOMPARE(hisAgreements.list().size(), std::size_t{3});
        QCOMPARE(herAgreements.takeReviewNotices().size(), std::size_t{1});
        QVERIFY(herAgreements.takeReviewNotices().empty());
    }

    void jonasLeavesNothingUnrevealed()
    {
        // His device in memory is gone once the demo is made, and with it the secrets of his
        // answers: each one he sealed must have its key published, or it could never be read.
        struct Case {
            int days;
            std::uint64_t seed;
            bool manualClock;
        };
        for (const Case c : {Case{90, 3, true}, Case{14, 9, true}, Case{30, 10, false},
                             Case{120, 7, true}}) {
            Fixture p(c.seed);
            fillDemo(p.book, m_content, kNow, c.days, c.seed, c.manualClock ? &p.clock : nullptr);
            const Profile couple = p.book.profile();
            int sealed = 0;
            for (const char *table : {"checkin_answer", "repair_step"}) {
                Statement st(p.store.db(), std::string("SELECT id, fingerprint FROM ") + table
                                               + " WHERE memberId = ?1 AND cl % 2 = 1");
                st.bind(1, couple.partner.id);
                while (st.step()) {
                    ++sealed;
                    // Reveal ids are the entity and the answer's row id (core/fairreveal.cpp).
                    const std::string id = std::string(table) + ":" + st.text(0);
                    const auto key = p.store.row("reveal_key", id);
                    QVERIFY2(key, id.c_str());
                    QCOMPARE(key->value("fingerprint", std::string()), st.text(1));
                }
            }
            QVERIFY2(sealed >= (c.days >= 90 ? 40 : 1), std::to_string(sealed).c_str());
            // And so whatever Jonas submitted, Maya reads.
            CheckIns checkins(p.store, m_content);
            for (const std::string &id : checkins.ids()) {
                const CheckInView v = *checkins.view(id);
                QVERIFY2(!v.partnerSubmitted || v.revealed, id.c_str());
            }
            for (const RepairView &r : Repairs(p.store, m_content).log())
                for (const RepairStepView &s : r.steps)
                    QVERIFY2(!s.partnerSubmitted || s.revealed, (r.title + ": " + s.stepId).c_str());
        }
    }

    void aRealDeviceOfJonasCanAnswerWhatIsOpen()
    {
        test::Device maya(13), jonas(14);
        jonasJoins(maya, jonas, 13);
        jonas.clock.set(kNow + 3600'000);
        maya.clock.set(kNow + 3600'000);

        // The open reading: Maya's, waiting for him.
        CheckIns hers(maya.store, m_content), his(jonas.store, m_content);
        std::string open;
        for (const std::string &id : his.ids())
            if (!his.view(id)->mineSubmitted)
                open = id;
        QVERIFY(!open.empty());
        QVERIFY(his.view(open)->partnerSubmitted);
        QVERIFY(!his.view(open)->revealed);
        QVERIFY(his.view(open)->partnerAnswers.empty());
        const json mine = {{"mood", 3}, {"stress", 3}, {"closeness", 4}, {"tonight", {"rest"}},
                           {"note", "Up too early. Call me at lunch?"}};
        his.saveDraft(open, mine);
        his.submit(open);
        test::deliver(jonas, maya);
        test::deliver(maya, jonas);
        const CheckInView j = *his.view(open);
        const CheckInView m = *hers.view(open);
        QVERIFY(j.revealed);
        QVERIFY(m.revealed);
        QCOMPARE(m.partnerAnswers.at("note").get<std::string>(), mine.at("note").get<std::string>());
        QVERIFY(m.partnerAnswers == j.myAnswers);
        QVERIFY(!m.myAnswers.empty() && j.partnerAnswers == m.myAnswers);

        // The step of the open repair that Maya wrote: his turn, then both read both.
        Repairs herRepairs(maya.store, m_content), hisRepairs(jonas.store, m_content);
        const std::string repair = hisRepairs.log("", "talking").front().id;
        const auto stepOf = [](const RepairView &r, const std::string &stepId) {
            return *std::find_if(r.steps.begin(), r.steps.end(), [&stepId](const RepairStepView &s) {
                return s.stepId == stepId;
            });
        };
        RepairStepView step = stepOf(*hisRepairs.view(repair), "understood");
        QVERIFY(step.partnerSubmitted && !step.mineSubmitted && !step.revealed);
        const std::string understood =
            "You'd planned a whole evening around those dates, and all you got was a flat "
            "\"doesn't work\". It felt like the visit mattered less to me.";
        hisRepairs.saveStep(repair, "understood", understood);
        hisRepairs.submitStep(repair, "understood");
        test::deliver(jonas, maya);
        test::deliver(maya, jonas);
        const RepairStepView herStep = stepOf(*herRepairs.view(repair), "understood");
        step = stepOf(*hisRepairs.view(repair), "understood");
        QVERIFY(herStep.revealed);
        QVERIFY(step.revealed);
        QCOMPARE(herStep.partner.get<std::string>(), understood);
        QVERIFY(step.partner == herStep.mine && herStep.mine.is_string());
        QVERIFY(step.mine == herStep.partner);
    }

    void shortHistoryKeepsOnlyWhatFitsInIt()
    {
        Fixture p(9);
        fillDemo(p.book, m_content, kNow, 14, 9, &p.clock);
        const Millis start = kNow - 15 * kDay;
        CheckIns checkins(p.store, m_content);
        int weekly = 0;
        for (const std::string &id : checkins.ids()) {
            const CheckInView v = *checkins.view(id);
            QVERIFY(v.startedAt > start);
            weekly += v.setId == "weekly" ? 1 : 0;
        }
        QCOMPARE(weekly, 2);
        for (const RepairView &r : Repairs(p.store, m_content).log())
            QVERIFY(r.happenedAt > start);
        QVERIFY(!Repairs(p.store, m_content).log().empty());
    }

    void talksWorkWithoutAManualClock()
    {
        // Every write then carries the store clock's time; the stories still end as they should.
        Fixture p(10);
        fillDemo(p.book, m_content, kNow, 30, 10);
        Repairs repairs(p.store, m_content);
        std::map<std::string, int> byStatus;
        for (const RepairView &r : repairs.log())
            ++byStatus[r.status];
        QCOMPARE(byStatus["talking"], 1);
        QVERIFY(byStatus["repaired"] >= 1);
        QVERIFY(!repairs.currentBreak());
        CheckIns checkins(p.store, m_content);
        int revealed = 0;
        for (const std::string &id : checkins.ids())
            revealed += checkins.view(id)->revealed ? 1 : 0;
        QVERIFY(revealed >= 4);
    }

    void careDemoLinksATherapistBothAccepted()
    {
        Fixture p(31);
        const Profile couple = withCareDemo(p, 60, 31);
        QCOMPARE(p.clock.nowMs(), kNow);
        Care care(p.store, m_content);
        const auto link = care.link();
        QVERIFY(link);
        QVERIFY(link->active);
        QVERIFY(link->acceptedByMe);
        QCOMPARE(link->therapistName, std::string("Dr. Ana Ruiz"));
        QCOMPARE(link->policy.kind, std::string("limited-secrets"));
        QVERIFY(link->joinedAt > 0 && link->joinedAt < kNow && link->endedAt == 0);
        QCOMPARE(link->invitedBy, couple.me.id);
        QCOMPARE(link->partners.size(), std::size_t(2));
        for (const CarePerson &person : link->partners) {
            QVERIFY2(person.acceptedPolicy, person.name.c_str());
            QCOMPARE(person.sharesTrends, person.memberId == couple.partner.id);
        }
        // Jonas's trends reach the care space; Maya's do not.
        const auto trends = care.sharedTrends();
        QCOMPARE(trends.size(), std::size_t(1));
        QCOMPARE(trends[0].memberId, couple.partner.id);
        // A second therapist is not added on top of the first.
        QVERIFY_THROWS_EXCEPTION(ValidationError, fillCareDemo(p.book, m_content, kNow, &p.clock));
        // Nor without a couple's profile.
        Fixture empty(32);
        QVERIFY_THROWS_EXCEPTION(ValidationError, fillCareDemo(empty.book, m_content, kNow, &empty.clock));
    }

    void careDemoHasDoneDueAndOverdue()
    {
        Fixture p(33);
        const Profile couple = withCareDemo(p, 30, 33);
        Care care(p.store, m_content);
        const auto assignments = care.assignments();
        QCOMPARE(assignments.size(), std::size_t(3));
        const auto items = care.dueItems("2024-06-01");
        const std::string maya = couple.me.id, jonas = couple.partner.id;
        for (const std::string &member : {maya, jonas}) {
            // The weekly talk: the first done by both, six days ago; the next due tomorrow.
            const DueItem *first = dueItem(items, assignments, "stress-reducing-conversation", 0, member);
            QVERIFY(first);
            QCOMPARE(std::string(hearth::toString(first->status)), std::string("done"));
            QCOMPARE(first->dueOn, std::string("2024-05-26"));
            QVERIFY(first->doneAt > kNow - 7 * kDay && first->doneAt < kNow - 5 * kDay);
            const DueItem *second = dueItem(items, assignments, "stress-reducing-conversation", 1, member);
            QVERIFY(second);
            QCOMPARE(std::string(hearth::toString(second->status)), std::string("todo"));
            QCOMPARE(second->dueOn, std::string("2024-06-02"));
            QVERIFY(dueItem(items, assignments, "stress-reducing-conversation", 3, member));
            const DueItem *maps = dueItem(items, assignments, "love-maps", 0, member);
            QVERIFY(maps);
            QCOMPARE(std::string(hearth::toString(maps->status)), std::string("todo"));
            QCOMPARE(maps->dueOn, std::string("2024-06-03"));
        }
        // The self-compassion break is Maya's alone, and a day overdue.
        const DueItem *kindness = dueItem(items, assignments, "self-compassion-break", 0, maya);
        QVERIFY(kindness);
        QCOMPARE(std::string(hearth::toString(kindness->status)), std::string("overdue"));
        QCOMPARE(kindness->dueOn, std::string("2024-05-31"));
        QCOMPARE(dueItem(items, assignments, "self-compassion-break", 0, jonas), nullptr);
        // Each assignment carries its exercise, as the library has it.
        for (const Assignment &a : assignments) {
            const Exercise *shipped = m_content.exercise(a.exercise.id);
            QVERIFY2(shipped, a.exercise.id.c_str());
            QVERIFY(a.exercise.steps == shipped->steps);
            QVERIFY(!a.note.empty());
        }
    }

    void careDemoSharesMayasReflectionAndKeepsJonassOnHisDevice()
    {
        Fixture p(35);
        const Profile couple = withCareDemo(p, 30, 35);
        Care care(p.store, m_content);
        const auto reflections = care.reflections();
        QCOMPARE(reflections.size(), std::size_t(1));
        const Reflection &mine = reflections[0];
        QCOMPARE(mine.memberId, couple.me.id);
        QVERIFY(mine.shared);
        QCOMPARE(mine.answers.size(), std::size_t(2));
        // Shared: its care copy is there, for the therapist.
        const auto copy = p.store.row("reflection", mine.id + ":shared");
        QVERIFY(copy);
        QCOMPARE(copy->at("scope").get<std::string>(), std::string("care"));
        QVERIFY(copy->at("answers").dump().find("reorganisation") != std::string::npos);
        // Jonas's private reflection never left his device: no row, no change, no word of it.
        QCOMPARE(countOf(p.store, "SELECT count(*) FROM reflection WHERE memberId = ?1", couple.partner.id), std::int64_t(0));
        QCOMPARE(countOf(p.store, "SELECT count(*) FROM change_log WHERE entity = 'reflection' "
                                  "AND stamp NOT LIKE '%' || ?1", p.store.deviceId()), std::int64_t(0));
        QCOMPARE(countOf(p.store, "SELECT count(*) FROM change_log WHERE fields LIKE '%Biting my tongue%'"), std::int64_t(0));
        QVERIFY(visibleState(p.store).find("Biting my tongue") == std::string::npos);
        // He did mark his part done: that is a care row, and it is here.
        QVERIFY(countOf(p.store, "SELECT count(*) FROM assignment_done WHERE memberId = ?1", couple.partner.id) >= 1);
    }

    void practiceDemoHasThreeCouples()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path path = dir.path().toStdString();
        fillPracticeDemo(path, m_content, kNow, 5);
        QVERIFY_THROWS_EXCEPTION(ValidationError, fillPracticeDemo(path, m_content, kNow, 5));

        ManualClock clock(kNow);
        SeededRandom random(1);
        Practice practice(path, clock, random, m_content);
        QVERIFY(practice.exists());
        QCOMPARE(practice.profile().name, std::string("Dr. Ana Ruiz"));
        QCOMPARE(practice.profile().policy.kind, std::string("limited-secrets"));
        const auto own = practice.customExercises();
        QCOMPARE(own.size(), std::size_t(1));
        QCOMPARE(own[0].format, std::string("custom"));

        const auto couples = practice.couples();
        QCOMPARE(couples.size(), std::size_t(3));
        std::map<std::string, const PracticeCouple *> byFirstName;
        for (const PracticeCouple &c : couples)
            byFirstName[c.name.substr(0, c.name.find(' '))] = &c;
        for (const char *name : {"Maya", "Sam", "Priya"})
            QVERIFY2(byFirstName.count(name) == 1, name);
        for (const PracticeCouple &c : couples) {
            QVERIFY(c.link);
            QVERIFY(!c.ended);
            QCOMPARE(c.link->therapistName, std::string("Dr. Ana Ruiz"));
            Store &store = practice.couple(c.spaceId);
            // The replica holds what a therapist's device pulls: care rows, nothing else.
            QCOMPARE(countOf(store, "SELECT count(*) FROM change_log WHERE scope <> 'care'"), std::int64_t(0));
            for (const EntityDef &def : entities())
                QCOMPARE(countOf(store, "SELECT count(*) FROM " + quoteIdentifier(def.table)
                                            + " WHERE scope <> 'care'"), std::int64_t(0));
            QCOMPARE(store.meta("sync.role").value_or(""), std::string("therapist"));
            QCOMPARE(store.meta("member_id").value_or(""), c.link->therapistId);
            // The custom exercise went to every couple linked.
            QCOMPARE(Care(store, m_content).customExercises().size(), std::size_t(1));
        }

        // Maya & Jonas: active, done, due and overdue, Maya's shared reflection, Jonas's trends.
        Store &mj = practice.couple(byFirstName["Maya"]->spaceId);
        Care mayaAndJonas(mj, m_content);
        QVERIFY(byFirstName["Maya"]->link->active);
        QCOMPARE(mayaAndJonas.assignments().size(), std::size_t(3));
        const auto reflections = mayaAndJonas.reflections();
        QCOMPARE(reflections.size(), std::size_t(1));
        QVERIFY(reflections[0].shared);
        QCOMPARE(countOf(mj, "SELECT count(*) FROM change_log WHERE fields LIKE '%Biting my tongue%'"), std::int64_t(0));
        QCOMPARE(mayaAndJonas.sharedTrends().size(), std::size_t(1));
        QVERIFY(!mayaAndJonas.sharedTrends()[0].trends.empty());
        // Sam & Alex: active, a weekly assignment whose first date is tomorrow.
        QVERIFY(byFirstName["Sam"]->link->active);
        Care samAndAlex(practice.couple(byFirstName["Sam"]->spaceId), m_content);
        QCOMPARE(samAndAlex.assignments().size(), std::size_t(1));
        QCOMPARE(samAndAlex.assignments()[0].everyDays, 7);
        for (const DueItem &item : samAndAlex.dueItems("2024-06-01"))
            QCOMPARE(std::string(hearth::toString(item.status)), std::string("todo"));
        // Priya & Tom: joined, Priya accepted the policy, Tom not yet: not active, nothing assigned.
        const CareLink &pt = *byFirstName["Priya"]->link;
        QVERIFY(!pt.active);
        QVERIFY(pt.joinedAt > 0);
        QCOMPARE(pt.partners.size(), std::size_t(2));
        QCOMPARE(std::count_if(pt.partners.begin(), pt.partners.end(),
                               [](const CarePerson &person) { return person.acceptedPolicy; }),
                 std::ptrdiff_t(1));
        QVERIFY(Care(practice.couple(byFirstName["Priya"]->spaceId), m_content).assignments().empty());

        // The dashboard has something in every list.
        const PracticeDashboard dashboard = practice.dashboard("2024-06-01");
        QVERIFY(!dashboard.overdue.empty());
        QVERIFY(!dashboard.dueSoon.empty());
        QVERIFY(!dashboard.recentlyDone.empty());
        QCOMPARE(dashboard.newReflections.size(), std::size_t(1));
        QCOMPARE(dashboard.overdue[0].title, m_content.exercise("self-compassion-break")->title);
        QCOMPARE(dashboard.overdue[0].partnerName, std::string("Maya"));
        QVERIFY(std::any_of(dashboard.dueSoon.begin(), dashboard.dueSoon.end(),
                            [](const PracticeDashboard::Entry &e) { return e.coupleName.find("Sam") != std::string::npos; }));
    }

    void practiceDemoIsTheSameForTheSameSeed()
    {
        QTemporaryDir a, b;
        QVERIFY(a.isValid() && b.isValid());
        fillPracticeDemo(a.path().toStdString(), m_content, kNow, 9);
        fillPracticeDemo(b.path().toStdString(), m_content, kNow, 9);
        ManualClock clock(kNow);
        SeededRandom random(1);
        Practice pa(a.path().toStdString(), clock, random, m_content);
        Practice pb(b.path().toStdString(), clock, random, m_content);
        const auto couples = pa.couples();
        QCOMPARE(couples.size(), pb.couples().size());
        for (const PracticeCouple &c : couples)
            QVERIFY2(visibleState(pa.couple(c.spaceId)) == visibleState(pb.couple(c.spaceId)),
                     c.name.c_str());
    }

    void keepsAnExistingProfile()
    {
        Fixture p(9);
        p.book.createProfile({"Ana", "Asia/Tokyo", "Ben", "Asia/Tokyo"});
        fillDemo(p.book, m_content, kNow, 14, 2, &p.clock);
        QCOMPARE(p.book.profile().me.name, std::string("Ana"));
        for (const Ritual &r : p.book.rituals(true))
            QCOMPARE(r.schedule.timeZone, std::string("Asia/Tokyo"));
    }

    void worksWithoutHistoryOrManualClock()
    {
        Fixture p(4);
        fillDemo(p.book, m_content, kNow, 0, 4);
        QCOMPARE(p.book.rituals(true).size(), std::size_t(7));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 fillDemo(p.book, m_content, kNow, -1, 4, &p.clock));
    }

    void missingTemplateIsReported()
    {
        Fixture p(4);
        const ContentLibrary empty;
        QVERIFY_THROWS_EXCEPTION(ValidationError, fillDemo(p.book, empty, kNow, 10, 1, &p.clock));
    }

    void benchmarkFillHasFiveYearsOfRecords()
    {
        QTemporaryDir dir;
        Fixture p(21, dir.filePath("profile.db").toStdString());
        QElapsedTimer timer;
        timer.start();
        fillBenchmark(p.book, m_content, kNow, 5, 21, &p.clock);
        const auto elapsed = timer.elapsed();
        const auto records = p.store.db().queryInt("SELECT count(*) FROM occurrence").value_or(0);
        qInfo("fillBenchmark, 5 years: %lld occurrence records in %lld ms",
              static_cast<long long>(records), static_cast<long long>(elapsed));
        QCOMPARE(p.book.rituals(true).size(), std::size_t(8));
        QVERIFY2(records >= 9'500 && records <= 10'500, std::to_string(records).c_str());
        const auto oldest = p.store.db().queryInt("SELECT min(at) FROM occurrence").value_or(kNow);
        QVERIFY(oldest < kNow - 4 * 365 * kDay);
        QCOMPARE(p.clock.nowMs(), kNow);
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
