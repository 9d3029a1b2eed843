// Care (core/care.h): a therapist links to a couple, both partners accept the policy, the
// therapist assigns, each partner completes and reflects; the therapist's replica, which receives
// only `care` changes (as the server and the keys see to), sees what is shared with it and never
// a private reflection. Maya has two devices, whose concurrent edits converge.
#include "care.h"

#include "checkins.h"
#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "careexchange.h"
#include "twodevices.h"

#include <QTest>

#include <functional>
#include <memory>

using namespace hearth;
using namespace hearth::test;
using nlohmann::json;

namespace {

std::int64_t count(Device &d, const std::string &sql)
{
    return d.store.db().queryInt(sql).value_or(-1);
}

std::size_t logSize(Device &d)
{
    return d.store.changeLog(0, 100000).size();
}

/// Runs `write`, which must throw ValidationError naming `field`, and checks that nothing was
/// written.
void refuses(Device &d, const std::string &field, const std::function<void()> &write)
{
    const std::size_t before = logSize(d);
    hearth::test::refuses(field, write);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(logSize(d), before);
}

std::string status(const DueItem &item)
{
    return std::string(toString(item.status));
}

/// The item of `member` for due date `occurrence` of `assignment`.
DueItem itemOf(const std::vector<DueItem> &items, const std::string &assignment, int occurrence,
               const std::string &member)
{
    for (const DueItem &i : items)
        if (i.assignmentId == assignment && i.occurrence == occurrence && i.memberId == member)
            return i;
    throw std::runtime_error("no such due item");
}

} // namespace

class TestCare : public QObject {
    Q_OBJECT

    ContentLibrary m_content = ContentLibrary::loadDefault();
    std::unique_ptr<Device> m_maya, m_tablet, m_jonas, m_therapist;
    std::string m_mayaId, m_jonasId;

    Care care(Device &d) { return Care(d.store, m_content); }
    Care maya() { return care(*m_maya); }
    Care tablet() { return care(*m_tablet); }
    Care jonas() { return care(*m_jonas); }
    Care therapist() { return care(*m_therapist); }
    void all() { exchangeCare({&m_maya->store, &m_tablet->store, &m_jonas->store, &m_therapist->store}); }
    void later(Millis by)
    {
        for (Device *d : {m_maya.get(), m_tablet.get(), m_jonas.get(), m_therapist.get()})
            d->clock.advance(by);
    }

    /// Maya invites, the therapist joins, both partners accept.
    void link()
    {
        maya().noteInvite(kTherapist);
        all();
        therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", kPolicy);
        all();
        maya().acceptPolicy();
        jonas().acceptPolicy();
        all();
    }

    AssignmentDraft draft(const std::string &assignee = {})
    {
        AssignmentDraft d;
        d.exercise = m_content.exercises().front();
        d.assignee = assignee;
        d.dueOn = "2026-03-02";
        d.everyDays = 7;
        d.times = 3;
        d.note = "Try it after dinner.";
        return d;
    }

private slots:
    void init()
    {
        m_maya = std::make_unique<Device>(1);
        m_jonas = std::make_unique<Device>(2);
        pair(*m_maya, *m_jonas);
        m_mayaId = *m_maya->store.meta("member_id");
        m_jonasId = *m_jonas->store.meta("member_id");
        m_tablet = std::make_unique<Device>(3);
        m_tablet->store.setMeta("space_id", *m_maya->store.meta("space_id"));
        m_tablet->store.setMeta("member_id", m_mayaId);
        m_therapist = std::make_unique<Device>(4);
        m_therapist->store.setMeta("sync.role", "therapist");
        m_therapist->store.setMeta("sync.space", *m_maya->store.meta("space_id"));
        m_therapist->store.setMeta("member_id", kTherapist);
        all();
    }

    void linkBecomesActiveOnceBothAcceptThePolicyAsItReads()
    {
        QVERIFY(!maya().link());
        maya().noteInvite(kTherapist);
        QCOMPARE(maya().link()->invitedBy, m_mayaId);
        QVERIFY(!maya().link()->active);
        refuses(*m_maya, "link", [&] { maya().acceptPolicy(); }); // the therapist has not joined
        refuses(*m_maya, "link", [&] { maya().noteInvite("another"); });
        all();
        // Jonas's devices wrote his card as soon as they heard of the link.
        QCOMPARE(jonas().link()->partners.size(), std::size_t(2));
        refuses(*m_therapist, "policyKind", [&] {
            therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", {"some-secrets", kPolicy.text});
        });
        refuses(*m_therapist, "policyText",
                [&] { therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", {"no-secrets", " "}); });
        refuses(*m_therapist, "policyText", [&] {
            therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", {"no-secrets", "bad \xC3\x28 text"});
        });
        refuses(*m_therapist, "name", [&] { therapist().writeTherapist(kTherapist, "", kPolicy); });
        refuses(*m_maya, "profile", [&] { maya().writeTherapist(kTherapist, "Maya", kPolicy); });
        therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", kPolicy);
        const std::size_t written = logSize(*m_therapist);
        therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", kPolicy); // the same: nothing
        QCOMPARE(logSize(*m_therapist), written);
        all();
        const CareLink joined = *jonas().link();
        QCOMPARE(joined.therapistName, std::string("Dr. Ana Ruiz"));
        QCOMPARE(joined.policy, kPolicy);
        QVERIFY(joined.joinedAt > 0);
        QVERIFY(!joined.active);
        refuses(*m_therapist, "link", [&] { therapist().assign(draft()); });

        maya().acceptPolicy();
        all();
        QVERIFY(!jonas().link()->active);
        QVERIFY(tablet().link()->acceptedByMe);
        QVERIFY(!jonas().link()->acceptedByMe);
        jonas().acceptPolicy();
        all();
        for (Device *d : {m_maya.get(), m_tablet.get(), m_jonas.get(), m_therapist.get()})
            QVERIFY(care(*d).link()->active);
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM acceptance WHERE scope = 'care'"),
                 std::int64_t(2));

        // A new text of the policy asks both again; nothing is assigned meanwhile.
        therapist().writeTherapist(kTherapist, "Dr. Ana Ruiz", {"limited-secrets", "Some things may stay between us."});
        all();
        QVERIFY(!maya().link()->active);
        QVERIFY(!maya().link()->acceptedByMe);
        refuses(*m_therapist, "link", [&] { therapist().assign(draft()); });
        maya().acceptPolicy();
        jonas().acceptPolicy();
        all();
        QVERIFY(therapist().link()->active);
        QVERIFY(!therapist().assign(draft()).empty());
    }

    void assigningChecksEveryFieldAndWritesNothingOtherwise()
    {
        link();
        auto bad = [&](const std::string &field, const std::function<void(AssignmentDraft &)> &change) {
            AssignmentDraft d = draft();
            change(d);
            refuses(*m_therapist, field, [&] { therapist().assign(d); });
        };
        bad("title", [](AssignmentDraft &d) { d.exercise.title = "  "; });
        bad("steps", [](AssignmentDraft &d) { d.exercise.steps.clear(); });
        bad("steps", [](AssignmentDraft &d) { d.exercise.steps[1] = ""; });
        bad("dueOn", [](AssignmentDraft &d) { d.dueOn = "2026-02-30"; });
        bad("dueOn", [](AssignmentDraft &d) { d.dueOn = "next week"; });
        bad("times", [](AssignmentDraft &d) { d.times = 0; });
        bad("times", [](AssignmentDraft &d) { d.times = Care::kMaxTimes + 1; });
        bad("everyDays", [](AssignmentDraft &d) { d.everyDays = 32; });
        bad("everyDays", [](AssignmentDraft &d) { d.everyDays = -1; });
        bad("everyDays", [](AssignmentDraft &d) { d.everyDays = 0; }); // three times, every 0 days
        bad("assignee", [](AssignmentDraft &d) { d.assignee = kTherapist; });
        bad("assignee", [](AssignmentDraft &d) { d.assignee = "someone"; });
        bad("note", [](AssignmentDraft &d) { d.note = std::string(Care::kMaxNote + 1, 'x'); });
        bad("note", [](AssignmentDraft &d) { d.note = "caf\xC3"; });
        bad("minutes", [](AssignmentDraft &d) { d.exercise.minutes = 0; });
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM assignment"), std::int64_t(0));
        refuses(*m_maya, "profile", [&] { maya().assign(draft()); });

        // A due date in the past is allowed: it is overdue at once.
        AssignmentDraft past = draft(m_jonasId);
        past.dueOn = "2020-01-06";
        past.times = 1;
        const std::string id = therapist().assign(past);
        all();
        const auto items = jonas().dueItems("2026-03-01");
        QCOMPARE(items.size(), std::size_t(1));
        QCOMPARE(status(items[0]), std::string("overdue"));
        QCOMPARE(items[0].assignmentId, id);
    }

    void dueItemsPerPartnerAndDueDate()
    {
        link();
        const std::string ours = therapist().assign(draft());
        later(1000);
        AssignmentDraft forJonas = draft(m_jonasId);
        forJonas.exercise = ownExercise("each");
        forJonas.times = 1;
        forJonas.dueOn = "2026-03-05";
        const std::string his = therapist().assign(forJonas);
        all();
        // The custom exercise travels with its assignment: title and steps show without a library.
        const auto copy = maya().assignment(his);
        QVERIFY(copy);
        QCOMPARE(copy->exercise.title, std::string("Two-minute check"));
        QCOMPARE(copy->exercise.steps.size(), std::size_t(2));
        QCOMPARE(maya().assignments().front().id, his); // newest first
        QCOMPARE(copy->dueDates(), std::vector<std::string>{"2026-03-05"});
        QCOMPARE(maya().assignment(ours)->dueDates(),
                 (std::vector<std::string>{"2026-03-02", "2026-03-09", "2026-03-16"}));

        auto items = maya().dueItems("2026-03-09");
        QCOMPARE(items.size(), std::size_t(7)); // 3 dates x 2 partners, and Jonas's own
        QCOMPARE(items[0].dueOn, std::string("2026-03-02"));
        QCOMPARE(status(items[0]), std::string("overdue"));
        QCOMPARE(items[2].assignmentId, his);
        QCOMPARE(items[2].memberId, m_jonasId);
        QCOMPARE(items[3].dueOn, std::string("2026-03-09"));
        QCOMPARE(status(items[3]), std::string("todo")); // due today

        refuses(*m_maya, "assignment", [&] { maya().complete(his, 0); });
        refuses(*m_maya, "occurrence", [&] { maya().complete(ours, 3); });
        refuses(*m_maya, "assignment", [&] { maya().complete("nope", 0); });
        maya().complete(ours, 0);
        const std::size_t written = logSize(*m_maya);
        maya().complete(ours, 0); // again: nothing changes
        QCOMPARE(logSize(*m_maya), written);
        jonas().complete(his, 0);
        all();
        items = therapist().dueItems("2026-03-09");
        QCOMPARE(status(itemOf(items, ours, 0, m_mayaId)), std::string("done"));
        QVERIFY(itemOf(items, ours, 0, m_mayaId).doneAt > 0);
        QCOMPARE(status(itemOf(items, ours, 0, m_jonasId)), std::string("overdue")); // his half
        QCOMPARE(status(itemOf(items, his, 0, m_jonasId)), std::string("done"));

        tablet().reopen(ours, 0);
        all();
        QCOMPARE(status(itemOf(therapist().dueItems("2026-03-09"), ours, 0, m_mayaId)),
                 std::string("overdue"));

        // Withdrawn: gone from the couple's list, the completion stays.
        therapist().withdraw(his);
        all();
        QVERIFY(jonas().assignments().size() == 1);
        QCOMPARE(count(*m_jonas, "SELECT count(*) FROM assignment_done WHERE cl % 2 = 1 AND doneAt > 0"),
                 std::int64_t(1));
    }

    void aCompletionAfterAReopenElsewhereStands()
    {
        link();
        const std::string a = therapist().assign(draft());
        all();
        // The phone completes and reopens; a minute later the tablet, offline, completes.
        maya().complete(a, 0);
        maya().reopen(a, 0);
        m_tablet->clock.advance(60'000);
        tablet().complete(a, 0);
        all();
        for (Device *d : {m_maya.get(), m_tablet.get(), m_therapist.get()})
            QCOMPARE(status(itemOf(care(*d).dueItems("2026-03-01"), a, 0, m_mayaId)), std::string("done"));
    }

    void trendsWrittenAfterSharingStoppedAreBlanked()
    {
        link();
        maya().setShareTrends(true, "Europe/Lisbon");
        all();
        // The tablet stops sharing; the phone, not yet told, publishes new trends.
        tablet().setShareTrends(false, "Europe/Lisbon");
        m_maya->store.apply(Mutation{Mutation::Kind::Update, "care_member", m_mayaId, "care",
                                     {{"trends", nlohmann::json{{"mood", nlohmann::json::array({1})}}}}});
        all();
        all();
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM care_member WHERE trends LIKE '%mood%'"),
                 std::int64_t(0));
        QVERIFY(therapist().sharedTrends().empty());
    }

    void malformedRowsFromAnotherDeviceDoNotBreakTheReaders()
    {
        link();
        const std::string a = therapist().assign(draft());
        all();
        // A newer or hostile device writes JSON of the wrong shapes.
        m_therapist->store.apply(Mutation{Mutation::Kind::Update, "assignment", a, "care",
                                          {{"exercise", nlohmann::json{{"id", 5}, {"title", "Walk"}}},
                                           {"everyDays", 100000000}, {"times", 52}}});
        m_jonas->store.apply(Mutation{Mutation::Kind::Upsert, "reflection", "x:shared", "care",
                                      {{"assignmentId", a}, {"occurrence", 0}, {"memberId", m_jonasId},
                                       {"answers", nlohmann::json::array({{{"prompt", "q"}, {"text", 5}}})},
                                       {"writtenAt", 1}, {"shared", 1}}});
        all();
        const auto list = maya().assignments();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0].exercise.title, std::string("Walk"));
        QVERIFY(list[0].exercise.id.empty());
        for (const std::string &day : list[0].dueDates())
            QVERIFY(day.size() == 10 && day[0] == '2');
        QVERIFY(!maya().dueItems("2026-03-01").empty());
        for (const Reflection &r : therapist().reflections())
            QVERIFY(r.answers.empty());
    }

    void privateReflectionNeverReachesTheTherapist()
    {
        link();
        const std::string id = therapist().assign(draft());
        all();
        const std::string secret = "PRIVATE-WORDS-only-for-me";
        const std::string kept = maya().writeReflection(id, 0, answer(secret), false);
        const std::string open = maya().writeReflection(id, 1, answer("We laughed a lot."), true);
        refuses(*m_maya, "answers", [&] { maya().writeReflection(id, 2, answer("  "), true); });
        refuses(*m_maya, "answers",
                [&] { maya().writeReflection(id, 2, answer(std::string(Care::kMaxAnswer + 1, 'x')), true); });
        refuses(*m_maya, "answers", [&] { maya().writeReflection(id, 2, answer("bad \xFF byte"), true); });
        refuses(*m_maya, "answers", [&] { maya().writeReflection(id, 2, json::object(), true); });
        all();

        // The therapist's database holds the shared one and not a trace of the private one.
        const std::string like = "'%" + secret + "%'";
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM reflection WHERE answers LIKE " + like),
                 std::int64_t(0));
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM reflection WHERE id = '" + kept + "'"),
                 std::int64_t(0));
        for (Device *d : {m_maya.get(), m_tablet.get()})
            for (const auto &[seq, change] : d->store.changeLog(0, 100000))
                if (change.scope == "care")
                    QVERIFY(json(change).dump().find(secret) == std::string::npos);
        QVERIFY(m_therapist->store.stateHash().find(secret) == std::string::npos);
        auto seen = therapist().reflections();
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen[0].id, open);
        QCOMPARE(seen[0].answers[0]["text"].get<std::string>(), std::string("We laughed a lot."));
        QCOMPARE(itemOf(therapist().dueItems("2026-03-09"), id, 1, m_mayaId).reflection->id, open);
        QVERIFY(!itemOf(therapist().dueItems("2026-03-09"), id, 0, m_mayaId).reflection);
        // Maya's tablet reads both of hers; Jonas only the shared one.
        QCOMPARE(tablet().reflections().size(), std::size_t(2));
        QCOMPARE(jonas().reflections().size(), std::size_t(1));

        // Unshared: the copy is blanked and deleted everywhere.
        tablet().setReflectionShared(open, false);
        all();
        QVERIFY(therapist().reflections().empty());
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM reflection WHERE answers <> '[]'"),
                 std::int64_t(0));
        QVERIFY(!maya().reflections()[0].shared);
        refuses(*m_jonas, "id", [&] { jonas().setReflectionShared(open, true); });
    }

    void concurrentSharingOnTwoDevicesConverges_data()
    {
        QTest::addColumn<bool>("unsharingLast");
        QTest::newRow("the rewrite is later") << false;
        QTest::newRow("the unsharing is later") << true;
    }

    void concurrentSharingOnTwoDevicesConverges()
    {
        QFETCH(bool, unsharingLast);
        link();
        const std::string a = therapist().assign(draft());
        all();
        const std::string id = maya().writeReflection(a, 0, answer("Hard, then better."), true);
        all();
        // Both offline: the tablet unshares while the phone rewrites it, still shared.
        const std::function<void()> unshare = [&] { tablet().setReflectionShared(id, false); };
        const std::function<void()> rewrite = [&] {
            maya().writeReflection(a, 0, answer("Hard, then much better."), true);
        };
        (unsharingLast ? rewrite : unshare)();
        m_maya->clock.advance(5000);
        m_tablet->clock.advance(5000);
        (unsharingLast ? unshare : rewrite)();
        all();
        // The phone's rewrite kept the choice it read, so it wrote none: the unsharing stands in
        // either order, and the new words never reach the therapist.
        const bool shared = false;
        QCOMPARE(maya().reflections()[0].shared, shared);
        QCOMPARE(tablet().reflections()[0].shared, shared);
        QCOMPARE(therapist().reflections().size(), std::size_t(shared ? 1 : 0));
        QCOMPARE(jonas().reflections().size(), std::size_t(shared ? 1 : 0));
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM reflection WHERE answers LIKE '%much better%'"),
                 std::int64_t(0));
        QCOMPARE(maya().reflections()[0].answers[0]["text"].get<std::string>(),
                 std::string("Hard, then much better."));
        QCOMPARE(m_maya->store.stateHash(), m_tablet->store.stateHash());
        QCOMPARE(settleCare(m_maya->store), std::size_t(0));
        QCOMPARE(settleCare(m_tablet->store), std::size_t(0));
    }

    void careCardsAreKeptAndWrittenOnce()
    {
        QCOMPARE(settleCare(m_jonas->store), std::size_t(0)); // no link: no card
        link();
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM care_member WHERE cl % 2 = 1"), std::int64_t(2));
        const auto cards = therapist().link()->partners;
        QCOMPARE(cards[cards[0].memberId == m_mayaId ? 0 : 1].name, std::string("Maya"));
        QVERIFY(!cards[0].colour.empty());
        const std::size_t before = logSize(*m_jonas);
        QCOMPARE(settleCare(m_jonas->store), std::size_t(0));
        QCOMPARE(logSize(*m_jonas), before);
        QCOMPARE(settleCare(m_therapist->store), std::size_t(0));

        RitualBook(m_jonas->store).updateMember(m_jonasId, "Jonas B.", "America/Toronto");
        QCOMPARE(settleCare(m_jonas->store), std::size_t(1));
        all();
        bool renamed = false;
        const auto renamedLink = therapist().link();
        for (const CarePerson &p : renamedLink->partners)
            renamed = renamed || p.name == "Jonas B.";
        QVERIFY(renamed);
    }

    void trendsGoOnlyWhereAPartnerSharesThem()
    {
        link();
        const std::string id = CheckIns(m_maya->store, m_content).start("weekly");
        const std::string need = m_content.questionSet("weekly")->question("needs")->needs.front();
        auto answers = [&](int mood) {
            return json{{"mood", mood}, {"closeness", 4}, {"stress", 2},
                        {"needs", json::array({need})}, {"felt-close", "x"}};
        };
        CheckIns(m_maya->store, m_content).saveDraft(id, answers(2));
        CheckIns(m_maya->store, m_content).submit(id);
        all();
        CheckIns(m_jonas->store, m_content).saveDraft(id, answers(5));
        CheckIns(m_jonas->store, m_content).submit(id);
        all();
        QCOMPARE(CheckIns(m_maya->store, m_content).trends("Europe/Lisbon").people.size(), std::size_t(2));

        refuses(*m_maya, "timeZone", [&] { maya().setShareTrends(true, "Mars/Olympus"); });
        QVERIFY(!maya().publishTrends("Europe/Lisbon")); // not shared: nothing
        maya().setShareTrends(true, "Europe/Lisbon");
        QVERIFY(!maya().publishTrends("Europe/Lisbon")); // already as it is
        all();
        auto shared = therapist().sharedTrends();
        QCOMPARE(shared.size(), std::size_t(1));
        QCOMPARE(shared[0].memberId, m_mayaId);
        QCOMPARE(shared[0].name, std::string("Maya"));
        QCOMPARE(shared[0].trends["mood"].size(), std::size_t(1));
        QCOMPARE(shared[0].trends["mood"][0]["average"].get<double>(), 2.0); // hers alone
        QCOMPARE(shared[0].trends["mood"][0]["answers"].get<int>(), 1);
        QVERIFY(m_therapist->store.stateHash().size() > 0);

        maya().setShareTrends(false, "Europe/Lisbon");
        all();
        QVERIFY(therapist().sharedTrends().empty());
        QCOMPARE(count(*m_therapist, "SELECT count(*) FROM care_member WHERE trends LIKE '%mood%'"),
                 std::int64_t(0));
    }

    void endingTheLinkKeepsWhatWasThere()
    {
        link();
        const std::string before = therapist().assign(draft());
        all();
        jonas().complete(before, 0);
        later(kDay);
        maya().endLink();
        refuses(*m_maya, "link", [&] { maya().endLink(); });
        later(kDay);
        // The therapist, offline, assigns after the end.
        const std::string after = therapist().assign(draft());
        all();
        for (Device *d : {m_maya.get(), m_jonas.get()}) {
            QVERIFY(!care(*d).link()->active);
            QCOMPARE(care(*d).link()->endedBy, m_mayaId);
            const auto shown = care(*d).assignments();
            QCOMPARE(shown.size(), std::size_t(1));
            QCOMPARE(shown[0].id, before);
            QVERIFY(!care(*d).assignment(after));
        }
        QCOMPARE(status(itemOf(jonas().dueItems("2026-03-01"), before, 0, m_jonasId)),
                 std::string("done"));
        // The therapist keeps what it has, read-only in effect: no new assignment.
        QCOMPARE(therapist().assignments().size(), std::size_t(2));
        refuses(*m_therapist, "link", [&] { therapist().assign(draft()); });
        // No card is kept for an ended link.
        RitualBook(m_maya->store).updateMember(m_mayaId, "Maya R.", "Europe/Lisbon");
        QCOMPARE(settleCare(m_maya->store), std::size_t(0));
        // A new therapist can be invited.
        maya().noteInvite("5eed000000000002");
        QCOMPARE(maya().link()->therapistId, std::string("5eed000000000002"));
    }

    void customExercisesPublishToTheCouple()
    {
        link();
        Exercise e = ownExercise("each");
        refuses(*m_therapist, "title", [&] {
            Exercise b = e;
            b.title = std::string(Care::kMaxTitle + 1, 'x');
            therapist().publishExercise(b);
        });
        refuses(*m_therapist, "prompts", [&] {
            Exercise b = e;
            b.prompts.clear();
            therapist().publishExercise(b);
        });
        e.who = "each";
        e.id = therapist().publishExercise(e);
        e.title = "Three-minute check";
        QCOMPARE(therapist().publishExercise(e), e.id);
        all();
        const auto list = maya().customExercises();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0].title, std::string("Three-minute check"));
        QCOMPARE(list[0].steps, e.steps);
        QCOMPARE(list[0].who, std::string("each")); // done each on their own, as written
    }
};

QTEST_GUILESS_MAIN(TestCare)
#include "tst_care.moc"
