// The therapist's practice (core/practice.h): a profile of its own, a link adopted from the
// folder the join wrote into, custom exercises that reach every linked couple, the dashboard
// across couples, the per-couple HTML export, and archiving a couple whose link ended. The couple
// is Maya and Jonas on two in-memory devices; the practice's stores are files in a temporary dir.
#include "practice.h"

#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "store.h"
#include "careexchange.h"
#include "twodevices.h"

#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace hearth;
using namespace hearth::test;
using nlohmann::json;

namespace {

const PracticeProfile kProfile{"Dr. Ana Ruiz", "Europe/Lisbon", kPolicy};

} // namespace

class TestPractice : public QObject {
    Q_OBJECT

    ContentLibrary m_content = ContentLibrary::loadDefault();
    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock{1'760'000'000'000};
    std::unique_ptr<SeededRandom> m_random;
    std::unique_ptr<Practice> m_practice;
    std::unique_ptr<Device> m_maya, m_jonas;
    std::string m_space;

    std::filesystem::path dir() const { return m_dir->path().toStdString(); }
    Care maya() { return Care(m_maya->store, m_content); }
    Care jonas() { return Care(m_jonas->store, m_content); }
    Care therapist() { return Care(m_practice->couple(m_space), m_content); }
    void all() { exchangeCare({&m_maya->store, &m_jonas->store, &m_practice->couple(m_space)}); }

    /// What linkCouple does: a pending folder joined as the therapist (here: holding what the
    /// couple's care rows say), adopted.
    std::string join()
    {
        maya().noteInvite(kTherapist);
        exchangeCare({&m_maya->store, &m_jonas->store});
        const std::filesystem::path folder = m_practice->newPendingFolder();
        {
            Store pending(folder / "profile.db", m_clock, *m_random);
            pending.setMeta("sync.role", "therapist");
            pending.setMeta("sync.space", *m_maya->store.meta("space_id"));
            pending.setMeta("member_id", kTherapist);
            exchangeCare({&m_maya->store, &m_jonas->store, &pending});
        }
        return m_practice->adoptPending(folder);
    }

    /// Linked, with the policy both accepted.
    void link()
    {
        m_practice->create(kProfile);
        m_space = join();
        all();
        maya().acceptPolicy();
        jonas().acceptPolicy();
        all();
    }

    AssignmentDraft draft(const std::string &dueOn, const std::string &assignee = {})
    {
        AssignmentDraft d;
        d.exercise = m_content.exercises().front();
        d.assignee = assignee;
        d.dueOn = dueOn;
        return d;
    }

private slots:
    void init()
    {
        m_clock.set(1'760'000'000'000);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_random = std::make_unique<SeededRandom>(9);
        m_practice = std::make_unique<Practice>(dir(), m_clock, *m_random, m_content);
        m_maya = std::make_unique<Device>(1);
        m_jonas = std::make_unique<Device>(2);
        pair(*m_maya, *m_jonas);
        m_space.clear();
    }

    void cleanup()
    {
        m_practice.reset();
    }

    void creatingChecksTheProfile()
    {
        QVERIFY(!m_practice->exists());
        auto bad = [&](const std::string &field, const std::function<void(PracticeProfile &)> &change) {
            PracticeProfile p = kProfile;
            change(p);
            refuses(field, [&] { m_practice->create(p); });
            QVERIFY(!m_practice->exists());
        };
        bad("name", [](PracticeProfile &p) { p.name = " "; });
        bad("name", [](PracticeProfile &p) { p.name = std::string(81, 'x'); });
        bad("timeZone", [](PracticeProfile &p) { p.timeZone = "Mars/Olympus"; });
        bad("policyKind", [](PracticeProfile &p) { p.policy.kind = "secrets"; });
        bad("policyText", [](PracticeProfile &p) { p.policy.text = ""; });
        bad("policyText", [](PracticeProfile &p) { p.policy.text = "bad \xC3\x28"; });
        m_practice->create(kProfile);
        QVERIFY(m_practice->exists());
        QVERIFY(Practice::isPractice(m_practice->store()));
        QCOMPARE(m_practice->profile(), kProfile);
        refuses("profile", [&] { m_practice->create(kProfile); });

        // A partner's profile does not become a practice.
        QTemporaryDir other;
        {
            ManualClock clock{1'760'000'000'000};
            SeededRandom random(5);
            Store store(std::filesystem::path(other.path().toStdString()) / "profile.db", clock, random);
            RitualBook(store).createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        }
        Practice partner(other.path().toStdString(), m_clock, *m_random, m_content);
        refuses("profile", [&] { partner.create(kProfile); });
        QVERIFY(!partner.exists());
    }

    void adoptingALinkWritesTheTherapistAndTheExercises()
    {
        m_practice->create(kProfile);
        const std::string own = m_practice->saveExercise(ownExercise());
        refuses("steps", [&] {
            Exercise e = ownExercise();
            e.steps = {"Only one."};
            m_practice->saveExercise(e);
        });
        QCOMPARE(m_practice->customExercises().size(), std::size_t(1));

        // A folder that has not joined, or that is not a link in progress, is refused as it is.
        const auto unjoined = m_practice->newPendingFolder();
        { Store empty(unjoined / "profile.db", m_clock, *m_random); }
        refuses("folder", [&] { (void)m_practice->adoptPending(unjoined); });
        QVERIFY(std::filesystem::exists(unjoined));
        refuses("folder", [&] { (void)m_practice->adoptPending(dir() / "elsewhere"); });
        std::filesystem::remove_all(unjoined);

        m_space = join();
        QCOMPARE(m_space, *m_maya->store.meta("space_id"));
        QVERIFY(std::filesystem::exists(m_practice->couplePath(m_space) / "profile.db"));
        QCOMPARE(&m_practice->couple(m_space), &m_practice->couple(m_space));
        refuses("spaceId", [&] { (void)m_practice->couple("nope"); });
        refuses("spaceId", [&] { (void)m_practice->couple("../couples"); });
        const CareLink link = *therapist().link();
        QCOMPARE(link.therapistName, kProfile.name);
        QCOMPARE(link.policy, kProfile.policy);
        QCOMPARE(therapist().customExercises().size(), std::size_t(1));
        QCOMPARE(therapist().customExercises()[0].id, own);

        all();
        QCOMPARE(maya().customExercises()[0].title, std::string("Two-minute check"));
        const auto couples = m_practice->couples();
        QCOMPARE(couples.size(), std::size_t(1));
        QCOMPARE(couples[0].name, std::string("Maya & Jonas"));
        QVERIFY(!couples[0].ended);
        QVERIFY(!couples[0].link->active);

        // An exercise saved later reaches the linked couple too.
        Exercise second = ownExercise();
        second.title = "Appreciation round";
        (void)m_practice->saveExercise(second);
        all();
        QCOMPARE(jonas().customExercises().size(), std::size_t(2));
        m_practice->removeExercise(own);
        all();
        QCOMPARE(jonas().customExercises().size(), std::size_t(1));
        refuses("id", [&] { m_practice->removeExercise("nope"); });
    }

    void aNewPolicyIsAskedAgainOfEveryLinkedCouple()
    {
        link();
        QVERIFY(m_practice->couples()[0].link->active);
        PracticeProfile changed = kProfile;
        changed.policy = {"limited-secrets", "Some things may stay between one of you and me."};
        refuses("policyText", [&] {
            PracticeProfile p = changed;
            p.policy.text = std::string(Care::kMaxPolicy + 1, 'x');
            m_practice->update(p);
        });
        QCOMPARE(m_practice->profile(), kProfile);
        m_practice->update(changed);
        QCOMPARE(m_practice->profile(), changed);
        QCOMPARE(therapist().link()->policy, changed.policy);
        all();
        QVERIFY(!maya().link()->active);
        QCOMPARE(maya().link()->policy, changed.policy);
    }

    void dashboardAcrossCouples()
    {
        link();
        const std::string late = therapist().assign(draft("2025-10-01"));
        const std::string soon = therapist().assign(draft("2025-10-12", *m_jonas->store.meta("member_id")));
        (void)therapist().assign(draft("2025-11-30"));
        all();
        maya().complete(late, 0);
        jonas().writeReflection(soon, 0, answer("It felt good to be asked."), true);
        maya().writeReflection(late, 0, answer("PRIVATE-to-me"), false);
        all();

        PracticeDashboard board = m_practice->dashboard("2025-10-09");
        QCOMPARE(board.overdue.size(), std::size_t(1)); // Jonas's half of the late one
        QCOMPARE(board.overdue[0].partnerName, std::string("Jonas"));
        QCOMPARE(board.overdue[0].coupleName, std::string("Maya & Jonas"));
        QCOMPARE(board.overdue[0].title, m_content.exercises().front().title);
        QCOMPARE(board.dueSoon.size(), std::size_t(1));
        QCOMPARE(board.dueSoon[0].item.assignmentId, soon);
        QCOMPARE(board.recentlyDone.size(), std::size_t(1));
        QCOMPARE(board.recentlyDone[0].partnerName, std::string("Maya"));
        QCOMPARE(board.newReflections.size(), std::size_t(1));
        QCOMPARE(board.newReflections[0].partnerName, std::string("Jonas"));

        m_practice->markSeen(m_space);
        QVERIFY(m_practice->dashboard("2025-10-09").newReflections.empty());
        m_jonas->clock.advance(kDay);
        jonas().writeReflection(soon, 0, answer("It felt good to be asked, twice."), true);
        all();
        QCOMPARE(m_practice->dashboard("2025-10-09").newReflections.size(), std::size_t(1));

        // Three weeks on: the completion is no longer recent.
        m_clock.advance(21 * kDay);
        QVERIFY(m_practice->dashboard("2025-10-30").recentlyDone.empty());
    }

    void exportIsAReadableDocumentOfWhatTheTherapistMayRead()
    {
        link();
        AssignmentDraft d = draft("2025-10-01");
        d.note = "Try it <b>after</b> dinner & talk.";
        d.everyDays = 7;
        d.times = 2;
        const std::string a = therapist().assign(d);
        all();
        maya().complete(a, 0);
        maya().writeReflection(a, 0, answer("We <laughed> a lot."), true);
        jonas().writeReflection(a, 0, answer("PRIVATE-jonas-words"), false);
        all();
        const std::string doc = m_practice->exportHtml(m_space, "2025-10-09");
        qInfo("%s", doc.c_str());
        QVERIFY(doc.starts_with("<!DOCTYPE html>"));
        QVERIFY(doc.find("</html>") != std::string::npos);
        QVERIFY(doc.find("<h1>Maya &amp; Jonas</h1>") != std::string::npos);
        QVERIFY(doc.find("Dr. Ana Ruiz") != std::string::npos);
        QVERIFY(doc.find("2025-10-09") != std::string::npos);
        QVERIFY(doc.find(m_content.exercises().front().title) != std::string::npos);
        QVERIFY(doc.find("Try it &lt;b&gt;after&lt;/b&gt; dinner &amp; talk.") != std::string::npos);
        QVERIFY(doc.find("<tr><th>Due</th><th>Maya</th><th>Jonas</th></tr>") != std::string::npos);
        QVERIFY(doc.find("<td>2025-10-08</td>") != std::string::npos);
        QVERIFY(doc.find("Linked since 2025-10-09") != std::string::npos);
        QVERIFY(doc.find("Done 20") != std::string::npos);
        QVERIFY(doc.find("Overdue") != std::string::npos);
        QVERIFY(doc.find("We &lt;laughed&gt; a lot.") != std::string::npos);
        QVERIFY(doc.find("PRIVATE") == std::string::npos);
        QVERIFY(doc.find("<b>") == std::string::npos);
    }

    void anEndedCoupleCanBeArchived()
    {
        link();
        refuses("spaceId", [&] { m_practice->archive(m_space); });
        maya().endLink();
        all();
        QVERIFY(m_practice->couples()[0].ended);
        QVERIFY(m_practice->dashboard("2025-10-09").overdue.empty());
        m_practice->archive(m_space);
        QVERIFY(m_practice->couples().empty());
        QVERIFY(std::filesystem::exists(dir() / "archived" / m_space / "profile.db"));
        refuses("spaceId", [&] { (void)m_practice->couple(m_space); });
    }
};

QTEST_GUILESS_MAIN(TestPractice)
#include "tst_practice.moc"
