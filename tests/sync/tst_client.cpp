// The sync client against the server's real request logic in-process: pairing and what it moves,
// invites that are spent or expired, removing a device and leaving (key rotation), and clocks a
// day off.
#include "checkins.h"
#include "contentlibrary.h"
#include "encoding.h"
#include "localserver.h"
#include "ritualbook.h"
#include "statedigest.h"
#include "store.h"
#include "syncclient.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <set>

using namespace hearth;
using namespace hearth::sync;
namespace fs = std::filesystem;

namespace {

constexpr Millis kDay = 24 * 3600'000LL;

/// One device: its store on disk, its clock (possibly off), and its client.
struct Device {
    ManualClock clock;
    SeededRandom random;
    test::DirectTransport transport;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncClient> client;
    test::LocalServer &server;
    Millis offset;

    Device(test::LocalServer &s, const fs::path &file, std::uint64_t seed, Millis off = 0)
        : clock(s.now + off), random(seed), transport(s), server(s), offset(off)
    {
        store = std::make_unique<Store>(file, clock, random);
        client = std::make_unique<SyncClient>(*store, transport);
    }

    void tick() { clock.set(server.now + offset); }
    RitualBook book() { return RitualBook(*store); }
    SyncReport sync()
    {
        tick();
        return client->sync();
    }
};

RitualDraft draft(const std::string &title)
{
    RitualDraft d;
    d.title = title;
    d.schedule.rrule = "FREQ=DAILY";
    d.schedule.startLocal = "2025-10-01T08:00";
    d.schedule.timeZone = "Europe/Lisbon";
    d.schedule.durationMinutes = 10;
    return d;
}

/// The sealed envelopes the server holds, in the wire form a client pulls.
std::vector<nlohmann::json> serverEnvelopes(test::LocalServer &server, const std::string &token,
                                            const std::string &space)
{
    const HttpResponse r = server.serve({"GET", "/v1/spaces/" + space + "/envelopes?after=0&limit=1000", token, "", "", ""});
    return nlohmann::json::parse(r.body).at("envelopes").get<std::vector<nlohmann::json>>();
}

/// A network that delivers every request but loses the answer to a push of envelopes.
class PushAnswerLost final : public Transport {
public:
    explicit PushAnswerLost(test::LocalServer &server) : m_server(server) {}

    HttpResponse send(const HttpRequest &request) override
    {
        HttpResponse answer = m_server.serve(request);
        if (request.method == "POST" && request.target.ends_with("/envelopes"))
            throw TransportError("the answer was lost");
        return answer;
    }

private:
    test::LocalServer &m_server;
};

/// The ids of the envelopes the server holds from one device.
std::set<std::string> envelopeIdsOf(test::LocalServer &server, Store &store)
{
    std::set<std::string> ids;
    const std::string device = store.meta("sync.device").value();
    for (const auto &e : serverEnvelopes(server, store.meta("sync.token").value(), store.meta("sync.space").value()))
        if (e.at("device") == device)
            ids.insert(e.at("id").get<std::string>());
    return ids;
}

/// Many occurrence records at once, some 350 bytes of JSON each: several envelopes' worth.
std::vector<Mutation> manyOccurrences(const Profile &p, const Ritual &r, int count)
{
    std::vector<Mutation> batch;
    for (int i = 0; i < count; ++i)
        batch.push_back({Mutation::Kind::Upsert, "occurrence", r.id + "-" + std::to_string(i), "couple",
                         {{"spaceId", p.space.id}, {"ritualId", r.id}, {"localStart", "2025-10-01T08:00"},
                          {"status", "done"}, {"note", std::string(150, 'n')}}});
    return batch;
}

} // namespace

class TestClient : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<test::LocalServer> m_server;

    std::string pushGarbage(Device &from)
    {
        // A well-formed envelope whose ciphertext no key opens, pushed with the device's token.
        const SyncStatus st = from.client->status();
        EnvelopeHeader h{newEnvelopeId(), st.space, "couple", st.device, 999, 1};
        Envelope e = seal(h, "[]", ContentKey::generate("couple", 1));
        const nlohmann::json body = {{"envelopes", nlohmann::json::array({e})}};
        const HttpResponse r = m_server->serve({"POST", "/v1/spaces/" + st.space + "/envelopes",
                                                from.store->meta("sync.token").value(), "application/json",
                                                body.dump(), ""});
        return std::to_string(r.status);
    }

    fs::path file(const char *name) const { return fs::path(m_tmp->path().toStdString()) / name; }

    /// Maya (a) made the space; Jonas (b) joined it.
    std::pair<std::unique_ptr<Device>, std::unique_ptr<Device>> couple(Millis offsetB = 0)
    {
        auto a = std::make_unique<Device>(*m_server, file("a.db"), 1);
        auto b = std::make_unique<Device>(*m_server, file("b.db"), 2, offsetB);
        a->book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        b->book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        a->client->createSpace("local", "Maya's laptop");
        b->client->join("local", a->client->invite("partner"), "Jonas' phone");
        a->sync();
        return {std::move(a), std::move(b)};
    }

private slots:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<test::LocalServer>(file("server"));
    }

    void cleanup()
    {
        m_server.reset();
        m_tmp.reset();
    }

    void joiningMovesTheProfileIntoTheSpace()
    {
        Device a(*m_server, file("a.db"), 1);
        Device b(*m_server, file("b.db"), 2);
        a.book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        a.book().createRitual(draft("Morning coffee"));
        b.book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        const Ritual his = b.book().createRitual(draft("Evening walk"));
        const std::string oldSpace = b.book().profile().space.id;

        a.client->createSpace("local", "Maya's laptop");
        b.client->join("local", a.client->invite("partner"), "Jonas' phone");
        a.sync();

        for (Device *d : {&a, &b}) {
            const Profile p = d->book().profile();
            QCOMPARE(p.space.id, a.book().profile().space.id);
            QCOMPARE(d->book().rituals(false).size(), std::size_t{2});
        }
        // Each sees the other's own name and time zone.
        QCOMPARE(a.book().profile().partner.name, std::string("Jonas"));
        QCOMPARE(a.book().profile().partner.timeZone, std::string("America/Toronto"));
        QCOMPARE(b.book().profile().partner.name, std::string("Maya"));
        QCOMPARE(b.book().profile().me.name, std::string("Jonas"));
        QCOMPARE(b.book().ritual(his.id)->spaceId, a.book().profile().space.id);
        QVERIFY(!a.store->row("space", oldSpace).has_value());
        QCOMPARE(test::sharedDigest(*a.store), test::sharedDigest(*b.store));
        QCOMPARE(a.client->status().pending, 0);
        QCOMPARE(b.client->status().pending, 0);
    }

    void spentExpiredAndMistypedInvitesSayWhy()
    {
        Device a(*m_server, file("a.db"), 1);
        a.book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        a.client->createSpace("local", "Maya's laptop");
        // Two invites for Jonas, made before he joins; one will expire unused.
        const std::string late = a.client->invite("partner");
        m_server->now += kDay + 1;
        const std::string spent = a.client->invite("partner");
        Device c(*m_server, file("c.db"), 3);
        c.book().createProfile({"Sam", "Europe/Paris", "Alex", "Europe/Paris"});
        try {
            c.client->join("local", late, "c");
            QFAIL("an expired invite was accepted");
        } catch (const SyncError &e) {
            QCOMPARE(e.code(), std::string("invite_expired"));
        }
        Device d(*m_server, file("d.db"), 4);
        d.book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        d.client->join("local", spent, "d");
        try {
            c.client->join("local", spent, "c");
            QFAIL("a spent invite was accepted");
        } catch (const SyncError &e) {
            QCOMPARE(e.status(), 409);
            QCOMPARE(e.code(), std::string("invite_used"));
        }
        // Once Jonas is in, there is nobody left to invite as the partner.
        QVERIFY_THROWS_EXCEPTION(ValidationError, (void)a.client->invite("partner"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, c.client->join("local", "not-a-code", "c"));
        // A well-formed code nobody made.
        try {
            c.client->join("local", InviteCode::generate().text(), "c");
            QFAIL("an unknown invite was accepted");
        } catch (const SyncError &e) {
            QCOMPARE(e.status(), 404);
        }
        QVERIFY(!c.client->paired());
    }

    void removingADeviceRotatesTheKeysItHad()
    {
        auto [a, b] = couple();
        // Maya's second device, then she removes it (lost phone).
        Device phone(*m_server, file("phone.db"), 5);
        phone.book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        phone.client->join("local", a->client->invite("device"), "Maya's phone");
        QCOMPARE(phone.book().profile().me.id, a->book().profile().me.id);
        const std::string phoneToken = phone.store->meta("sync.token").value();
        const std::string space = a->client->status().space;

        a->client->removeDevice(phone.client->status().device);
        try {
            (void)phone.sync();
            QFAIL("a removed device could still sync");
        } catch (const SyncError &e) {
            QCOMPARE(e.status(), 401);
            QCOMPARE(e.code(), std::string("device_removed"));
        }
        // What Maya writes now is sealed under the new epoch; Jonas takes in its key.
        a->book().createRitual(draft("After the phone was lost"));
        a->sync();
        b->sync();
        QCOMPARE(b->book().rituals(false).size(), a->book().rituals(false).size());
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));

        const KeyRing phoneKeys = KeyRing::fromJson(nlohmann::json::parse(phone.store->meta("sync.keys").value()));
        const std::string bToken = b->store->meta("sync.token").value();
        const auto envelopes = serverEnvelopes(*m_server, bToken, space);
        const Envelope newest = envelopes.back().get<Envelope>();
        QCOMPARE(newest.header.epoch, 2u);
        QVERIFY(phoneKeys.find(newest.header.scope, 2).empty());
        // Even holding the ciphertext, the removed phone's old keys do not open it.
        for (const ContentKey *k : phoneKeys.find(newest.header.scope, 1))
            QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)open(newest, *k));
        // And its token is refused everywhere.
        QCOMPARE(m_server->serve({"GET", "/v1/spaces/" + space + "/envelopes", phoneToken, "", "", ""}).status, 401);
    }

    void leavingKeepsACopyAndStopsTheFlow()
    {
        auto [a, b] = couple();
        a->book().createRitual(draft("Before"));
        a->sync();
        b->sync();
        const std::size_t before = b->book().rituals(false).size();

        b->client->leave();
        QVERIFY(!b->client->paired());
        QVERIFY(b->client->status().leftMs > 0);
        // Jonas keeps what was shared.
        QCOMPARE(b->book().rituals(false).size(), before);
        QVERIFY_THROWS_EXCEPTION(ValidationError, (void)b->client->sync());
        try {
            b->book().createRitual(draft("After leaving"));
            QFAIL("a read-only copy took an edit");
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("profile"));
        }

        // Maya's next sync rotates the couple and care keys; nothing new reaches Jonas' keys.
        a->sync();
        const KeyRing mine = KeyRing::fromJson(nlohmann::json::parse(a->store->meta("sync.keys").value()));
        QCOMPARE(mine.epoch("couple"), 2u);
        QCOMPARE(mine.epoch("care"), 2u);
        QCOMPARE(mine.epoch("private"), 1u);
        const KeyRing his = KeyRing::fromJson(nlohmann::json::parse(b->store->meta("sync.keys").value()));
        QCOMPARE(his.epoch("couple"), 1u);
        a->book().createRitual(draft("After"));
        a->sync();
        QCOMPARE(b->book().rituals(false).size(), before);
    }

    void aClockADayAheadDoesNotWinForADay()
    {
        // Jonas' clock runs a day ahead. He edits a title; an hour later Maya edits it too.
        auto [a, b] = couple(kDay);
        const Ritual r = a->book().createRitual(draft("Morning coffee"));
        a->sync();
        b->sync();
        RitualDraft his = draft("Jonas' title");
        b->tick();
        b->book().updateRitual(r.id, his);
        b->sync();
        m_server->now += 3600'000;
        a->sync();
        a->tick();
        a->book().updateRitual(r.id, draft("Maya's later title"));
        a->sync();
        b->sync();
        a->sync();
        // The later edit in real time wins on both devices, although Jonas' stamp is a day ahead.
        QCOMPARE(a->book().ritual(r.id)->title, std::string("Maya's later title"));
        QCOMPARE(b->book().ritual(r.id)->title, std::string("Maya's later title"));
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));
    }

    void aClockADayBehindKeepsItsEdits()
    {
        auto [a, b] = couple(-kDay);
        const Ritual r = a->book().createRitual(draft("Morning coffee"));
        a->sync();
        b->sync();
        m_server->now += 60'000;
        // Jonas, a day behind, edits after he has seen Maya's version: his edit wins.
        b->tick();
        b->book().updateRitual(r.id, draft("Jonas' edit"));
        b->sync();
        a->sync();
        QCOMPARE(a->book().ritual(r.id)->title, std::string("Jonas' edit"));
        // New rows he makes arrive too.
        b->tick();
        const Ritual his = b->book().createRitual(draft("From yesterday's clock"));
        b->sync();
        a->sync();
        QVERIFY(a->book().ritual(his.id).has_value());
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));
    }

    void aJoinCutShortIsFinishedByTheNextSync()
    {
        Device a(*m_server, file("a.db"), 1);
        Device b(*m_server, file("b.db"), 2);
        a.book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        a.book().createRitual(draft("Morning coffee"));
        b.book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        b.book().createRitual(draft("Evening walk"));
        a.client->createSpace("local", "Maya's laptop");
        const std::string code = a.client->invite("partner");
        // The join itself gets through; the network goes away right after.
        b.transport.requestsLeft = 1;
        QVERIFY_THROWS_EXCEPTION(TransportError, b.client->join("local", code, "Jonas' phone"));
        QVERIFY(b.client->paired());
        QVERIFY(b.book().profile().space.id != a.book().profile().space.id);
        // Back online, the next sync moves him in before it pushes anything.
        b.transport.offline = false;
        b.transport.requestsLeft = -1;
        b.sync();
        a.sync();
        QCOMPARE(b.book().profile().space.id, a.book().profile().space.id);
        QCOMPARE(a.book().profile().partner.name, std::string("Jonas"));
        QCOMPARE(b.book().profile().partner.name, std::string("Maya"));
        QCOMPARE(a.book().rituals(false).size(), std::size_t{2});
        QCOMPARE(test::sharedDigest(*a.store), test::sharedDigest(*b.store));
        // Exactly two live members, in one space.
        auto st = a.store->db().cached("SELECT COUNT(*), COUNT(DISTINCT spaceId) FROM member WHERE cl % 2 = 1");
        QVERIFY(st->step());
        QCOMPARE(st->integer(0), std::int64_t{2});
        QCOMPARE(st->integer(1), std::int64_t{1});
    }

    void aDeviceJoiningAfterARotationGetsTheNewKeys()
    {
        Device a(*m_server, file("a.db"), 1);
        a.book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        a.client->createSpace("local", "Maya's laptop");
        const std::string code = a.client->invite("partner"); // carries epoch 1 only
        Device phone(*m_server, file("phone.db"), 5);
        phone.book().createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        phone.client->join("local", a.client->invite("device"), "Maya's phone");
        a.client->removeDevice(phone.client->status().device); // couple and care now at epoch 2
        a.book().createRitual(draft("Sealed at epoch 2"));
        a.sync();

        Device b(*m_server, file("b.db"), 2);
        b.book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        b.client->join("local", code, "Jonas' phone");
        QVERIFY(b.client->status().unopened > 0); // what he cannot open yet is kept aside
        a.sync();                                  // Maya's device shares epoch 2 with him
        b.sync();
        QCOMPARE(b.client->status().unopened, 0);
        QCOMPARE(b.book().rituals(false).size(), a.book().rituals(false).size());
        QCOMPARE(test::sharedDigest(*a.store), test::sharedDigest(*b.store));
        // And what he writes now is sealed at epoch 2, which the removed phone never had.
        const KeyRing his = KeyRing::fromJson(nlohmann::json::parse(b.store->meta("sync.keys").value()));
        QCOMPARE(his.epoch("couple"), 2u);
    }

    void aPartnerCannotPlantAPrivateKey()
    {
        auto [a, b] = couple();
        // Jonas seals a "private" key of his choosing to Maya's device, properly signed by his.
        const KeyRing his = KeyRing::fromJson(nlohmann::json::parse(b->store->meta("sync.keys").value()));
        DeviceInfo maya;
        for (const DeviceInfo &d : b->client->devices())
            if (d.id == a->client->status().device)
                maya = d;
        const auto pk = fromBase64(maya.publicKey, "pk");
        std::array<unsigned char, 32> mayaKey{};
        std::copy(pk.begin(), pk.end(), mayaKey.begin());
        const ContentKey planted = ContentKey::generate("private", 7);
        const nlohmann::json body = {{"boxes", nlohmann::json::array({{{"device", maya.id},
                                                                        {"box", sealKeyFor(planted, mayaKey, his.device)}}})}};
        const SyncStatus st = b->client->status();
        QCOMPARE(m_server->serve({"POST", "/v1/spaces/" + st.space + "/keys", b->store->meta("sync.token").value(),
                                  "application/json", body.dump(), ""}).status, 200);
        a->sync();
        const KeyRing hers = KeyRing::fromJson(nlohmann::json::parse(a->store->meta("sync.keys").value()));
        QCOMPARE(hers.epoch("private"), 1u);
        QVERIFY(hers.find("private", 7).empty());
    }

    void anEnvelopeNoKeyOpensIsSetAsideNotBlocking()
    {
        auto [a, b] = couple();
        QCOMPARE(pushGarbage(*b), std::string("200"));
        a->sync(); // does not throw
        QCOMPARE(a->client->status().unopened, 1);
        b->book().createRitual(draft("After the garbage"));
        b->sync();
        a->sync();
        QCOMPARE(a->book().rituals(false).size(), b->book().rituals(false).size());
    }

    void aBatchTooLargeForTheServerIsSentSmaller()
    {
        server::ServiceConfig small = test::LocalServer::unlimited();
        small.maxBodyBytes = 96 * 1024;
        m_server = std::make_unique<test::LocalServer>(file("server-small"), small);
        auto [a, b] = couple();
        const Profile p = a->book().profile();
        const Ritual r = a->book().createRitual(draft("Many records"));
        std::vector<Mutation> batch;
        for (int i = 0; i < 1500; ++i)
            batch.push_back({Mutation::Kind::Upsert, "occurrence", r.id + "-" + std::to_string(i), "couple",
                             {{"spaceId", p.space.id}, {"ritualId", r.id}, {"localStart", "2025-10-01T08:00"},
                              {"status", "done"}, {"note", std::string(100, 'n')}}});
        a->store->apply(batch);
        a->sync();
        b->sync();
        QCOMPARE(a->client->status().pending, 0);
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));
    }

    void aRemovedDeviceCanForgetAndJoinAgain()
    {
        auto [a, b] = couple();
        // Jonas's tablet, removed by mistake from Maya's device.
        Device tablet(*m_server, file("tablet.db"), 6);
        tablet.book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        tablet.client->join("local", b->client->invite("device"), "Jonas' tablet");
        a->client->removeDevice(tablet.client->status().device);
        QVERIFY_THROWS_EXCEPTION(SyncError, (void)tablet.sync());
        tablet.client->forget();
        QVERIFY(!tablet.client->paired());
        QCOMPARE(tablet.client->status().device, std::string());
        // His phone invites it again; it joins as a new device and catches up.
        tablet.client->join("local", b->client->invite("device"), "Jonas' tablet");
        a->book().createRitual(draft("Back again"));
        a->sync();
        b->sync();
        tablet.sync();
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*tablet.store));
        QCOMPARE(tablet.store->stateHash(), b->store->stateHash());
    }

    void aPartnerWhoseDevicesWereAllRemovedIsInvitedBack()
    {
        auto [a, b] = couple();
        const Profile jonas = b->book().profile();
        const Ritual walk = a->book().createRitual(draft("Evening walk"));
        // Jonas writes something private, then loses his only phone; Maya removes it.
        b->store->apply(Mutation{Mutation::Kind::Upsert, "occurrence", walk.id + "-private", "private",
                                 {{"spaceId", jonas.space.id}, {"ritualId", walk.id},
                                  {"localStart", "2025-10-01T08:00"}, {"status", "done"},
                                  {"note", "only mine"}}});
        a->sync();
        b->sync();
        a->client->removeDevice(b->client->status().device);
        // Maya invites him back; the invite names his member, as before.
        const std::string code = a->client->invite("partner");
        Device phone(*m_server, file("new-phone.db"), 7);
        phone.book().createProfile({"Jonas", "America/Toronto", "M.", "Europe/Lisbon"});
        phone.client->join("local", code, "Jonas' new phone");
        QCOMPARE(phone.client->status().member, b->client->status().member);
        a->sync();
        phone.sync();
        QCOMPARE(test::sharedDigest(*phone.store), test::sharedDigest(*a->store));
        // His private row from before stays with the phone that was removed.
        QVERIFY(b->store->row("occurrence", walk.id + "-private").has_value());
        QVERIFY(!phone.store->row("occurrence", walk.id + "-private").has_value());
        std::size_t privateRows = 0;
        for (const auto &e : serverEnvelopes(*m_server, phone.store->meta("sync.token").value(),
                                             phone.store->meta("sync.space").value()))
            privateRows += e.at("scope") == "private" ? 1 : 0;
        QCOMPARE(privateRows, std::size_t(0));
        // Once he is back, a second partner invite is refused again, by the client and the server.
        QVERIFY_THROWS_EXCEPTION(ValidationError, (void)a->client->invite("partner"));
    }

    void aCheckInIsRevealedToBothOnlyOnceBothAnswered()
    {
        auto [a, b] = couple();
        const ContentLibrary content = ContentLibrary::loadDefault();
        const std::string need = content.questionSet("weekly")->question("needs")->needs.front();
        auto answers = [&](const std::string &words) {
            return nlohmann::json{{"mood", 3}, {"closeness", 4}, {"stress", 2},
                                  {"needs", nlohmann::json::array({need})}, {"felt-close", words}};
        };
        CheckIns maya(*a->store, content);
        CheckIns jonas(*b->store, content);
        const std::string id = maya.start("weekly");
        maya.saveDraft(id, answers("MARKER-maya-answer"));
        maya.submit(id);
        a->sync();
        b->sync();
        // Jonas's device knows Maya answered; it holds her answer only sealed, and no key to it.
        QVERIFY(jonas.view(id)->partnerSubmitted);
        QVERIFY(!jonas.view(id)->revealed);
        QCOMPARE(b->store->db().queryInt("SELECT count(*) FROM checkin_answer WHERE sealed LIKE '%MARKER%'").value_or(1), 0);
        QCOMPARE(b->store->db().queryInt("SELECT count(*) FROM checkin_draft").value_or(1), 0);
        QCOMPARE(b->store->db().queryInt("SELECT count(*) FROM reveal_secret").value_or(1), 0);
        jonas.saveDraft(id, answers("MARKER-jonas-answer"));
        jonas.submit(id); // his key goes out with his answer: he has seen hers
        b->sync();
        a->sync(); // her device hears of his answer and publishes her key...
        a->sync(); // ...which the next push sends
        b->sync();
        QVERIFY(jonas.view(id)->revealed);
        QCOMPARE(jonas.view(id)->partnerAnswers.at("felt-close").get<std::string>(), std::string("MARKER-maya-answer"));
        QVERIFY(maya.view(id)->revealed);
        QCOMPARE(maya.view(id)->partnerAnswers.at("felt-close").get<std::string>(), std::string("MARKER-jonas-answer"));
    }

    void leavingWhoseAnswerWasLostStillLeaves()
    {
        auto [a, b] = couple();
        const SyncStatus st = b->client->status();
        // The first attempt reached the server; its answer never came back.
        QCOMPARE(m_server->serve({"DELETE", "/v1/spaces/" + st.space + "/members/" + st.member,
                                  b->store->meta("sync.token").value(), "", "", ""}).status, 200);
        b->client->leave();
        QVERIFY(b->client->status().leftMs > 0);
    }

    void aPushWhoseAnswerWasLostGoesAgainWithTheSameIdsAfterARestart()
    {
        auto [a, b] = couple();
        const Ritual r = a->book().createRitual(draft("Sent once"));
        a->store->apply(manyOccurrences(a->book().profile(), r, 2000));
        // The push reaches the server, which stores it; its answer never comes back.
        PushAnswerLost lost(*m_server);
        SyncClient cut(*a->store, lost);
        QVERIFY_THROWS_EXCEPTION(TransportError, (void)cut.push());
        const std::set<std::string> stored = envelopeIdsOf(*m_server, *a->store);
        QVERIFY(a->client->status().pending > 0);
        // The app closes and opens again: the batch in flight is sent again, under the same ids,
        // so the server, idempotent on them, stores nothing twice.
        a->client.reset();
        a->store = std::make_unique<Store>(file("a.db"), a->clock, a->random);
        a->client = std::make_unique<SyncClient>(*a->store, a->transport);
        a->sync();
        QCOMPARE(a->client->status().pending, 0);
        QCOMPARE(envelopeIdsOf(*m_server, *a->store), stored);
        const SyncReport got = b->sync();
        QCOMPARE(got.pulled, std::size_t{2001});
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));
    }

    void aBatchKeptByTheEarlierVersionIsStillSent()
    {
        auto [a, b] = couple();
        const Ritual r = a->book().createRitual(draft("Kept the earlier way"));
        Store &s = *a->store;
        // What the earlier version kept in "sync.pending" before sending: the sealed envelopes
        // themselves, {"envelopes":[...],"upTo":N}, one per scope here.
        const auto log = s.changeLog(std::stoll(s.meta("sync.pushed").value()));
        QVERIFY(!log.empty());
        const KeyRing ring = KeyRing::fromJson(nlohmann::json::parse(s.meta("sync.keys").value()));
        std::map<std::string, std::vector<Change>> byScope;
        for (const auto &[seq, change] : log)
            byScope[change.scope].push_back(change);
        std::uint64_t seq = std::stoull(s.meta("sync.seq").value_or("0"));
        nlohmann::json envelopes = nlohmann::json::array();
        std::set<std::string> sent;
        for (const auto &[scope, changes] : byScope) {
            const ContentKey *key = ring.current(scope);
            QVERIFY(key);
            const EnvelopeHeader h{newEnvelopeId(), s.meta("sync.space").value(), scope,
                                   s.meta("sync.device").value(), ++seq, key->epoch()};
            envelopes.push_back(seal(h, nlohmann::json(changes).dump(), *key));
            sent.insert(h.id);
        }
        s.apply({}, {{"sync.pending", nlohmann::json{{"upTo", log.back().first}, {"envelopes", envelopes}}.dump()},
                     {"sync.seq", std::to_string(seq)}});
        // It reached the server, whose answer was lost; then the app was updated.
        const std::set<std::string> before = envelopeIdsOf(*m_server, s);
        QCOMPARE(m_server->serve({"POST", "/v1/spaces/" + s.meta("sync.space").value() + "/envelopes",
                                  s.meta("sync.token").value(), "application/json",
                                  nlohmann::json{{"envelopes", envelopes}}.dump(), ""}).status, 200);
        a->sync();
        QCOMPARE(a->client->status().pending, 0);
        std::set<std::string> expected = before;
        expected.insert(sent.begin(), sent.end());
        QCOMPARE(envelopeIdsOf(*m_server, s), expected);
        b->sync();
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));
        QVERIFY(b->store->row("ritual", r.id).has_value());
    }

    void everyKindOfJsonValueArrivesAsWritten()
    {
        auto [a, b] = couple();
        const Ritual r = a->book().createRitual(draft("Breathe \"in\", then out \\ \u2600 \t\x01"));
        // Built from text, so that the extremes of each number type and escapes are in it.
        const std::string text = "[{\"text\": \"Sit \\u00e9 \\\"close\\\" \\\\ \\n\", \"seconds\": 30, "
                                 "\"weight\": 0.1, \"tiny\": 5e-324, \"huge\": 1.5e300, \"minus\": -0.0, "
                                 "\"top\": 18446744073709551615, \"bottom\": -9223372036854775808, "
                                 "\"ok\": true, \"no\": false, \"none\": null, "
                                 "\"nested\": [[], {}, [[-1, 2.5]]]}]";
        const auto steps = nlohmann::json::parse(text);
        a->store->apply({Mutation::Kind::Update, "ritual", r.id, "", {{"steps", steps}, {"reminderMinutes", -15}}});
        a->sync();
        b->sync();
        const auto mine = a->store->row("ritual", r.id);
        const auto theirs = b->store->row("ritual", r.id);
        QVERIFY(mine && theirs);
        QCOMPARE(theirs->dump(), mine->dump());
        QVERIFY(theirs->at("steps") == steps);
        QCOMPARE(test::sharedDigest(*a->store), test::sharedDigest(*b->store));
    }

    void offlineEditsWaitAndSurviveARestart()
    {
        auto [a, b] = couple();
        a->transport.offline = true;
        a->book().createRitual(draft("Written offline"));
        QVERIFY_THROWS_EXCEPTION(TransportError, (void)a->sync());
        QVERIFY(a->client->status().pending > 0);
        // The app closes and opens again; the outbox is still there.
        a->client.reset();
        a->store = std::make_unique<Store>(file("a.db"), a->clock, a->random);
        a->client = std::make_unique<SyncClient>(*a->store, a->transport);
        QVERIFY(a->client->status().pending > 0);
        a->transport.offline = false;
        a->sync();
        b->sync();
        QCOMPARE(a->client->status().pending, 0);
        QCOMPARE(b->book().rituals(false).size(), a->book().rituals(false).size());
    }

    // Issue 6: the therapist's device holds the `care` key and nothing else; unlinking removes
    // it and rotates `care` once per device, and the therapist's replica keeps what it had.
    void aTherapistHoldsOnlyTheCareKeyUntilUnlinked()
    {
        auto [a, b] = couple();
        a->book().createRitual(draft("Ours alone"));
        a->sync();
        Device t(*m_server, file("t.db"), 7);
        // Another kind of invite is refused, and leaves nothing joined here.
        try {
            t.client->joinAsTherapist("local", a->client->invite("device"), "Ana's office");
            QFAIL("a device invite joined as a therapist");
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("code"));
        }
        QVERIFY(!t.client->paired());
        QVERIFY(!t.store->meta("sync.keys").has_value() || t.store->meta("sync.keys")->empty());

        const std::string code = a->client->inviteTherapist();
        QVERIFY_THROWS_EXCEPTION(ValidationError, (void)a->client->inviteTherapist()); // one at a time
        t.client->joinAsTherapist("local", code, "Ana's office");
        QCOMPARE(t.client->status().role, std::string("therapist"));
        const KeyRing ring = KeyRing::fromJson(nlohmann::json::parse(t.store->meta("sync.keys").value()));
        QVERIFY(!ring.keys().empty());
        for (const ContentKey &k : ring.keys())
            QCOMPARE(k.scope(), std::string("care"));
        QCOMPARE(ring.epoch("couple"), 0u);
        QCOMPARE(ring.epoch("private"), 0u);
        // It pulled the care space (Maya's note of the invite), and no ritual of the couple.
        QVERIFY(t.store->row("care_link", t.store->meta("member_id").value()).has_value());
        auto rituals = t.store->db().cached("SELECT COUNT(*) FROM ritual");
        rituals->step();
        QCOMPARE(rituals->integer(0), 0);
        QVERIFY_THROWS_EXCEPTION(ValidationError, (void)t.client->inviteTherapist());

        const auto careEpoch = [](Device &d) {
            return KeyRing::fromJson(nlohmann::json::parse(d.store->meta("sync.keys").value())).epoch("care");
        };
        b->sync(); // (rotates for the device the refused join enrolled and took out again)
        const std::uint32_t before = careEpoch(*b);
        const std::uint32_t therapistEpoch = careEpoch(t);
        b->client->unlinkTherapist();
        QCOMPARE(careEpoch(*b), before + 1);
        b->client->unlinkTherapist(); // cut short and tried again: no second rotation
        b->sync();
        QCOMPARE(careEpoch(*b), before + 1);
        try {
            (void)t.sync();
            QFAIL("an unlinked therapist could still sync");
        } catch (const SyncError &e) {
            QCOMPARE(e.code(), std::string("device_removed"));
        }
        QVERIFY(!t.client->paired());
        QVERIFY(t.store->meta("read_only").has_value());
        QVERIFY(t.store->row("care_link", t.store->meta("member_id").value()).has_value());
        // Maya's device rotates for the removed therapist too, and takes in Jonas's new key.
        a->sync();
        const KeyRing hers = KeyRing::fromJson(nlohmann::json::parse(a->store->meta("sync.keys").value()));
        QVERIFY(!hers.find("care", before + 1).empty());
        QVERIFY(hers.epoch("care") >= before + 1);
        QCOMPARE(careEpoch(t), therapistEpoch);
        QVERIFY(therapistEpoch < before + 1);

        // A therapist linked later gets only the newest care key: what the first one saw, sealed
        // before the unlinking rotation, stays closed to them.
        Device t2(*m_server, file("t2.db"), 8);
        t2.client->joinAsTherapist("local", a->client->inviteTherapist(), "Dr. Lee's office");
        const KeyRing second = KeyRing::fromJson(nlohmann::json::parse(t2.store->meta("sync.keys").value()));
        QCOMPARE(second.keys().size(), std::size_t(1));
        QCOMPARE(second.keys().front().epoch(), careEpoch(*a));
        QVERIFY(!t2.store->row("care_link", t.store->meta("member_id").value()).has_value());
        QVERIFY(t2.store->row("care_link", t2.store->meta("member_id").value()).has_value());
        QVERIFY(t2.client->status().unopened > 0);
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
