// Needs (core/needs.h): each partner's map of needs, triggers and what helps, private or shared;
// the log of moments of activation and its patterns; private Learn reflections. What a person
// keeps private never reaches the partner's device, and what they take back leaves nothing there.
#include "needs.h"

#include "contentlibrary.h"
#include "errors.h"
#include "twodevices.h"
#include "../sync/statedigest.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace hearth;
using namespace hearth::test;
using nlohmann::json;

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

NeedItemDraft item(std::string kind, std::string text, std::string detail = {}, bool shared = false)
{
    NeedItemDraft d;
    d.kind = std::move(kind);
    d.text = std::move(text);
    d.detail = std::move(detail);
    d.shared = shared;
    return d;
}

ActivationDraft moment(Millis at, std::string situation, bool shared = false)
{
    ActivationDraft d;
    d.happenedAt = at;
    d.situation = std::move(situation);
    d.body = {"tight chest"};
    d.emotion = "worried";
    d.intensity = 6;
    d.reaction = "I checked my phone again and again";
    d.needed = {"reassurance"};
    d.note = "It passed once he wrote back.";
    d.shared = shared;
    return d;
}

/// The field a ValidationError names, or "" when `f` throws none.
QString refusedField(const std::function<void()> &f)
{
    try {
        f();
    } catch (const ValidationError &e) {
        return QString::fromStdString(e.field());
    }
    return {};
}

/// Every byte of a store's database, with its write-ahead log folded in first and read too.
QByteArray fileBytes(Store &store, const QString &path)
{
    store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    QByteArray bytes;
    for (const QString &p : {path, path + "-wal", path + "-journal"}) {
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll();
    }
    return bytes;
}

/// Gives `phone` the profile of `laptop`'s person: a second device of the same person.
void sameProfile(Device &laptop, Device &phone)
{
    deliver(laptop, phone, true);
    phone.store.setMeta("space_id", *laptop.store.meta("space_id"));
    phone.store.setMeta("member_id", *laptop.store.meta("member_id"));
}

std::int64_t count(Store &store, const std::string &sql)
{
    return store.db().queryInt(sql).value_or(-1);
}

/// Maya's laptop and phone, and Jonas's device with its database in a file (to read its bytes):
/// for what two devices of one person do before they have heard of each other.
struct ThreeDevices {
    QTemporaryDir dir;
    QString jonasFile = dir.filePath("jonas.db");
    Device laptop{31};
    Device phone{32};
    Device jonas{33, jonasFile.toStdString()};

    ThreeDevices()
    {
        pair(laptop, jonas);
        sameProfile(laptop, phone);
    }

    /// Every device delivers everything it wrote to every other (private rows only between
    /// Maya's two), each merge followed by the steps sync runs, until a round changes nothing
    /// anywhere. Returns the rounds that took, or 0 when it never came to rest.
    int exchange()
    {
        const std::vector<Device *> all = {&laptop, &phone, &jonas};
        const auto states = [&] {
            return laptop.store.stateHash() + phone.store.stateHash() + jonas.store.stateHash();
        };
        for (int round = 1; round <= 10; ++round) {
            const std::string before = states();
            for (Device *from : all)
                for (Device *to : all)
                    if (from != to) {
                        // `seen` follows one other device's log: read each from its start
                        // (merging a change twice changes nothing).
                        to->seen = 0;
                        deliver(*from, *to, from != &jonas && to != &jonas);
                    }
            if (states() == before)
                return round;
        }
        return 0;
    }

    /// Everything Jonas's database file holds, its log folded in.
    QByteArray jonasBytes() { return fileBytes(jonas.store, jonasFile); }
};

} // namespace

class TestNeeds : public QObject {
    Q_OBJECT

    ContentLibrary m_content = ContentLibrary::loadDefault();
    std::unique_ptr<Device> m_maya;
    std::unique_ptr<Device> m_jonas;

    Needs maya() { return Needs(m_maya->store, m_content); }
    Needs jonas() { return Needs(m_jonas->store, m_content); }
    void both()
    {
        deliver(*m_maya, *m_jonas);
        deliver(*m_jonas, *m_maya);
    }
    Millis now() const { return m_maya->clock.nowMs(); }
    void later(Millis by)
    {
        m_maya->clock.advance(by);
        m_jonas->clock.advance(by);
    }
    /// Runs `f`, which must be refused naming `field`, and checks it changed nothing.
    void refuses(const char *field, const std::function<void()> &f)
    {
        const std::string before = m_maya->store.stateHash();
        const auto logBefore = m_maya->store.changeLog().size();
        QCOMPARE(refusedField(f), QString::fromLatin1(field));
        QCOMPARE(m_maya->store.stateHash(), before);
        QCOMPARE(m_maya->store.changeLog().size(), logBefore);
    }
    /// Every change in `d`'s log that carries `marker` anywhere in its fields.
    static std::vector<Change> changesWith(Device &d, const std::string &marker)
    {
        std::vector<Change> out;
        for (auto &[seq, change] : d.store.changeLog(0, 100000))
            if (change.fields.dump().find(marker) != std::string::npos)
                out.push_back(change);
        return out;
    }
    /// After a full exchange: Maya's devices hold one state, all three hold the same shared rows,
    /// there is nothing left to settle, and Jonas's device wrote nothing of Maya's map or log.
    static void checkAgreed(ThreeDevices &t)
    {
        QCOMPARE(t.laptop.store.stateHash(), t.phone.store.stateHash());
        QCOMPARE(sharedDigest(t.laptop.store), sharedDigest(t.jonas.store));
        for (Store *s : {&t.laptop.store, &t.phone.store, &t.jonas.store}) {
            const auto before = s->changeLog(0, 100000).size();
            QCOMPARE(settleSharedCopies(*s), std::size_t(0));
            QCOMPARE(s->changeLog(0, 100000).size(), before);
        }
        for (const auto &[seq, c] : t.jonas.store.changeLog(0, 100000))
            QVERIFY(c.entity != "need" && c.entity != "activation");
    }
    /// Maya's item `id` is shared, reads `text` on both her devices, once; Jonas reads it.
    void checkShared(ThreeDevices &t, const std::string &id, const std::string &text)
    {
        for (Store *s : {&t.laptop.store, &t.phone.store}) {
            const auto items = Needs(*s, m_content).mine();
            QCOMPARE(items.size(), std::size_t(1));
            QCOMPARE(items[0].id, id);
            QCOMPARE(items[0].text, text);
            QVERIFY(items[0].shared);
        }
        const auto his = Needs(t.jonas.store, m_content).partners();
        QCOMPARE(his.size(), std::size_t(1));
        QCOMPARE(his[0].id, id + ":shared");
        QCOMPARE(his[0].text, text);
    }
    /// Jonas's device has nothing of Maya's map: no live row, no words, not in its file.
    void checkJonasHasNothing(ThreeDevices &t, const std::string &marker)
    {
        QVERIFY(Needs(t.jonas.store, m_content).partners().empty());
        QCOMPARE(count(t.jonas.store, "SELECT count(*) FROM need WHERE cl % 2 = 1 OR text <> '' "
                                      "OR note <> '' OR suggestionId <> ''"),
                 std::int64_t(0));
        QVERIFY(!t.jonasBytes().contains(marker.c_str()));
    }
    /// Maya's item `id` is private and reads `text` on both her devices; Jonas has nothing of it.
    void checkPrivate(ThreeDevices &t, const std::string &id, const std::string &text,
                      const std::string &marker)
    {
        for (Store *s : {&t.laptop.store, &t.phone.store}) {
            const auto items = Needs(*s, m_content).mine();
            QCOMPARE(items.size(), std::size_t(1));
            QCOMPARE(items[0].id, id);
            QCOMPARE(items[0].text, text);
            QVERIFY(!items[0].shared);
        }
        checkJonasHasNothing(t, marker);
    }

private slots:
    void init()
    {
        m_maya = std::make_unique<Device>(1);
        m_jonas = std::make_unique<Device>(2);
        pair(*m_maya, *m_jonas);
    }

    void addingChecksWhatItIsTold()
    {
        refuses("kind", [&] { (void)maya().add(item("wish", "To be asked")); });
        refuses("kind", [&] { (void)maya().add(item("Need", "To be asked")); });
        refuses("detail", [&] { (void)maya().add(item("trigger", "A late reply")); });
        refuses("detail", [&] { (void)maya().add(item("trigger", "A late reply", "Situation")); });
        refuses("detail", [&] { (void)maya().add(item("need", "To be asked", "situation")); });
        refuses("text", [&] { (void)maya().add(item("need", "")); });
        refuses("text", [&] { (void)maya().add(item("need", " \n\t ")); });
        refuses("text", [&] { (void)maya().add(item("need", std::string(201, 'x'))); });
        refuses("text", [&] { (void)maya().add(item("need", "bad \xff bytes")); });
        NeedItemDraft longNote = item("need", "To be asked");
        longNote.note = std::string(1001, 'n');
        refuses("note", [&] { (void)maya().add(longNote); });
        NeedItemDraft unknown = item("need", "To be asked");
        unknown.suggestionId = "no-such-need";
        refuses("suggestionId", [&] { (void)maya().add(unknown); });
        NeedItemDraft notANeed = item("helps", "A walk");
        notANeed.suggestionId = "reassurance"; // a need id, not a suggestion of what helps
        refuses("suggestionId", [&] { (void)maya().add(notANeed); });
        QVERIFY(maya().mine().empty());

        // 200 characters are fine, counted as a person counts them (here two bytes each).
        std::string twoHundred;
        for (int i = 0; i < 200; ++i)
            twoHundred += "\xc3\xa9";
        QVERIFY(!maya().add(item("need", twoHundred)).empty());
        NeedItemDraft reassurance = item("need", "  To hear that we're okay  ");
        reassurance.suggestionId = "reassurance";
        reassurance.note = std::string(1000, 'n');
        const std::string id = maya().add(reassurance);
        const auto mine = maya().mine();
        QCOMPARE(mine.size(), std::size_t(2));
        QCOMPARE(mine[1].id, id);
        QCOMPARE(mine[1].text, std::string("To hear that we're okay")); // trimmed
        QCOMPARE(mine[1].suggestionId, std::string("reassurance"));
        QCOMPARE(mine[1].memberId, *m_maya->store.meta("member_id"));
        QVERIFY(!mine[1].shared);
        QCOMPARE(mine[1].createdAt, now());
    }

    void suggestionsOfTriggersAndHelpsComeFromContent()
    {
        const UsContent &us = m_content.us();
        if (us.situations.empty() || us.bodySensations.empty() || us.earlySigns.empty()
            || us.helps.empty())
            QSKIP("content/us.json has no suggestions yet");
        const std::vector<std::pair<std::string, const std::vector<Suggestion> *>> details = {
            {"situation", &us.situations}, {"body", &us.bodySensations}, {"sign", &us.earlySigns}};
        for (const auto &[detail, list] : details) {
            NeedItemDraft d = item("trigger", list->front().label, detail);
            d.suggestionId = list->front().id;
            QVERIFY(!maya().add(d).empty());
            d.suggestionId = "no-such-suggestion";
            refuses("suggestionId", [&] { (void)maya().add(d); });
        }
        // A situation's id is not a body sensation's.
        const auto &situation = us.situations.front().id;
        if (std::none_of(us.bodySensations.begin(), us.bodySensations.end(),
                         [&](const Suggestion &s) { return s.id == situation; })) {
            NeedItemDraft wrong = item("trigger", "Tight chest", "body");
            wrong.suggestionId = situation;
            refuses("suggestionId", [&] { (void)maya().add(wrong); });
        }
        NeedItemDraft helps = item("helps", us.helps.front().label);
        helps.suggestionId = us.helps.front().id;
        QVERIFY(!maya().add(helps).empty());
        QCOMPARE(maya().mine().size(), std::size_t(4));
    }

    void eachKindHoldsAtMostTwoHundred()
    {
        for (std::size_t i = 0; i < Needs::kMaxItems; ++i)
            (void)maya().add(item("need", "Need " + std::to_string(i)));
        refuses("kind", [&] { (void)maya().add(item("need", "One more")); });
        // Other kinds, and the partner, count on their own.
        QVERIFY(!maya().add(item("helps", "A walk together")).empty());
        QVERIFY(!jonas().add(item("need", "Time to myself")).empty());
        // Removing one makes room again.
        maya().remove(maya().mine().front().id);
        QVERIFY(!maya().add(item("need", "One more")).empty());
    }

    void myMapIsInKindOrderThenOldestFirst()
    {
        const std::string walk = maya().add(item("helps", "A walk together"));
        later(kMinute);
        const std::string late = maya().add(item("trigger", "A late reply", "situation"));
        later(kMinute);
        const std::string asked = maya().add(item("need", "To be asked how I am"));
        later(kMinute);
        const std::string chest = maya().add(item("trigger", "Tight chest", "body"));
        later(kMinute);
        const std::string held = maya().add(item("need", "To be held", {}, true));
        std::vector<std::string> ids;
        for (const NeedItem &i : maya().mine())
            ids.push_back(i.id);
        QCOMPARE(ids, (std::vector<std::string>{asked, held, late, chest, walk}));

        (void)jonas().add(item("helps", "Music", {}, true));
        later(kMinute);
        (void)jonas().add(item("need", "Quiet after work", {}, true));
        (void)jonas().add(item("need", "A secret one"));
        both();
        const auto his = maya().partners();
        QCOMPARE(his.size(), std::size_t(2));
        QCOMPARE(his[0].text, std::string("Quiet after work"));
        QCOMPARE(his[1].text, std::string("Music"));
        QVERIFY(his[0].shared && his[1].shared);
        const auto shared = jonas().partners();
        QCOMPARE(shared.size(), std::size_t(1));
        QCOMPARE(shared[0].id, held + ":shared"); // the copy Maya's devices keep for him
    }

    void editingKeepsKindAndVisibility()
    {
        const std::string id = maya().add(item("trigger", "A late reply", "situation", true));
        refuses("text", [&] { maya().edit(id, " ", ""); });
        refuses("note", [&] { maya().edit(id, "Fine", std::string(1001, 'n')); });
        refuses("id", [&] { maya().edit("no-such-id", "Fine", ""); });
        later(kMinute);
        maya().edit(id, "A reply that doesn't come", "Especially at night.");
        both();
        const auto his = jonas().partners();
        QCOMPARE(his.size(), std::size_t(1));
        QCOMPARE(his[0].id, id + ":shared");
        QCOMPARE(his[0].text, std::string("A reply that doesn't come"));
        QCOMPARE(his[0].note, std::string("Especially at night."));
        QCOMPARE(his[0].kind, std::string("trigger"));
        QCOMPARE(his[0].detail, std::string("situation"));
        QVERIFY(his[0].shared);
    }

    void onlyTheAuthorChangesAnItem()
    {
        const std::string id = maya().add(item("need", "To be asked", {}, true));
        const std::string mom = maya().logActivation(moment(now() - kHour, "He was late", true));
        both();
        const std::string before = m_jonas->store.stateHash();
        const std::string mayaBefore = m_maya->store.stateHash();
        // Not the item (Jonas's device never had it), not the copy Jonas reads, and not the copy
        // through Maya's own device either: it follows the item.
        QCOMPARE(refusedField([&] { jonas().edit(id + ":shared", "Mine now", ""); }), QString("id"));
        QCOMPARE(refusedField([&] { (void)jonas().setShared(id + ":shared", false); }), QString("id"));
        QCOMPARE(refusedField([&] { jonas().remove(id + ":shared"); }), QString("id"));
        QCOMPARE(refusedField([&] { jonas().removeActivation(mom + ":shared"); }), QString("id"));
        QCOMPARE(refusedField([&] { maya().edit(id + ":shared", "Changed", ""); }), QString("id"));
        QCOMPARE(refusedField([&] { maya().removeActivation(mom + ":shared"); }), QString("id"));
        QCOMPARE(m_maya->store.stateHash(), mayaBefore);
        QCOMPARE(refusedField([&] { jonas().edit(id, "Mine now", ""); }), QString("id"));
        QCOMPARE(refusedField([&] { (void)jonas().setShared(id, false); }), QString("id"));
        QCOMPARE(refusedField([&] { jonas().remove(id); }), QString("id"));
        QCOMPARE(refusedField([&] { jonas().editActivation(mom, moment(now(), "x")); }), QString("id"));
        QCOMPARE(refusedField([&] { (void)jonas().setActivationShared(mom, false); }), QString("id"));
        QCOMPARE(refusedField([&] { jonas().removeActivation(mom); }), QString("id"));
        QCOMPARE(refusedField([&] { jonas().remove("no-such-id"); }), QString("id"));
        QCOMPARE(m_jonas->store.stateHash(), before);
        QCOMPARE(jonas().partners().size(), std::size_t(1));
        QCOMPARE(jonas().activations(true).size(), std::size_t(1));
    }

    void aPrivateItemNeverLeavesItsAuthorsDevices()
    {
        Device phone(3);
        sameProfile(*m_maya, phone);
        const std::string marker = "MARKER-private-need-7731";
        NeedItemDraft d = item("need", marker);
        d.note = marker + " note";
        const std::string id = maya().add(d);
        maya().edit(id, marker + " edited", marker + " note edited");
        const std::string mom = maya().logActivation(moment(now() - kHour, marker + " moment"));
        both();
        deliver(*m_maya, phone, true);

        QCOMPARE(count(m_jonas->store, "SELECT count(*) FROM need"), std::int64_t(0));
        QCOMPARE(count(m_jonas->store, "SELECT count(*) FROM activation"), std::int64_t(0));
        QVERIFY(jonas().partners().empty());
        QVERIFY(jonas().activations(true).empty());
        // Not one change carrying its words went out under the couple's scope.
        const auto carrying = changesWith(*m_maya, marker);
        QCOMPARE(carrying.size(), std::size_t(3));
        for (const Change &c : carrying)
            QCOMPARE(c.scope, std::string("private"));
        // Maya's phone has it all.
        Needs onPhone(phone.store, m_content);
        QCOMPARE(onPhone.mine().size(), std::size_t(1));
        QCOMPARE(onPhone.mine()[0].text, marker + " edited");
        QCOMPARE(onPhone.activations().size(), std::size_t(1));
        QCOMPARE(onPhone.activations()[0].id, mom);
    }

    void sharingShowsItAndTakingItBackLeavesNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString mayaFile = dir.filePath("maya.db");
        const QString jonasFile = dir.filePath("jonas.db");
        Device mayaDevice(11, mayaFile.toStdString());
        Device jonasDevice(12, jonasFile.toStdString());
        pair(mayaDevice, jonasDevice);
        Device phone(13);
        sameProfile(mayaDevice, phone);
        Needs mine(mayaDevice.store, m_content);
        Needs his(jonasDevice.store, m_content);

        const std::string marker = "MARKER-shared-then-private-4410";
        NeedItemDraft d = item("trigger", marker, "sign");
        d.note = marker + " note";
        const std::string id = mine.add(d);
        const Millis createdAt = mayaDevice.clock.nowMs();
        mayaDevice.clock.advance(kHour);
        const auto logBefore = mayaDevice.store.changeLog(0, 100000).size();
        QCOMPARE(mine.setShared(id, false), id); // already so: nothing written
        QCOMPARE(mayaDevice.store.changeLog(0, 100000).size(), logBefore);
        deliver(mayaDevice, jonasDevice);
        QVERIFY(his.partners().empty());
        for (const Change &c : changesWith(mayaDevice, marker))
            QCOMPARE(c.scope, std::string("private"));

        QCOMPARE(mine.setShared(id, true), id); // the id stays
        deliver(mayaDevice, jonasDevice);
        deliver(mayaDevice, phone, true);
        const auto seen = his.partners();
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen[0].id, id + ":shared");
        QCOMPARE(seen[0].text, marker);
        QCOMPARE(seen[0].note, marker + " note");
        QCOMPARE(seen[0].detail, std::string("sign"));
        QCOMPARE(seen[0].createdAt, createdAt);
        QCOMPARE(seen[0].memberId, *mayaDevice.store.meta("member_id"));
        QVERIFY(seen[0].shared);
        QVERIFY(his.mine().empty()); // not his
        for (Store *s : {&mayaDevice.store, &phone.store}) {
            const auto items = Needs(*s, m_content).mine();
            QCOMPARE(items.size(), std::size_t(1)); // one item, not the item and its copy
            QCOMPARE(items[0].id, id);
            QVERIFY(items[0].shared);
        }
        QVERIFY(QByteArray(fileBytes(jonasDevice.store, jonasFile)).contains(marker.c_str()));

        // Shared, an edit reaches him too.
        mayaDevice.clock.advance(kMinute);
        mine.edit(id, marker + " edited", marker + " note edited");
        deliver(mayaDevice, jonasDevice);
        QCOMPARE(his.partners().at(0).text, marker + " edited");

        QCOMPARE(mine.setShared(id, false), id);
        deliver(mayaDevice, jonasDevice);
        deliver(mayaDevice, phone, true);
        QVERIFY(his.partners().empty());
        QCOMPARE(count(jonasDevice.store, "SELECT count(*) FROM need WHERE cl % 2 = 1"), std::int64_t(0));
        QCOMPARE(count(jonasDevice.store, "SELECT count(*) FROM need WHERE text <> '' OR note <> ''"),
                 std::int64_t(0));
        QVERIFY(!fileBytes(jonasDevice.store, jonasFile).contains(marker.c_str()));
        // Jonas's device wrote nothing of hers.
        for (const auto &[seq, c] : jonasDevice.store.changeLog(0, 100000))
            QVERIFY(c.entity != "need");
        // Still Maya's, privately, on both her devices, as she left it.
        for (Store *s : {&mayaDevice.store, &phone.store}) {
            const auto items = Needs(*s, m_content).mine();
            QCOMPARE(items.size(), std::size_t(1));
            QCOMPARE(items[0].id, id);
            QCOMPARE(items[0].text, marker + " edited");
            QCOMPARE(items[0].note, marker + " note edited");
            QCOMPARE(items[0].createdAt, createdAt);
            QVERIFY(!items[0].shared);
        }
        QCOMPARE(mayaDevice.store.stateHash(), phone.store.stateHash());
        // Nothing is left to settle anywhere: a check writes nothing.
        for (Store *s : {&mayaDevice.store, &phone.store, &jonasDevice.store}) {
            const auto before = s->changeLog(0, 100000).size();
            QCOMPARE(settleSharedCopies(*s), std::size_t(0));
            QCOMPARE(s->changeLog(0, 100000).size(), before);
        }
    }

    void aMomentSharedAndTakenBackLeavesNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString jonasFile = dir.filePath("jonas.db");
        Device mayaDevice(21, dir.filePath("maya.db").toStdString());
        Device jonasDevice(22, jonasFile.toStdString());
        pair(mayaDevice, jonasDevice);
        Needs mine(mayaDevice.store, m_content);
        Needs his(jonasDevice.store, m_content);

        const std::string marker = "MARKER-moment-9902";
        ActivationDraft d = moment(mayaDevice.clock.nowMs() - kHour, marker + " situation");
        d.body = {marker + " body"};
        d.emotion = marker + " emotion";
        d.reaction = marker + " reaction";
        d.needed = {marker + " needed"};
        d.note = marker + " note";
        const std::string id = mine.logActivation(d);
        deliver(mayaDevice, jonasDevice);
        QVERIFY(his.activations(true).empty());
        for (const Change &c : changesWith(mayaDevice, marker))
            QCOMPARE(c.scope, std::string("private"));

        QCOMPARE(mine.setActivationShared(id, true), id);
        deliver(mayaDevice, jonasDevice);
        const auto seen = his.activations(true);
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen[0].id, id + ":shared");
        QCOMPARE(seen[0].situation, marker + " situation");
        QCOMPARE(seen[0].body, std::vector<std::string>{marker + " body"});
        QCOMPARE(seen[0].memberId, *mayaDevice.store.meta("member_id"));
        QVERIFY(seen[0].shared);
        QVERIFY(his.activation(id + ":shared").has_value());
        QVERIFY(his.activations(false).empty()); // not his own
        QCOMPARE(mine.activations(true).size(), std::size_t(1)); // her own, not twice
        QVERIFY(mine.activation(id)->shared);
        QVERIFY(!mine.activation(id + ":shared")); // her copy is not a moment of its own

        QCOMPARE(mine.setActivationShared(id, false), id);
        deliver(mayaDevice, jonasDevice);
        QVERIFY(his.activations(true).empty());
        QVERIFY(!his.activation(id + ":shared"));
        QCOMPARE(count(jonasDevice.store, "SELECT count(*) FROM activation WHERE cl % 2 = 1"), std::int64_t(0));
        QCOMPARE(count(jonasDevice.store, "SELECT count(*) FROM activation WHERE situation <> '' OR "
                                          "note <> '' OR reaction <> '' OR emotion <> '' OR body <> '[]' "
                                          "OR needed <> '[]'"),
                 std::int64_t(0));
        QVERIFY(!fileBytes(jonasDevice.store, jonasFile).contains(marker.c_str()));
        const auto kept = mine.activation(id);
        QVERIFY(kept.has_value());
        QCOMPARE(kept->note, marker + " note");
        QCOMPARE(kept->needed, std::vector<std::string>{marker + " needed"});
        QVERIFY(!kept->shared);
    }

    void removingBlanksFirst()
    {
        const std::string marker = "MARKER-removed-5150";
        const std::string id = maya().add(item("helps", marker, {}, true));
        const std::string mom = maya().logActivation(moment(now() - kHour, marker, true));
        both();
        QCOMPARE(jonas().partners().size(), std::size_t(1));
        const auto logBefore = m_maya->store.changeLog(0, 100000).size();
        maya().remove(id);
        maya().removeActivation(mom);
        both();
        QVERIFY(maya().mine().empty());
        QVERIFY(maya().activations().empty());
        QVERIFY(jonas().partners().empty());
        QVERIFY(jonas().activations(true).empty());
        for (Store *s : {&m_maya->store, &m_jonas->store}) {
            QCOMPARE(count(*s, "SELECT count(*) FROM need WHERE cl % 2 = 1 OR text <> '' OR note <> ''"),
                     std::int64_t(0));
            QCOMPARE(count(*s, "SELECT count(*) FROM activation WHERE cl % 2 = 1 OR situation <> '' "
                               "OR note <> '' OR reaction <> '' OR emotion <> ''"),
                     std::int64_t(0));
        }
        // Each removal is one apply: her row's words blanked, then the row deleted, in her own
        // scope; the same for the copy, in the couple's.
        const auto log = m_maya->store.changeLog(0, 100000);
        QCOMPARE(log.size(), logBefore + 8);
        for (std::size_t i = 0; i < 2; ++i) {
            const std::string removed = i == 0 ? id : mom;
            const std::string field = i == 0 ? "text" : "situation";
            const std::vector<std::pair<std::string, std::string>> expected = {
                {removed, "private"}, {removed, "private"},
                {removed + ":shared", "couple"}, {removed + ":shared", "couple"}};
            for (std::size_t k = 0; k < 4; ++k) {
                const Change &c = log[logBefore + 4 * i + k].second;
                QCOMPARE(c.id, expected[k].first);
                QCOMPARE(c.scope, expected[k].second);
                if (k % 2 == 0)
                    QCOMPARE(c.fields.value(field, std::string("?")), std::string());
                else
                    QVERIFY(c.fields.contains("_cl"));
            }
        }
        QCOMPARE(refusedField([&] { maya().remove(id); }), QString("id"));
    }

    // Maya's two devices change an item's visibility before either has heard of the other's
    // change: once they have synced, they and Jonas's device agree on the later decision.

    void onePhoneSharesWhileTheLaptopSharesAndTakesBack_data()
    {
        QTest::addColumn<bool>("phoneLast");
        QTest::newRow("the phone shared first") << false;
        QTest::newRow("the phone shared last") << true;
    }

    void onePhoneSharesWhileTheLaptopSharesAndTakesBack()
    {
        QFETCH(bool, phoneLast);
        ThreeDevices t;
        Needs laptop(t.laptop.store, m_content);
        Needs phone(t.phone.store, m_content);
        const std::string marker = "MARKER-share-race-2718";
        const std::string id = laptop.add(item("need", marker));
        QVERIFY(t.exchange() > 0);

        if (!phoneLast) {
            t.phone.clock.advance(kMinute);
            (void)phone.setShared(id, true); // offline
        }
        t.laptop.clock.advance(2 * kMinute);
        (void)laptop.setShared(id, true);
        deliver(t.laptop, t.jonas);
        QCOMPARE(Needs(t.jonas.store, m_content).partners().size(), std::size_t(1));
        QVERIFY(t.jonasBytes().contains(marker.c_str()));
        t.laptop.clock.advance(kMinute);
        (void)laptop.setShared(id, false);
        if (phoneLast) {
            t.phone.clock.advance(10 * kMinute);
            (void)phone.setShared(id, true);
        }
        QVERIFY(t.exchange() > 0);
        checkAgreed(t);
        if (phoneLast)
            checkShared(t, id, marker);
        else
            checkPrivate(t, id, marker, marker);
    }

    void onePhoneRemovesWhileTheLaptopShares_data()
    {
        QTest::addColumn<bool>("phoneLast");
        QTest::newRow("the phone removed first") << false;
        QTest::newRow("the phone removed last") << true;
    }

    void onePhoneRemovesWhileTheLaptopShares()
    {
        QFETCH(bool, phoneLast);
        ThreeDevices t;
        Needs laptop(t.laptop.store, m_content);
        Needs phone(t.phone.store, m_content);
        const std::string marker = "MARKER-remove-race-1618";
        NeedItemDraft d = item("trigger", marker, "situation");
        d.note = marker + " note";
        const std::string id = laptop.add(d);
        QVERIFY(t.exchange() > 0);

        t.phone.clock.advance(phoneLast ? 5 * kMinute : kMinute);
        phone.remove(id);
        t.laptop.clock.advance(2 * kMinute);
        (void)laptop.setShared(id, true);
        deliver(t.laptop, t.jonas);
        QCOMPARE(Needs(t.jonas.store, m_content).partners().size(), std::size_t(1));
        QVERIFY(t.exchange() > 0);
        checkAgreed(t);
        // Removed wins over any edit: gone from Maya's devices, and from Jonas's.
        for (Store *s : {&t.laptop.store, &t.phone.store})
            QVERIFY(Needs(*s, m_content).mine().empty());
        checkJonasHasNothing(t, marker);
    }

    void twoDevicesShareAtOnce()
    {
        ThreeDevices t;
        Needs laptop(t.laptop.store, m_content);
        Needs phone(t.phone.store, m_content);
        const std::string marker = "MARKER-both-share-1414";
        const std::string id = laptop.add(item("helps", marker));
        QVERIFY(t.exchange() > 0);

        t.laptop.clock.advance(kMinute);
        t.phone.clock.advance(kMinute);
        (void)laptop.setShared(id, true);
        (void)phone.setShared(id, true);
        QVERIFY(t.exchange() > 0);
        checkAgreed(t);
        checkShared(t, id, marker); // one copy at Jonas's, not two

        // And the later edit of either reaches him.
        t.phone.clock.advance(kMinute);
        phone.edit(id, marker + " from the phone", "");
        QVERIFY(t.exchange() > 0);
        checkAgreed(t);
        checkShared(t, id, marker + " from the phone");
    }

    void onePhoneEditsWhileTheLaptopTakesBack_data()
    {
        QTest::addColumn<bool>("editLast");
        QTest::newRow("the edit came first") << false;
        QTest::newRow("the edit came last") << true;
    }

    void onePhoneEditsWhileTheLaptopTakesBack()
    {
        QFETCH(bool, editLast);
        ThreeDevices t;
        Needs laptop(t.laptop.store, m_content);
        Needs phone(t.phone.store, m_content);
        const std::string marker = "MARKER-edit-race-3162";
        const std::string id = laptop.add(item("need", marker, {}, true));
        QVERIFY(t.exchange() > 0);
        checkShared(t, id, marker);

        t.laptop.clock.advance(2 * kMinute);
        (void)laptop.setShared(id, false);
        t.phone.clock.advance(editLast ? 5 * kMinute : kMinute);
        phone.edit(id, marker + " edited on the phone", marker + " and a note");
        // Jonas hears of the phone's edit first: the new words reach his device, then go.
        deliver(t.phone, t.jonas);
        QCOMPARE(Needs(t.jonas.store, m_content).partners().at(0).text, marker + " edited on the phone");
        QVERIFY(t.exchange() > 0);
        checkAgreed(t);
        // Private, as the laptop said; with the phone's words, which are Maya's to keep.
        checkPrivate(t, id, marker + " edited on the phone", marker);
        QCOMPARE(Needs(t.laptop.store, m_content).mine().at(0).note, marker + " and a note");
    }

    void aMomentFollowsTheLaterDecisionToo()
    {
        ThreeDevices t;
        Needs laptop(t.laptop.store, m_content);
        Needs phone(t.phone.store, m_content);
        const std::string marker = "MARKER-moment-race-5772";
        const std::string id = laptop.logActivation(moment(t.laptop.clock.nowMs() - kHour, marker, true));
        QVERIFY(t.exchange() > 0);
        QCOMPARE(Needs(t.jonas.store, m_content).activations(true).size(), std::size_t(1));

        // The laptop takes it back and shares it again; the phone, offline, edits it and then
        // takes it back last.
        t.laptop.clock.advance(kMinute);
        (void)laptop.setActivationShared(id, false);
        t.phone.clock.advance(2 * kMinute);
        ActivationDraft edited = moment(t.phone.clock.nowMs() - kHour, marker + " edited");
        phone.editActivation(id, edited);
        t.laptop.clock.advance(2 * kMinute);
        (void)laptop.setActivationShared(id, true);
        t.phone.clock.advance(5 * kMinute);
        (void)phone.setActivationShared(id, false);
        QVERIFY(t.exchange() > 0);
        checkAgreed(t);
        for (Store *s : {&t.laptop.store, &t.phone.store}) {
            const auto mine = Needs(*s, m_content).activations(true);
            QCOMPARE(mine.size(), std::size_t(1));
            QCOMPARE(mine[0].id, id);
            QCOMPARE(mine[0].situation, marker + " edited");
            QVERIFY(!mine[0].shared);
        }
        QVERIFY(Needs(t.jonas.store, m_content).activations(true).empty());
        QCOMPARE(count(t.jonas.store, "SELECT count(*) FROM activation WHERE cl % 2 = 1 OR "
                                      "situation <> '' OR note <> '' OR reaction <> '' OR "
                                      "emotion <> '' OR body <> '[]' OR needed <> '[]'"),
                 std::int64_t(0));
        QVERIFY(!t.jonasBytes().contains(marker.c_str()));
    }

    void aDeviceWithOnlyTheCopiesStillChangesThem()
    {
        // A device of Maya's that never received her private rows (she lost every device and was
        // invited back, docs/decisions.md §17) knows what she shared by its copies alone: they
        // are still hers to change and to take back.
        const std::string need = maya().add(item("need", "To be asked how I am", {}, true));
        const std::string mom = maya().logActivation(moment(now() - kHour, "He was late", true));
        (void)maya().add(item("need", "A secret one"));
        both();
        Device fresh(5);
        deliver(*m_maya, fresh); // the couple's rows only
        fresh.store.setMeta("space_id", *m_maya->store.meta("space_id"));
        fresh.store.setMeta("member_id", *m_maya->store.meta("member_id"));
        Needs there(fresh.store, m_content);
        const auto items = there.mine();
        QCOMPARE(items.size(), std::size_t(1));
        QCOMPARE(items[0].id, need);
        QVERIFY(items[0].shared);
        QVERIFY(there.partners().empty());
        QCOMPARE(there.activations(true).size(), std::size_t(1));
        QCOMPARE(there.activations()[0].id, mom);
        QVERIFY(there.activation(mom).has_value());
        QCOMPARE(there.patterns("").count, 1);
        QCOMPARE(settleSharedCopies(fresh.store), std::size_t(0)); // a copy alone is left alone

        fresh.clock.advance(kMinute);
        ActivationDraft edited = moment(now() - kHour, "He was late, and said nothing");
        edited.intensity = 8;
        there.editActivation(mom, edited);
        QCOMPARE(there.setShared(need, false), need);
        m_jonas->seen = 0; // `seen` follows one other device's log: read this one's from its start
        deliver(fresh, *m_jonas);
        QVERIFY(jonas().partners().empty());
        QCOMPARE(jonas().activations(true).at(0).situation, std::string("He was late, and said nothing"));
        QCOMPARE(there.mine().size(), std::size_t(1));
        QVERIFY(!there.mine()[0].shared);
        QCOMPARE(there.mine()[0].text, std::string("To be asked how I am"));

        // Should her old device come back after all, the two agree.
        m_maya->seen = 0;
        deliver(fresh, *m_maya, true);
        fresh.seen = 0;
        deliver(*m_maya, fresh, true);
        m_jonas->seen = 0;
        deliver(*m_maya, *m_jonas);
        QCOMPARE(fresh.store.stateHash(), m_maya->store.stateHash());
        QCOMPARE(maya().mine().size(), std::size_t(2));
        QVERIFY(jonas().partners().empty());
        QCOMPARE(maya().activation(mom)->intensity, 8);
    }

    void loggingAMomentChecksWhatItIsTold()
    {
        refuses("happenedAt", [&] { (void)maya().logActivation(moment(now() + 2 * kMinute, "Late")); });
        refuses("happenedAt", [&] { (void)maya().logActivation(moment(946'684'799'999, "Late")); });
        refuses("happenedAt", [&] { (void)maya().logActivation(moment(0, "Late")); });
        refuses("situation", [&] { (void)maya().logActivation(moment(now(), "  ")); });
        refuses("situation", [&] { (void)maya().logActivation(moment(now(), std::string(201, 's'))); });
        ActivationDraft d = moment(now(), "He was late");
        d.body = std::vector<std::string>(13, "x");
        for (std::size_t i = 0; i < d.body.size(); ++i)
            d.body[i] += std::to_string(i);
        refuses("body", [&] { (void)maya().logActivation(d); });
        d.body = {"tight chest", "tight chest"};
        refuses("body", [&] { (void)maya().logActivation(d); });
        d.body = {"tight chest", " "};
        refuses("body", [&] { (void)maya().logActivation(d); });
        d.body = {};
        d.emotion = std::string(201, 'e');
        refuses("emotion", [&] { (void)maya().logActivation(d); });
        d.emotion = "";
        for (int bad : {0, 11, -1}) {
            d.intensity = bad;
            refuses("intensity", [&] { (void)maya().logActivation(d); });
        }
        d.intensity = 10;
        d.reaction = std::string(201, 'r');
        refuses("reaction", [&] { (void)maya().logActivation(d); });
        d.reaction = "";
        d.needed = {"reassurance", "reassurance"};
        refuses("needed", [&] { (void)maya().logActivation(d); });
        d.needed = std::vector<std::string>(13, "n");
        for (std::size_t i = 0; i < d.needed.size(); ++i)
            d.needed[i] += std::to_string(i);
        refuses("needed", [&] { (void)maya().logActivation(d); });
        d.needed = {};
        d.note = std::string(1001, 'n');
        refuses("note", [&] { (void)maya().logActivation(d); });
        QVERIFY(maya().activations().empty());

        // A minute of clock slack between devices is fine; so is the bare minimum.
        ActivationDraft bare;
        bare.happenedAt = now() + 30'000;
        bare.situation = "He was late";
        bare.intensity = 1;
        const std::string id = maya().logActivation(bare);
        const auto a = maya().activation(id);
        QVERIFY(a.has_value());
        QVERIFY(!a->shared); // private by default
        QCOMPARE(a->intensity, 1);
        QVERIFY(a->body.empty() && a->needed.empty() && a->emotion.empty());
        QCOMPARE(a->createdAt, now());
    }

    void momentsAreNewestFirstAndEditable()
    {
        const std::string older = maya().logActivation(moment(now() - 2 * kDay, "Older"));
        const std::string newer = maya().logActivation(moment(now() - kDay, "Newer", true));
        const std::string his = jonas().logActivation(moment(now() - kHour, "His, shared", true));
        (void)jonas().logActivation(moment(now() - 2 * kHour, "His, private"));
        both();
        std::vector<std::string> ids;
        for (const Activation &a : maya().activations())
            ids.push_back(a.id);
        QCOMPARE(ids, (std::vector<std::string>{newer, older}));
        ids.clear();
        for (const Activation &a : maya().activations(true))
            ids.push_back(a.id);
        QCOMPARE(ids, (std::vector<std::string>{his + ":shared", newer, older}));

        ActivationDraft changed = moment(now() - 3 * kDay, "Oldest now");
        changed.shared = true; // visibility is not changed by an edit
        refuses("intensity", [&] {
            ActivationDraft bad = changed;
            bad.intensity = 0;
            maya().editActivation(older, bad);
        });
        maya().editActivation(older, changed);
        const auto a = maya().activation(older);
        QCOMPARE(a->situation, std::string("Oldest now"));
        QCOMPARE(a->happenedAt, now() - 3 * kDay);
        QVERIFY(!a->shared);
        both();
        QVERIFY(!jonas().activation(older));
    }

    void patternsCountMyMoments()
    {
        // 2025-03-03 is a Monday. Lisbon is UTC+0 in winter, Toronto UTC-5.
        const Millis monday = 1'740'960'000'000; // 2025-03-03T00:00Z
        m_maya->clock.set(monday + 30 * kDay);
        m_jonas->clock.set(monday + 30 * kDay);
        auto log = [&](Millis at, const std::string &situation, std::vector<std::string> body,
                       const std::string &emotion, int intensity, std::vector<std::string> needed) {
            ActivationDraft d;
            d.happenedAt = at;
            d.situation = situation;
            d.body = std::move(body);
            d.emotion = emotion;
            d.intensity = intensity;
            d.needed = std::move(needed);
            (void)maya().logActivation(d);
        };
        log(monday + 2 * kHour, "late reply", {"tight chest"}, "worried", 4, {"reassurance"});
        log(monday + kDay + 2 * kHour, "Late reply ", {"tight chest", "cold hands"}, "worried", 6,
            {"reassurance", "closeness"});
        log(monday + 2 * kDay + 20 * kHour, "Plans changed", {}, "sad", 8, {"reliability"});
        log(monday + 3 * kDay + 20 * kHour, "A door slammed", {"cold hands"}, "", 2, {});
        log(monday + 7 * kDay + 2 * kHour, "LATE REPLY", {"tight chest"}, "worried", 10, {"reassurance"});
        (void)jonas().logActivation(moment(monday + kHour, "late reply", true));
        both();

        const ActivationPatterns p = maya().patterns("Europe/Lisbon");
        QCOMPARE(p.count, 5);
        QCOMPARE(p.situations.size(), std::size_t(3));
        QCOMPARE(p.situations[0], (std::pair<std::string, int>{"LATE REPLY", 3})); // latest spelling
        QCOMPARE(p.situations[1], (std::pair<std::string, int>{"A door slammed", 1})); // ties by name
        QCOMPARE(p.situations[2], (std::pair<std::string, int>{"Plans changed", 1}));
        QCOMPARE(p.emotions, (std::vector<std::pair<std::string, int>>{{"worried", 3}, {"sad", 1}}));
        QCOMPARE(p.needs, (std::vector<std::pair<std::string, int>>{
                              {"reassurance", 3}, {"closeness", 1}, {"reliability", 1}}));
        QCOMPARE(p.body, (std::vector<std::pair<std::string, int>>{{"tight chest", 3}, {"cold hands", 2}}));
        QCOMPARE(p.byHour[2], 3);
        QCOMPARE(p.byHour[20], 2);
        QCOMPARE(p.byWeekday, (std::vector<int>{2, 1, 1, 1, 0, 0, 0}));
        QCOMPARE(p.averageIntensity, 6.0);

        // Hours and days in another zone: 02:00 UTC is 21:00 the evening before in Toronto, and
        // 22:00 once its clocks went forward (9 March 2025).
        const ActivationPatterns toronto = maya().patterns("America/Toronto");
        QCOMPARE(toronto.byHour[21], 2);
        QCOMPARE(toronto.byHour[22], 1);
        QCOMPARE(toronto.byHour[15], 2);
        QCOMPARE(toronto.byWeekday, (std::vector<int>{1, 0, 1, 1, 0, 0, 2}));
        QCOMPARE(maya().patterns("").byHour[2], 3);

        // Since a time.
        const ActivationPatterns lately = maya().patterns("", monday + 2 * kDay);
        QCOMPARE(lately.count, 3);
        QCOMPARE(lately.situations[0].second, 1);
        QCOMPARE(lately.averageIntensity, 20.0 / 3);

        QCOMPARE(refusedField([&] { (void)maya().patterns("Mars/Olympus"); }), QString("timeZone"));
        const ActivationPatterns none = jonas().patterns("", monday + 2 * kDay);
        QCOMPARE(none.count, 0);
        QCOMPARE(none.averageIntensity, 0.0);
        QCOMPARE(none.byHour, std::vector<int>(24, 0));
    }

    void readsWriteNothingAndPatternsAreFast()
    {
        for (int i = 0; i < 1000; ++i) {
            ActivationDraft d = moment(now() - i * kHour, "Situation " + std::to_string(i % 37));
            d.body = {"tight chest", "b" + std::to_string(i % 5)};
            d.needed = {"reassurance", "n" + std::to_string(i % 7)};
            (void)maya().logActivation(d);
        }
        (void)maya().add(item("need", "To be asked"));
        both();
        const std::string hash = m_maya->store.stateHash();
        const auto logSize = m_maya->store.changeLog(0, 100000).size();
        QElapsedTimer timer;
        timer.start();
        const ActivationPatterns p = maya().patterns("Europe/Lisbon");
        const auto took = timer.elapsed();
        QCOMPARE(p.count, 1000);
        QCOMPARE(p.situations.size(), std::size_t(37));
        QCOMPARE(p.needs.front(), (std::pair<std::string, int>{"reassurance", 1000}));
        // A figure, not a limit: speed is judged by benchmarks, never by a timed test.
        qInfo("patterns of 1000 moments: %lld ms", static_cast<long long>(took));
        (void)maya().mine();
        (void)maya().partners();
        (void)maya().activations(true);
        (void)maya().activation(maya().activations().front().id);
        (void)maya().reflections();
        (void)maya().reflection("no-such-card");
        (void)maya().compassionPrompt(3);
        QCOMPARE(m_maya->store.stateHash(), hash);
        QCOMPARE(m_maya->store.changeLog(0, 100000).size(), logSize);
    }

    void aCompassionPromptFollowsAMoment()
    {
        const auto &prompts = m_content.us().compassionPrompts;
        if (prompts.empty()) {
            QCOMPARE(maya().compassionPrompt(0), std::string());
            QSKIP("content/us.json has no compassion prompts yet");
        }
        for (std::size_t seed = 0; seed < prompts.size() * 2; ++seed) {
            const std::string p = maya().compassionPrompt(seed);
            QVERIFY(std::find(prompts.begin(), prompts.end(), p) != prompts.end());
        }
        if (prompts.size() > 1)
            QVERIFY(maya().compassionPrompt(0) != maya().compassionPrompt(1));
    }

    void aReflectionIsAlwaysPrivate()
    {
        refuses("card", [&] { maya().saveReflection("no-such-card", "Something"); });
        if (m_content.cards().empty())
            QSKIP("content/cards.json has no cards yet");
        const std::string card = m_content.cards().front().id;
        refuses("text", [&] { maya().saveReflection(card, std::string(2001, 'r')); });
        refuses("text", [&] { maya().saveReflection(card, "bad \xc3 bytes"); });

        Device phone(4);
        sameProfile(*m_maya, phone);
        const std::string marker = "MARKER-reflection-3141";
        maya().saveReflection(card, marker + " from the laptop");
        QCOMPARE(maya().reflection(card), marker + " from the laptop");
        // The phone writes the same card before it heard of the laptop's: one row, the later wins.
        phone.clock.advance(kMinute);
        Needs(phone.store, m_content).saveReflection(card, marker + " from the phone");
        deliver(*m_maya, phone, true);
        deliver(phone, *m_maya, true);
        both();
        for (Store *s : {&m_maya->store, &phone.store}) {
            QCOMPARE(Needs(*s, m_content).reflection(card), marker + " from the phone");
            QCOMPARE(Needs(*s, m_content).reflections().size(), std::size_t(1));
            QCOMPARE(count(*s, "SELECT count(*) FROM learn_note"), std::int64_t(1));
        }
        QCOMPARE(count(m_jonas->store, "SELECT count(*) FROM learn_note"), std::int64_t(0));
        QVERIFY(jonas().reflections().empty());
        for (Device *d : {m_maya.get(), &phone})
            for (const auto &[seq, c] : d->store.changeLog(0, 100000))
                if (c.entity == "learn_note")
                    QCOMPARE(c.scope, std::string("private"));

        // Empty text deletes it, words first.
        maya().saveReflection(card, "  ");
        deliver(*m_maya, phone, true);
        QCOMPARE(maya().reflection(card), std::string());
        QVERIFY(Needs(phone.store, m_content).reflections().empty());
        QCOMPARE(count(phone.store, "SELECT count(*) FROM learn_note WHERE text <> ''"), std::int64_t(0));
        maya().saveReflection(card, ""); // nothing to delete: fine
        maya().saveReflection(card, "Back again");
        QCOMPARE(maya().reflections().at(card), std::string("Back again"));
    }
};

QTEST_GUILESS_MAIN(TestNeeds)
#include "tst_needs.moc"
