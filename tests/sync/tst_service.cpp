// SyncService, driven directly as the simulation will: every route's happy path, every error
// status, the scope rules, paging, long-poll signalling, and that neither the server's files nor
// its log ever hold content, tokens or ciphertext. On SQLite, or on PostgreSQL with
// HEARTH_TEST_BACKEND=postgres (ctest's tst_service_pg; pgtest.h): the cases about SQLite's files
// skip there, and PostgreSQL's own cases skip on SQLite.
#include "long_poll_hub.h"
#include "pg_storage.h"
#include "pgtest.h"
#include "service.h"
#include "sqlite_storage.h"

#include "database.h"
#include "envelope.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

using namespace hearth;
using namespace hearth::server;
using nlohmann::json;
using sync::HttpRequest;
using sync::HttpResponse;

namespace {

const std::string kSpace = "5ace5ace5ace5ace";
const std::string kOtherSpace = "0dd50dd50dd50dd5";
const std::string kMaya = "a0a0a0a0a0a0a0a0";
const std::string kMayaLaptop = "a1a1a1a1a1a1a1a1";
const std::string kMayaPhone = "a2a2a2a2a2a2a2a2";
const std::string kSam = "b0b0b0b0b0b0b0b0";
const std::string kSamPhone = "b1b1b1b1b1b1b1b1";
const std::string kTherapist = "c0c0c0c0c0c0c0c0";
const std::string kTherapistLaptop = "c1c1c1c1c1c1c1c1";
const std::string kPublicKey(43, 'A'); // 32 zero bytes in unpadded base64url
const std::int64_t kStart = 1'700'000'000'000;

std::string lookup(char c)
{
    return std::string(64, c);
}

std::string envelopesPath(const std::string &space = kSpace)
{
    return "/v1/spaces/" + space + "/envelopes";
}

#define SQLITE_ONLY(why)                                                                        \
    do {                                                                                       \
        if (test::usePostgres())                                                               \
            QSKIP("SQLite only: " why);                                                        \
    } while (false)

#define POSTGRES_ONLY()                                                                         \
    do {                                                                                       \
        if (!test::usePostgres())                                                              \
            QSKIP("PostgreSQL only: runs in tst_service_pg (HEARTH_TEST_BACKEND=postgres)");    \
    } while (false)

/// A service on a fresh data directory (SQLite) or a fresh schema (PostgreSQL), with its log
/// lines kept for inspection.
class Server {
public:
    explicit Server(ServiceConfig config = fastConfig())
        : m_schema(test::usePostgres() ? std::make_unique<test::PostgresSchema>(test::requirePostgresAdminUri())
                                       : nullptr),
          m_storage(m_schema ? std::unique_ptr<ServerStorage>(std::make_unique<PgStorage>(m_schema->uri()))
                             : std::make_unique<SqliteStorage>(dataDir())),
          m_service(std::make_unique<SyncService>(
              *m_storage, config, [this](std::string_view line) { log.emplace_back(line); }))
    {
    }

    static ServiceConfig fastConfig()
    {
        ServiceConfig c;
        c.ratePerSecond = 10000;
        c.rateBurst = 10000;
        return c;
    }

    [[nodiscard]] std::filesystem::path dataDir() const
    {
        return std::filesystem::path(m_dir.path().toStdString()) / "data";
    }

    Handled handle(const std::string &method, const std::string &target, const std::string &token,
                   const std::string &body, const std::string &contentType = "application/json")
    {
        return m_service->handle(HttpRequest{method, target, token, contentType, body, "10.0.0.1"},
                                 now);
    }

    /// What the HTTP layer asks when a request's header has arrived.
    Admission admit(const std::string &method, const std::string &target, const std::string &token,
                    std::size_t contentLength, const std::string &contentType = "application/json")
    {
        return m_service->admit(HttpRequest{method, target, token, contentType, {}, "10.0.0.1"},
                                contentLength, now);
    }

    HttpResponse send(const std::string &method, const std::string &target,
                      const std::string &token = {}, const json &body = nullptr)
    {
        return handle(method, target, token, body.is_null() ? std::string() : body.dump()).response;
    }

    /// Closes the database, so that its files can be read whole.
    void close()
    {
        m_service.reset();
        m_storage.reset();
    }

    [[nodiscard]] SyncService &service() { return *m_service; }
    /// The PostgreSQL schema of the storage (PostgreSQL runs only).
    [[nodiscard]] const test::PostgresSchema &schema() const { return *m_schema; }

    std::int64_t now = kStart;
    std::vector<std::string> log;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::PostgresSchema> m_schema;
    std::unique_ptr<ServerStorage> m_storage;
    std::unique_ptr<SyncService> m_service;
};

json body(const HttpResponse &r)
{
    return json::parse(r.body);
}

std::string errorCode(const HttpResponse &r)
{
    return body(r).at("error").at("code").get<std::string>();
}

json deviceJson(const std::string &id, const std::string &member = {})
{
    json d{{"id", id}, {"public_key", kPublicKey}, {"name", "Maya's laptop"}};
    if (!member.empty())
        d["member"] = member;
    return d;
}

json inviteJson(char code, const std::string &role, const std::string &member, int expiresIn = 600)
{
    return {{"invite", lookup(code)},
            {"role", role},
            {"member", member},
            {"bundle", "c2VhbGVkLWtleXM"},
            {"expires_in", expiresIn}};
}

/// Tokens of a space with Maya (partner), Sam (partner) and a therapist.
struct Couple {
    std::string maya;
    std::string sam;
    std::string therapist;
};

std::string createSpace(Server &s, const std::string &space, const std::string &device,
                        const std::string &member)
{
    const auto r = s.send("POST", "/v1/spaces", {}, {{"space", space}, {"device", deviceJson(device, member)}});
    if (r.status != 201)
        qFatal("creating a space failed: %s", r.body.c_str());
    return body(r).at("token").get<std::string>();
}

std::string inviteAndJoin(Server &s, const std::string &inviterToken, char code,
                          const std::string &role, const std::string &member,
                          const std::string &device)
{
    const auto invited = s.send("POST", "/v1/spaces/" + kSpace + "/invites", inviterToken,
                                inviteJson(code, role, member));
    if (invited.status != 201)
        qFatal("inviting failed: %s", invited.body.c_str());
    const auto joined = s.send("POST", "/v1/join", {}, {{"invite", lookup(code)}, {"device", deviceJson(device)}});
    if (joined.status != 201)
        qFatal("joining failed: %s", joined.body.c_str());
    return body(joined).at("token").get<std::string>();
}

Couple makeCouple(Server &s)
{
    Couple c;
    c.maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
    c.sam = inviteAndJoin(s, c.maya, '1', "partner", kSam, kSamPhone);
    c.therapist = inviteAndJoin(s, c.maya, '2', "therapist", kTherapist, kTherapistLaptop);
    return c;
}

sync::Envelope sealed(const std::string &device, const std::string &scope, std::uint64_t seq,
                      const std::string &plaintext = "a change")
{
    const sync::ContentKey key = sync::ContentKey::generate(scope, 1);
    return sync::seal({sync::newEnvelopeId(), kSpace, scope, device, seq, 1}, plaintext, key);
}

json pushJson(const std::vector<sync::Envelope> &envelopes)
{
    json items = json::array();
    for (const auto &e : envelopes)
        items.push_back(e);
    return {{"envelopes", items}};
}

HttpResponse push(Server &s, const std::string &token, const std::vector<sync::Envelope> &envelopes)
{
    return s.send("POST", envelopesPath(), token, pushJson(envelopes));
}

std::vector<std::string> pulledIds(const HttpResponse &r)
{
    std::vector<std::string> ids;
    const json page = body(r);
    for (const auto &e : page.at("envelopes"))
        ids.push_back(e.at("id").get<std::string>());
    return ids;
}

/// QCOMPARE for anything with a JSON form: QTest cannot print nlohmann::json itself.
#define JCOMPARE(actual, expected)                                                              \
    do {                                                                                       \
        const json actual_ = json(actual);                                                     \
        const json expected_ = json(expected);                                                 \
        QVERIFY2(actual_ == expected_, (actual_.dump() + " is not " + expected_.dump()).c_str()); \
    } while (false)

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string hex(std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
    return out;
}

/// Every row of every table in the schema, as PostgreSQL's text form of the row (bytea columns
/// in hex), one line per row: what the database holds for this server.
std::string dumpSchema(const test::PostgresSchema &schema)
{
    test::PostgresConnection db(schema.adminUri());
    std::string dump;
    for (const auto &table : db.query("SELECT quote_ident(table_name) FROM information_schema.tables "
                                      "WHERE table_schema = $1 ORDER BY table_name",
                                      {schema.name()})) {
        const std::string name = schema.name() + "." + table.at(0).value();
        for (const auto &row : db.query("SELECT t::text FROM " + name + " t"))
            dump += name + " " + row.at(0).value_or("NULL") + "\n";
    }
    return dump;
}

/// Whether the dump holds the bytes, as text or as bytea's hex.
bool dumpHolds(const std::string &dump, std::string_view bytes)
{
    return dump.find(bytes) != std::string::npos || dump.find(hex(bytes)) != std::string::npos;
}

} // namespace

class TestService : public QObject {
    Q_OBJECT

private slots:
    void healthAndMetrics()
    {
        Server s;
        const auto health = s.send("GET", "/healthz");
        JCOMPARE(health.status, 200);
        JCOMPARE(body(health), json({{"status", "ok"}}));
        makeCouple(s);
        const auto metrics = s.send("GET", "/metrics");
        JCOMPARE(metrics.status, 200);
        QVERIFY(metrics.contentType.starts_with("text/plain"));
        QVERIFY(metrics.body.find("hearth_requests_total{route=\"/v1/join\",status=\"201\"} 2")
                != std::string::npos);
        QVERIFY(metrics.body.find("hearth_request_duration_seconds_bucket") != std::string::npos);
        QVERIFY(metrics.body.find("hearth_envelopes_stored_total 0") != std::string::npos);
        QVERIFY(metrics.body.find("hearth_long_polls_open 0") != std::string::npos);
        QVERIFY(metrics.body.find("hearth_spaces 1") != std::string::npos);
    }

    void createsASpace()
    {
        Server s;
        const auto r = s.send("POST", "/v1/spaces", {}, {{"space", kSpace}, {"device", deviceJson(kMayaLaptop, kMaya)}});
        JCOMPARE(r.status, 201);
        const json b = body(r);
        JCOMPARE(b.at("space"), kSpace);
        JCOMPARE(b.at("device"), kMayaLaptop);
        JCOMPARE(b.at("member"), kMaya);
        JCOMPARE(b.at("role"), "partner");
        JCOMPARE(b.at("token").get<std::string>().size(), std::size_t(43));
    }

    void aSpaceOrDeviceIdIsTakenOnce()
    {
        Server s;
        createSpace(s, kSpace, kMayaLaptop, kMaya);
        auto again = s.send("POST", "/v1/spaces", {}, {{"space", kSpace}, {"device", deviceJson(kSamPhone, kSam)}});
        JCOMPARE(again.status, 409);
        JCOMPARE(errorCode(again), "space_exists");
        auto sameDevice = s.send("POST", "/v1/spaces", {}, {{"space", kOtherSpace}, {"device", deviceJson(kMayaLaptop, kMaya)}});
        JCOMPARE(sameDevice.status, 409);
        JCOMPARE(errorCode(sameDevice), "device_exists");
    }

    void invitesAndJoins()
    {
        Server s;
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
        const auto invited = s.send("POST", "/v1/spaces/" + kSpace + "/invites", maya, inviteJson('1', "partner", kSam, 600));
        JCOMPARE(invited.status, 201);
        JCOMPARE(body(invited), json({{"invite", lookup('1')}, {"expires", kStart + 600'000}}));

        const auto joined = s.send("POST", "/v1/join", {}, {{"invite", lookup('1')}, {"device", deviceJson(kSamPhone)}});
        JCOMPARE(joined.status, 201);
        const json b = body(joined);
        JCOMPARE(b.at("space"), kSpace);
        JCOMPARE(b.at("device"), kSamPhone);
        JCOMPARE(b.at("member"), kSam);
        JCOMPARE(b.at("role"), "partner");
        JCOMPARE(b.at("bundle"), "c2VhbGVkLWtleXM");
        QVERIFY(b.at("token") != maya);
    }

    void aDeviceInviteAddsADeviceToTheSamePerson()
    {
        Server s;
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
        const std::string phone = inviteAndJoin(s, maya, '3', "device", kMaya, kMayaPhone);
        const json devices = body(s.send("GET", "/v1/spaces/" + kSpace + "/devices", phone));
        JCOMPARE(devices.at("devices").size(), std::size_t(2));
        JCOMPARE(devices.at("devices")[1].at("member"), kMaya);
        JCOMPARE(devices.at("devices")[1].at("role"), "device");
        JCOMPARE(devices.at("members"), json::parse(R"([{"id":"a0a0a0a0a0a0a0a0","role":"partner"}])"));
    }

    void listsDevicesAndMembers()
    {
        Server s;
        const Couple c = makeCouple(s);
        s.now += 5000;
        const auto r = s.send("GET", "/v1/spaces/" + kSpace + "/devices", c.sam);
        JCOMPARE(r.status, 200);
        const json b = body(r);
        JCOMPARE(b.at("devices").size(), std::size_t(3));
        const json &sam = b.at("devices")[1];
        JCOMPARE(sam.at("id"), kSamPhone);
        JCOMPARE(sam.at("name"), "Maya's laptop");
        JCOMPARE(sam.at("created"), kStart);
        JCOMPARE(sam.at("last_seen"), kStart + 5000); // this very request
        JCOMPARE(sam.at("removed"), false);
        JCOMPARE(b.at("members").size(), std::size_t(3));
        JCOMPARE(b.at("members")[2], json({{"id", kTherapist}, {"role", "therapist"}}));
    }

    void pushesAndPulls()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto e1 = sealed(kMayaLaptop, "couple", 1);
        const auto e2 = sealed(kMayaLaptop, "care", 2);
        const auto pushed = push(s, c.maya, {e1, e2});
        JCOMPARE(pushed.status, 200);
        const json results = body(pushed).at("results");
        JCOMPARE(results.size(), std::size_t(2));
        JCOMPARE(results[0].at("id"), e1.header.id);
        JCOMPARE(results[0].at("stored"), true);
        JCOMPARE(results[0].at("received"), kStart);
        QVERIFY(results[1].at("cursor") > results[0].at("cursor"));
        JCOMPARE(body(pushed).at("cursor"), results[1].at("cursor"));

        const auto pulled = s.send("GET", envelopesPath() + "?after=0", c.sam);
        JCOMPARE(pulled.status, 200);
        const json page = body(pulled);
        JCOMPARE(page.at("envelopes").size(), std::size_t(2));
        sync::Envelope back = page.at("envelopes")[0].get<sync::Envelope>();
        QVERIFY(back == e1);
        JCOMPARE(page.at("envelopes")[0].at("cursor"), results[0].at("cursor"));
        JCOMPARE(page.at("envelopes")[0].at("received"), kStart);
        JCOMPARE(page.at("next"), results[1].at("cursor"));
        JCOMPARE(page.at("more"), false);
    }

    void aPushIsIdempotentOnTheEnvelopeId()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto e1 = sealed(kMayaLaptop, "couple", 1);
        const json first = body(push(s, c.maya, {e1})).at("results")[0];
        s.now += 1000;
        const auto e2 = sealed(kMayaLaptop, "couple", 2);
        const json again = body(push(s, c.maya, {e1, e2, e1})).at("results");
        JCOMPARE(again[0].at("stored"), false);
        JCOMPARE(again[0].at("cursor"), first.at("cursor"));
        JCOMPARE(again[0].at("received"), kStart);
        JCOMPARE(again[1].at("stored"), true);
        JCOMPARE(again[2].at("stored"), false);
        JCOMPARE(again[2].at("cursor"), first.at("cursor"));
        JCOMPARE(body(s.send("GET", envelopesPath(), c.sam)).at("envelopes").size(), std::size_t(2));
        JCOMPARE(s.service().metrics().envelopesStored(), 2);
    }

    void pagesWithLimitNextAndMore()
    {
        Server s;
        const Couple c = makeCouple(s);
        std::vector<sync::Envelope> five;
        for (std::uint64_t seq = 1; seq <= 5; ++seq)
            five.push_back(sealed(kMayaLaptop, "couple", seq));
        JCOMPARE(push(s, c.maya, five).status, 200);

        std::vector<std::string> seen;
        std::int64_t after = 0;
        std::vector<bool> mores;
        for (int page = 0; page < 3; ++page) {
            const json b = body(s.send("GET", envelopesPath() + "?after=" + std::to_string(after) + "&limit=2", c.sam));
            for (const auto &id : pulledIds(HttpResponse{200, b.dump()}))
                seen.push_back(id);
            QVERIFY(b.at("next").get<std::int64_t>() >= after);
            after = b.at("next").get<std::int64_t>();
            mores.push_back(b.at("more").get<bool>());
        }
        JCOMPARE(mores, std::vector<bool>({true, true, false}));
        JCOMPARE(seen.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i)
            JCOMPARE(seen[i], five[i].header.id);
        // Caught up: an empty page keeps the cursor.
        const json empty = body(s.send("GET", envelopesPath() + "?after=" + std::to_string(after), c.sam));
        JCOMPARE(empty.at("envelopes").size(), std::size_t(0));
        JCOMPARE(empty.at("next").get<std::int64_t>(), after);
    }

    void privateEnvelopesReachOnlyTheAuthorsDevices()
    {
        Server s;
        const Couple c = makeCouple(s);
        const std::string phone = inviteAndJoin(s, c.maya, '3', "device", kMaya, kMayaPhone);
        const auto mine = sealed(kMayaLaptop, "private", 1);
        const auto ours = sealed(kMayaLaptop, "couple", 2);
        push(s, c.maya, {mine, ours});

        JCOMPARE(pulledIds(s.send("GET", envelopesPath(), phone)),
                 std::vector<std::string>({mine.header.id, ours.header.id}));
        const json samPage = body(s.send("GET", envelopesPath(), c.sam));
        JCOMPARE(pulledIds(HttpResponse{200, samPage.dump()}), std::vector<std::string>({ours.header.id}));
        const json therapistPage = body(s.send("GET", envelopesPath(), c.therapist));
        JCOMPARE(therapistPage.at("envelopes").size(), std::size_t(0));
        // Skipping what it may not see still moves the therapist's cursor past it.
        JCOMPARE(therapistPage.at("next"), samPage.at("next"));
    }

    void aTherapistReadsAndWritesOnlyCare()
    {
        Server s;
        const Couple c = makeCouple(s);
        for (const char *scope : {"couple", "private"}) {
            const auto r = push(s, c.therapist, {sealed(kTherapistLaptop, scope, 1)});
            JCOMPARE(r.status, 403);
            JCOMPARE(errorCode(r), "forbidden");
        }
        const auto care = sealed(kTherapistLaptop, "care", 1);
        JCOMPARE(push(s, c.therapist, {care}).status, 200);
        push(s, c.maya, {sealed(kMayaLaptop, "couple", 1), sealed(kMayaLaptop, "private", 2)});
        JCOMPARE(pulledIds(s.send("GET", envelopesPath(), c.therapist)), std::vector<std::string>({care.header.id}));
    }

    void aLongPollWaitsOnlyWhenNothingIsNew()
    {
        Server s;
        const Couple c = makeCouple(s);
        const Handled waiting = s.handle("GET", envelopesPath() + "?after=0&wait=20&limit=5", c.sam, {});
        QVERIFY(waiting.waiting());
        JCOMPARE(waiting.waitSpace, kSpace);
        JCOMPARE(waiting.waitSeconds, 20);
        JCOMPARE(waiting.retryTarget, envelopesPath() + "?after=0&limit=5");

        const Handled pushed = s.handle("POST", envelopesPath(), c.maya,
                                        pushJson({sealed(kMayaLaptop, "couple", 1)}).dump());
        JCOMPARE(pushed.notifySpace, kSpace);
        const Handled again = s.handle("GET", envelopesPath() + "?after=0&wait=20", c.sam, {});
        QVERIFY(!again.waiting());
        JCOMPARE(body(again.response).at("envelopes").size(), std::size_t(1));

        const auto overlong = s.send("GET", envelopesPath() + "?wait=31", c.sam);
        JCOMPARE(overlong.status, 400);
        QVERIFY(body(overlong).at("error").at("message").get<std::string>().starts_with("\"wait\""));
    }

    void keyBoxesReachTheirRecipient()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto stored = s.send("POST", "/v1/spaces/" + kSpace + "/keys", c.maya,
                                   {{"boxes", {{{"device", kSamPhone}, {"box", "Ym94LWZvci1zYW0"}},
                                               {{"device", kTherapistLaptop}, {"box", "Ym94LWZvci10aGVyYXBpc3Q"}}}}});
        JCOMPARE(stored.status, 200);
        JCOMPARE(body(stored), json({{"stored", 2}}));
        const json mine = body(s.send("GET", "/v1/spaces/" + kSpace + "/keys?after=0", c.sam));
        JCOMPARE(mine.at("boxes").size(), std::size_t(1));
        JCOMPARE(mine.at("boxes")[0].at("from"), kMayaLaptop);
        JCOMPARE(mine.at("boxes")[0].at("box"), "Ym94LWZvci1zYW0");
        const json later = body(s.send("GET", "/v1/spaces/" + kSpace + "/keys?after=" + mine.at("next").dump(), c.sam));
        JCOMPARE(later.at("boxes").size(), std::size_t(0));

        const auto unknown = s.send("POST", "/v1/spaces/" + kSpace + "/keys", c.maya,
                                    {{"boxes", {{{"device", "dddddddddddddddd"}, {"box", "eA"}}}}});
        JCOMPARE(unknown.status, 404);
        const auto fromTherapist = s.send("POST", "/v1/spaces/" + kSpace + "/keys", c.therapist,
                                          {{"boxes", {{{"device", kSamPhone}, {"box", "eA"}}}}});
        JCOMPARE(fromTherapist.status, 403);
    }

    void removingADeviceRefusesItsTokenAtOnce()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto removed = s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kSamPhone, c.maya);
        JCOMPARE(removed.status, 200);
        JCOMPARE(body(removed), json({{"removed", kSamPhone}}));
        const auto refused = s.send("GET", envelopesPath(), c.sam);
        JCOMPARE(refused.status, 401);
        JCOMPARE(errorCode(refused), "device_removed");
        const json devices = body(s.send("GET", "/v1/spaces/" + kSpace + "/devices", c.maya));
        JCOMPARE(devices.at("devices")[1].at("removed"), true);
    }

    void aTherapistRemovesOnlyItself()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto other = s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kSamPhone, c.therapist);
        JCOMPARE(other.status, 403);
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kTherapistLaptop, c.therapist).status, 200);
    }

    void aPartnerRemovesTheTherapist()
    {
        Server s;
        const Couple c = makeCouple(s);
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/members/" + kSam, c.maya).status, 403);
        const auto r = s.send("DELETE", "/v1/spaces/" + kSpace + "/members/" + kTherapist, c.maya);
        JCOMPARE(r.status, 200);
        JCOMPARE(body(r), json({{"removed", kTherapist}, {"devices", {kTherapistLaptop}}}));
        JCOMPARE(errorCode(s.send("GET", envelopesPath(), c.therapist)), "device_removed");
        const json members = body(s.send("GET", "/v1/spaces/" + kSpace + "/devices", c.maya)).at("members");
        JCOMPARE(members.size(), std::size_t(2));
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/members/" + kSam, c.sam).status, 200);
    }

    // One test per error status.

    void status400MalformedJsonOrField()
    {
        Server s;
        const auto malformed = s.handle("POST", "/v1/spaces", {}, "{\"space\": ").response;
        JCOMPARE(malformed.status, 400);
        JCOMPARE(errorCode(malformed), "malformed_json");
        json missingKey{{"space", kSpace}, {"device", {{"id", kMayaLaptop}, {"member", kMaya}}}};
        const auto field = s.send("POST", "/v1/spaces", {}, missingKey);
        JCOMPARE(field.status, 400);
        JCOMPARE(errorCode(field), "invalid_field");
        QVERIFY(body(field).at("error").at("message").get<std::string>().find("device.public_key") != std::string::npos);
        const auto badId = s.send("POST", "/v1/spaces", {}, {{"space", "NOT-HEX"}, {"device", deviceJson(kMayaLaptop, kMaya)}});
        JCOMPARE(badId.status, 400);
        const auto nested = s.handle("POST", "/v1/spaces", {}, std::string(10000, '[')).response;
        JCOMPARE(nested.status, 400);
        // A name with a control character (NUL, which PostgreSQL cannot store, or a newline) is
        // refused alike on both backends, and creates nothing.
        for (const std::string &name : {std::string("Maya\0s laptop", 14), std::string("Maya\nlaptop")}) {
            json device = deviceJson(kMayaLaptop, kMaya);
            device["name"] = name;
            const auto refused = s.send("POST", "/v1/spaces", {}, {{"space", kSpace}, {"device", device}});
            JCOMPARE(refused.status, 400);
            QVERIFY(body(refused).at("error").at("message").get<std::string>().find("control") != std::string::npos);
        }
        JCOMPARE(s.send("POST", "/v1/spaces", {}, {{"space", kSpace}, {"device", deviceJson(kMayaLaptop, kMaya)}}).status, 201);
    }

    void status400EnvelopeForAnotherSpace()
    {
        Server s;
        const Couple c = makeCouple(s);
        auto e = sealed(kMayaLaptop, "couple", 1);
        e.header.spaceId = kOtherSpace;
        const auto r = push(s, c.maya, {e});
        JCOMPARE(r.status, 400);
        QVERIFY(r.body.find("envelopes[0].space") != std::string::npos);
        const auto badQuery = s.send("GET", envelopesPath() + "?after=-1", c.maya);
        JCOMPARE(badQuery.status, 400);
        JCOMPARE(s.send("GET", envelopesPath() + "?limit=abc", c.maya).status, 400);
    }

    void status401WithoutOrWithAnUnknownToken()
    {
        Server s;
        makeCouple(s);
        const auto none = s.send("GET", envelopesPath());
        JCOMPARE(none.status, 401);
        JCOMPARE(errorCode(none), "unauthorized");
        const auto unknown = s.send("GET", envelopesPath(), "bm90LWEtdG9rZW4");
        JCOMPARE(unknown.status, 401);
        JCOMPARE(errorCode(unknown), "unauthorized");
    }

    void status403TokenOfAnotherSpace()
    {
        Server s;
        const Couple c = makeCouple(s);
        const std::string stranger = createSpace(s, kOtherSpace, "e1e1e1e1e1e1e1e1", "e0e0e0e0e0e0e0e0");
        const auto r = s.send("GET", envelopesPath(), stranger);
        JCOMPARE(r.status, 403);
        JCOMPARE(errorCode(r), "forbidden");
        JCOMPARE(s.send("GET", "/v1/spaces/" + kSpace + "/devices", stranger).status, 403);
    }

    void status403PushingAnotherDevicesEnvelope()
    {
        Server s;
        const Couple c = makeCouple(s);
        JCOMPARE(push(s, c.maya, {sealed(kSamPhone, "couple", 1)}).status, 403);
    }

    void status403RolesThatMayNotInvite()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto fromTherapist = s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.therapist, inviteJson('5', "partner", "f0f0f0f0f0f0f0f0"));
        JCOMPARE(fromTherapist.status, 403);
        const auto deviceOfAnother = s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('6', "device", kSam));
        JCOMPARE(deviceOfAnother.status, 403);
        const auto partnerAsSelf = s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('7', "partner", kMaya));
        JCOMPARE(partnerAsSelf.status, 403);
    }

    void status404()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto route = s.send("GET", "/v1/nothing-here");
        JCOMPARE(route.status, 404);
        JCOMPARE(errorCode(route), "not_found");
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/dddddddddddddddd", c.maya).status, 404);
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/members/dddddddddddddddd", c.maya).status, 404);
        const auto invite = s.send("POST", "/v1/join", {}, {{"invite", lookup('9')}, {"device", deviceJson("d1d1d1d1d1d1d1d1")}});
        JCOMPARE(invite.status, 404);
        JCOMPARE(errorCode(invite), "invite_not_found");
    }

    void status405()
    {
        Server s;
        const auto r = s.send("PUT", "/v1/spaces");
        JCOMPARE(r.status, 405);
        JCOMPARE(errorCode(r), "method_not_allowed");
        JCOMPARE(s.send("DELETE", envelopesPath()).status, 405);
    }

    void status409ReplayedInvite()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto replay = s.send("POST", "/v1/join", {}, {{"invite", lookup('1')}, {"device", deviceJson("d1d1d1d1d1d1d1d1")}});
        JCOMPARE(replay.status, 409);
        JCOMPARE(errorCode(replay), "invite_used");
        QVERIFY(replay.body.find("already used") != std::string::npos);
        const auto sameCode = s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('1', "partner", "f0f0f0f0f0f0f0f0"));
        JCOMPARE(sameCode.status, 409);
        JCOMPARE(errorCode(sameCode), "invite_exists");
    }

    void status409ExpiredInvite()
    {
        Server s;
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
        s.send("POST", "/v1/spaces/" + kSpace + "/invites", maya, inviteJson('4', "partner", kSam, 60));
        s.now += 60'000;
        const auto r = s.send("POST", "/v1/join", {}, {{"invite", lookup('4')}, {"device", deviceJson(kSamPhone)}});
        JCOMPARE(r.status, 409);
        JCOMPARE(errorCode(r), "invite_expired");
    }

    void status409JoiningWithATakenDeviceIdKeepsTheInvite()
    {
        Server s;
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
        s.send("POST", "/v1/spaces/" + kSpace + "/invites", maya, inviteJson('4', "partner", kSam));
        const auto taken = s.send("POST", "/v1/join", {}, {{"invite", lookup('4')}, {"device", deviceJson(kMayaLaptop)}});
        JCOMPARE(taken.status, 409);
        JCOMPARE(errorCode(taken), "device_exists");
        JCOMPARE(s.send("POST", "/v1/join", {}, {{"invite", lookup('4')}, {"device", deviceJson(kSamPhone)}}).status, 201);
    }

    void status413Body()
    {
        ServiceConfig config = Server::fastConfig();
        config.maxBodyBytes = 2048;
        Server s(config);
        const Couple c = makeCouple(s);
        const auto r = push(s, c.maya, {sealed(kMayaLaptop, "couple", 1, std::string(2000, 'x'))});
        JCOMPARE(r.status, 413);
        JCOMPARE(errorCode(r), "body_too_large");
    }

    void status413TooManyEnvelopes()
    {
        ServiceConfig config = Server::fastConfig();
        config.maxEnvelopesPerPush = 3;
        Server s(config);
        const Couple c = makeCouple(s);
        std::vector<sync::Envelope> four;
        for (std::uint64_t seq = 1; seq <= 4; ++seq)
            four.push_back(sealed(kMayaLaptop, "couple", seq));
        const auto r = push(s, c.maya, four);
        JCOMPARE(r.status, 413);
        JCOMPARE(errorCode(r), "too_many_envelopes");
        four.pop_back();
        JCOMPARE(push(s, c.maya, four).status, 200);
    }

    void status413EnvelopeTooLarge()
    {
        Server s;
        const Couple c = makeCouple(s);
        auto e = sealed(kMayaLaptop, "couple", 1);
        e.ciphertext.assign(SyncService::kMaxCiphertext + 1, 0x5a);
        const auto r = push(s, c.maya, {e});
        JCOMPARE(r.status, 413);
        JCOMPARE(errorCode(r), "envelope_too_large");
        e.ciphertext.resize(SyncService::kMaxCiphertext);
        JCOMPARE(push(s, c.maya, {e}).status, 200);
    }

    void status415()
    {
        Server s;
        const json create{{"space", kSpace}, {"device", deviceJson(kMayaLaptop, kMaya)}};
        const auto r = s.handle("POST", "/v1/spaces", {}, create.dump(), "text/plain").response;
        JCOMPARE(r.status, 415);
        JCOMPARE(errorCode(r), "unsupported_media_type");
        JCOMPARE(s.handle("POST", "/v1/spaces", {}, create.dump(), "application/json; charset=utf-8").response.status, 201);
    }

    void status429WithRetryAfter()
    {
        ServiceConfig config;
        config.ratePerSecond = 1;
        config.rateBurst = 2;
        Server s(config);
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya); // 1 of the peer's 2
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 200);
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 200);
        const auto limited = s.send("GET", envelopesPath(), maya);
        JCOMPARE(limited.status, 429);
        JCOMPARE(errorCode(limited), "rate_limited");
        JCOMPARE(limited.retryAfter, 1);
        s.now += 1000;
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 200);
        // The peer's bucket for the unauthenticated routes is its own: one left from the create,
        // and one refilled since.
        JCOMPARE(s.send("POST", "/v1/join", {}, {{"invite", lookup('9')}, {"device", deviceJson(kSamPhone)}}).status, 404);
        JCOMPARE(s.send("POST", "/v1/join", {}, {{"invite", lookup('9')}, {"device", deviceJson(kSamPhone)}}).status, 404);
        JCOMPARE(s.send("POST", "/v1/join", {}, {{"invite", lookup('9')}, {"device", deviceJson(kSamPhone)}}).status, 429);
        // A made-up token does not buy a fresh bucket on a route that takes none.
        JCOMPARE(s.send("POST", "/v1/join", "bWFkZS11cA", {{"invite", lookup('9')}, {"device", deviceJson(kSamPhone)}}).status, 429);
    }

    void nothingAClientSendsGetsA5xx()
    {
        Server s;
        const Couple c = makeCouple(s);
        const std::vector<std::string> bodies = {
            "", "null", "[]", "42", "\"x\"", "{}", "{\"envelopes\":null}", "{\"envelopes\":[1]}",
            "{\"envelopes\":[{}]}", "{\"boxes\":[null]}", "{\"device\":[]}", "{\"space\":1}",
            "{\"invite\":{},\"device\":{\"id\":1}}", "{\"expires_in\":1e400}", "\xff\xfe",
            "{\"device\":{\"id\":\"a1a1a1a1a1a1a1a1\",\"public_key\":\"!!\"}}"};
        const std::vector<std::string> targets = {
            "/v1/spaces", "/v1/join", "/v1/spaces/" + kSpace + "/invites", envelopesPath(),
            "/v1/spaces/" + kSpace + "/keys", "/v1/spaces/" + kSpace + "/devices/x",
            "/v1/spaces//envelopes", "/v1/spaces/" + kSpace + "/envelopes?after=99999999999999999999",
            "//", "", "?", "/v1/spaces/" + kSpace + "/members/" + kSam + "/x"};
        for (const char *method : {"GET", "POST", "DELETE", "PATCH", ""}) {
            for (const std::string &target : targets) {
                for (const std::string &b : bodies) {
                    const auto r = s.handle(method, target, c.sam, b).response;
                    QVERIFY2(r.status < 500, (std::string(method) + " " + target + " " + b + " -> " + r.body).c_str());
                    QVERIFY(body(r).is_object());
                }
            }
        }
    }

    void status503WhenStorageFails()
    {
        Server s;
        const Couple c = makeCouple(s);
        // Another connection breaks the database under the service's feet.
        if (test::usePostgres()) {
            test::PostgresConnection(s.schema().uri()).exec("DROP TABLE key_boxes");
        } else {
            Database other(s.dataDir() / SqliteStorage::kFileName, Database::Mode::ReadWrite);
            other.exec("DROP TABLE key_boxes");
        }
        const auto r = s.send("GET", "/v1/spaces/" + kSpace + "/keys", c.sam);
        JCOMPARE(r.status, 503);
        JCOMPARE(errorCode(r), "storage_unavailable");
        QVERIFY(s.log.back().find("\"level\":\"error\"") != std::string::npos);
        JCOMPARE(s.send("GET", "/healthz").status, 200);
    }

    // Invites cannot make someone into a person already in the space.

    void aPartnerOrTherapistInviteMustNameANewMember()
    {
        Server s;
        const Couple c = makeCouple(s);
        // Sam inviting "a partner" under Maya's member id would receive Maya's private envelopes.
        for (const auto &[role, member] : {std::pair{"partner", kMaya}, std::pair{"therapist", kMaya},
                                           std::pair{"partner", kTherapist}}) {
            const auto r = s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.sam,
                                  inviteJson('7', role, member));
            JCOMPARE(r.status, 403);
            JCOMPARE(errorCode(r), "forbidden");
            JCOMPARE(body(r).at("error").at("message"),
                     "An invite for a new person must name a new member, or a member of this role "
                     "whose every device was removed.");
        }
        // A member whose devices were all removed may be invited back, in their own role only.
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/members/" + kTherapist, c.maya).status, 200);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya,
                        inviteJson('7', "partner", kTherapist)).status, 403);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya,
                        inviteJson('6', "therapist", kTherapist)).status, 201);
        // A device invite still names the caller's own member, and a new member still works.
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.sam, inviteJson('7', "device", kSam)).status, 201);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.sam, inviteJson('8', "device", kMaya)).status, 403);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya,
                        inviteJson('8', "therapist", "c9c9c9c9c9c9c9c9")).status, 201);
        const json devices = body(s.send("GET", "/v1/spaces/" + kSpace + "/devices", c.maya));
        for (const auto &d : devices.at("devices"))
            QVERIFY(d.at("member") != kMaya || d.at("id") == kMayaLaptop);
    }

    void aPartnerInvitedBackSeesNothingPrivateFromBefore()
    {
        Server s;
        const Couple c = makeCouple(s);
        const sync::Envelope oldPrivate = sealed(kSamPhone, "private", 1);
        const sync::Envelope oldCouple = sealed(kSamPhone, "couple", 2);
        JCOMPARE(push(s, c.sam, {oldPrivate, oldCouple}).status, 200);
        // Sam's only device is lost and removed; Maya invites Sam back.
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kSamPhone, c.maya).status, 200);
        const std::string back = inviteAndJoin(s, c.maya, '5', "partner", kSam, "b5b5b5b5b5b5b5b5");
        // A second invite for Sam now finds him present, at creation and at redemption.
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('8', "partner", kSam)).status,
                 403);
        const json page = body(s.send("GET", envelopesPath() + "?after=0", back));
        std::vector<std::string> ids;
        for (const auto &e : page.at("envelopes"))
            ids.push_back(e.at("id").get<std::string>());
        JCOMPARE(ids, std::vector<std::string>{oldCouple.header.id});
        // What Sam's new device writes privately from now on is his again, on his next device too.
        const sync::Envelope newPrivate = sealed("b5b5b5b5b5b5b5b5", "private", 1);
        JCOMPARE(push(s, back, {newPrivate}).status, 200);
        const std::string second = inviteAndJoin(s, back, '9', "device", kSam, "b6b6b6b6b6b6b6b6");
        JCOMPARE(pulledIds(s.send("GET", envelopesPath() + "?after=0", second)),
                 (std::vector<std::string>{oldCouple.header.id, newPrivate.header.id}));
        // Maya never sees either.
        JCOMPARE(pulledIds(s.send("GET", envelopesPath() + "?after=0", c.maya)),
                 std::vector<std::string>{oldCouple.header.id});
    }

    void twoInvitesBackForOneMemberEnrolOnlyOne()
    {
        Server s;
        const Couple c = makeCouple(s);
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kSamPhone, c.maya).status, 200);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('5', "partner", kSam)).status, 201);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('6', "partner", kSam)).status, 201);
        JCOMPARE(s.send("POST", "/v1/join", {}, {{"invite", lookup('5')}, {"device", deviceJson("b5b5b5b5b5b5b5b5")}}).status,
                 201);
        const auto second = s.send("POST", "/v1/join", {}, {{"invite", lookup('6')}, {"device", deviceJson("b6b6b6b6b6b6b6b6")}});
        JCOMPARE(second.status, 409);
        JCOMPARE(errorCode(second), "member_exists");
    }

    void onlyTheFirstOfTwoInvitesForOneNewMemberJoins()
    {
        Server s;
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", maya, inviteJson('1', "partner", kSam)).status, 201);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", maya, inviteJson('2', "partner", kSam)).status, 201);
        const auto first = s.send("POST", "/v1/join", {}, {{"invite", lookup('1')}, {"device", deviceJson(kSamPhone)}});
        JCOMPARE(first.status, 201);
        const auto second = s.send("POST", "/v1/join", {}, {{"invite", lookup('2')}, {"device", deviceJson("b2b2b2b2b2b2b2b2")}});
        JCOMPARE(second.status, 409);
        JCOMPARE(errorCode(second), "member_exists");
        const json devices = body(s.send("GET", "/v1/spaces/" + kSpace + "/devices", maya));
        JCOMPARE(devices.at("devices").size(), std::size_t(2)); // no device came of the second
        s.close();
        if (test::usePostgres()) {
            const auto rows = test::PostgresConnection(s.schema().uri())
                                  .query("SELECT used::int FROM invites WHERE lookup_hash = $1", {lookup('2')});
            JCOMPARE(rows.size(), std::size_t(1));
            JCOMPARE(rows[0].at(0).value_or("NULL"), "0");
            return;
        }
        Database db(s.dataDir() / SqliteStorage::kFileName, Database::Mode::ReadOnly);
        auto used = db.cached("SELECT used FROM invites WHERE lookup_hash = ?1");
        QVERIFY(used->bind(1, lookup('2')).step());
        JCOMPARE(used->integer(0), 0);
    }

    void keyBoxesNameTheirSenderAndSkipRemovedDevices()
    {
        Server s;
        const Couple c = makeCouple(s);
        const std::string phone = inviteAndJoin(s, c.maya, '3', "device", kMaya, kMayaPhone);
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/keys", phone,
                        {{"boxes", {{{"device", kSamPhone}, {"box", "Ym94"}}}}}).status, 200);
        const json mine = body(s.send("GET", "/v1/spaces/" + kSpace + "/keys?after=0", c.sam));
        JCOMPARE(mine.at("boxes")[0].at("from"), kMayaPhone);

        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kSamPhone, c.maya).status, 200);
        const auto refused = s.send("POST", "/v1/spaces/" + kSpace + "/keys", c.maya,
                                    {{"boxes", {{{"device", kSamPhone}, {"box", "Ym94"}}}}});
        JCOMPARE(refused.status, 404);
        QVERIFY(body(refused).at("error").at("message").get<std::string>().find("was removed")
                != std::string::npos);
    }

    void pagesAreCappedByBytes()
    {
        Server s;
        const Couple c = makeCouple(s);
        std::vector<std::string> pushed;
        for (int batch = 0; batch < 2; ++batch) {
            std::vector<sync::Envelope> envelopes;
            for (int i = 0; i < 5; ++i) {
                envelopes.push_back(sealed(kMayaLaptop, "couple", std::uint64_t(batch * 5 + i + 1),
                                           std::string(1'000'000, 'x')));
                QVERIFY(envelopes.back().ciphertext.size() > 1'000'000);
                pushed.push_back(envelopes.back().header.id);
            }
            JCOMPARE(push(s, c.maya, envelopes).status, 200);
        }
        std::vector<std::string> pulled;
        std::int64_t after = 0;
        int pages = 0;
        for (bool more = true; more; ++pages) {
            QVERIFY(pages < 10);
            const auto r = s.send("GET", envelopesPath() + "?limit=1000&after=" + std::to_string(after), c.sam);
            JCOMPARE(r.status, 200);
            QVERIFY2(r.body.size() < 5 * 1024 * 1024, std::to_string(r.body.size()).c_str());
            const json page = body(r);
            QVERIFY(!page.at("envelopes").empty());
            for (const auto &e : page.at("envelopes"))
                pulled.push_back(e.at("id").get<std::string>());
            after = page.at("next").get<std::int64_t>();
            more = page.at("more").get<bool>();
        }
        QVERIFY(pages >= 3);
        JCOMPARE(pulled, pushed);
    }

    void base64FieldsRefuseBytesOutsideTheAlphabet()
    {
        // libsodium 1.0.18 decodes bytes from 0x80 as '_'; the shared decoder checks first.
        Server s;
        json device = deviceJson(kMayaLaptop, kMaya);
        device["public_key"] = std::string(41, 'A') + "\xc3\xbf"; // 43 bytes: "ÿ" at the end
        const auto r = s.send("POST", "/v1/spaces", {}, {{"space", kSpace}, {"device", device}});
        JCOMPARE(r.status, 400);
        JCOMPARE(errorCode(r), "invalid_field");
        QVERIFY(body(r).at("error").at("message").get<std::string>().find("device.public_key")
                != std::string::npos);
    }

    // The HTTP layer's checks on a request's header, before it reads the body.

    void admitRefusesBeforeTheBody()
    {
        Server s;
        const Couple c = makeCouple(s);
        const std::size_t lines = s.log.size();
        const auto unknown = s.admit("POST", envelopesPath(), "bm90LWEtdG9rZW4", 16 * 1024 * 1024);
        QVERIFY(unknown.refusal);
        JCOMPARE(unknown.refusal->status, 401);
        const auto missing = s.admit("POST", envelopesPath(), {}, 16 * 1024 * 1024);
        QVERIFY(missing.refusal);
        JCOMPARE(missing.refusal->status, 401);
        const auto bigJoin = s.admit("POST", "/v1/join", {}, 20 * 1024);
        QVERIFY(bigJoin.refusal);
        JCOMPARE(bigJoin.refusal->status, 413);
        JCOMPARE(errorCode(*bigJoin.refusal), "body_too_large");
        const auto text = s.admit("POST", envelopesPath(), c.maya, 10, "text/plain");
        QVERIFY(text.refusal);
        JCOMPARE(text.refusal->status, 415);
        // Refusals are logged and counted, with no body taken.
        JCOMPARE(s.log.size(), lines + 4);
        JCOMPARE(json::parse(s.log[lines]).at("bytes_in"), 0);

        const auto pushing = s.admit("POST", envelopesPath(), c.maya, 1000);
        QVERIFY(!pushing.refusal);
        JCOMPARE(pushing.bodyLimit, ServiceConfig().maxBodyBytes);
        const auto join = s.admit("POST", "/v1/join", {}, 1000);
        QVERIFY(!join.refusal);
        JCOMPARE(join.bodyLimit, SyncService::kMaxSmallBody);
        const auto pull = s.admit("GET", envelopesPath(), c.sam, 0);
        QVERIFY(!pull.refusal);
        JCOMPARE(pull.bodyLimit, SyncService::kMaxSmallBody);
        JCOMPARE(s.log.size(), lines + 4); // an admitted request is logged once it is answered
    }

    void unauthenticatedRoutesTakeASmallBody()
    {
        Server s;
        json create{{"space", kSpace}, {"device", deviceJson(kMayaLaptop, kMaya)}};
        create["device"]["name"] = std::string(90, 'x');
        create["padding"] = std::string(17 * 1024, ' ');
        const auto r = s.send("POST", "/v1/spaces", {}, create);
        JCOMPARE(r.status, 413);
        JCOMPARE(errorCode(r), "body_too_large");
    }

    void aLongPollCostsOneRateToken()
    {
        ServiceConfig config;
        config.ratePerSecond = 1;
        config.rateBurst = 2;
        Server s(config);
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya);
        const HttpRequest poll{"GET", envelopesPath() + "?wait=5", maya, {}, {}, "10.0.0.1"};
        // As the HTTP layer does it: admit, ask, wait, ask again without waiting.
        QVERIFY(!s.service().admit(poll, 0, s.now).refusal);
        const Handled waiting = s.service().handle(poll, s.now, true);
        QVERIFY(waiting.waiting());
        HttpRequest retry = poll;
        retry.target = waiting.retryTarget;
        JCOMPARE(s.service().handle(retry, s.now, true).response.status, 200);
        // The poll took one of the two tokens: one more request passes, the next does not.
        QVERIFY(!s.service().admit(poll, 0, s.now).refusal);
        const auto limited = s.service().admit(poll, 0, s.now);
        QVERIFY(limited.refusal);
        JCOMPARE(limited.refusal->status, 429);
    }

    void aRemovedDeviceIsRefusedAtOnceThoughItsTokenWasKnown()
    {
        Server s;
        const Couple c = makeCouple(s);
        const std::string phone = inviteAndJoin(s, c.maya, '3', "device", kMaya, kMayaPhone);
        // Each token has authenticated before, so that the service knows it.
        for (const std::string &token : {c.sam, c.therapist, phone})
            JCOMPARE(s.send("GET", envelopesPath(), token).status, 200);
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kMayaPhone, c.maya).status, 200);
        JCOMPARE(errorCode(s.send("GET", envelopesPath(), phone)), "device_removed");
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/members/" + kSam, c.sam).status, 200);
        JCOMPARE(errorCode(s.send("GET", envelopesPath(), c.sam)), "device_removed");
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/members/" + kTherapist, c.maya).status, 200);
        JCOMPARE(errorCode(s.send("GET", envelopesPath(), c.therapist)), "device_removed");
        JCOMPARE(s.send("GET", envelopesPath(), c.maya).status, 200);
    }

    void logLinesAreJsonWhateverTheMethod()
    {
        Server s;
        s.handle("GE\"T\\\x01\xff", "/healthz", {}, {});
        s.now += 86'400'000LL * 400 + 3'723'456; // another day, 01:02:03.456
        s.handle("GET", "/healthz", {}, {});
        const json odd = json::parse(s.log.at(0));
        JCOMPARE(odd.at("method"), "GE\"T\\\x01\xef\xbf\xbd");
        JCOMPARE(odd.at("status"), 405);
        JCOMPARE(odd.at("ts"), "2023-11-14T22:13:20.000Z");
        const json later = json::parse(s.log.at(1));
        JCOMPARE(later.at("ts"), "2024-12-18T23:15:23.456Z");
        QVERIFY(later.at("ms").is_number());
        JCOMPARE(later.at("level"), "info");
    }

    void aLongPollHubAddsAndRemovesWaiters()
    {
        boost::asio::io_context io;
        LongPollHub hub;
        std::vector<std::shared_ptr<LongPollHub::Timer>> timers;
        std::vector<LongPollHub::WaiterId> ids;
        for (int i = 0; i < 10'000; ++i) {
            timers.push_back(std::make_shared<LongPollHub::Timer>(io));
            const auto id = hub.add(i % 2 ? kSpace : kOtherSpace, timers.back());
            QVERIFY(id);
            ids.push_back(*id);
        }
        JCOMPARE(hub.size(), std::size_t(10'000));
        for (int i = 0; i < 10'000; i += 2)
            hub.remove(kOtherSpace, ids[std::size_t(i)]);
        hub.remove(kOtherSpace, ids[1]); // another space's id: nothing
        JCOMPARE(hub.size(), std::size_t(5'000));
        hub.close();
        QVERIFY(!hub.add(kSpace, timers.front()));
    }

    // What the server keeps and logs.

    void markersNeverReachTheServersFiles()
    {
        const std::string marker = "MARKER-7f3a";
        Server s;
        const Couple c = makeCouple(s);
        std::vector<sync::Envelope> envelopes;
        for (std::uint64_t seq = 1; seq <= 20; ++seq)
            envelopes.push_back(sealed(kMayaLaptop, seq % 2 ? "couple" : "private", seq,
                                       "{\"title\":\"" + marker + " " + std::to_string(seq) + "\"}"));
        JCOMPARE(push(s, c.maya, envelopes).status, 200);
        JCOMPARE(body(s.send("GET", envelopesPath(), c.maya)).at("envelopes").size(), std::size_t(20));
        if (test::usePostgres()) {
            // What the database holds, read back whole: every row of every table of the schema.
            const std::string dump = dumpSchema(s.schema());
            // The dump reads what was stored (so that the searches below can fail)...
            QVERIFY(dumpHolds(dump, kMayaLaptop));
            QVERIFY(dumpHolds(dump, std::string(envelopes[0].ciphertext.begin(), envelopes[0].ciphertext.end())));
            // ...and holds neither the plaintext nor a token, as text or as bytes.
            QVERIFY2(!dumpHolds(dump, marker), "the database holds plaintext");
            for (const std::string &token : {c.maya, c.sam, c.therapist})
                QVERIFY2(!dumpHolds(dump, token), "a token is stored in clear");
            return;
        }
        const std::filesystem::path dir = s.dataDir();
        s.close();

        int files = 0;
        for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
            if (!entry.is_regular_file())
                continue;
            ++files;
            const std::string bytes = readFile(entry.path());
            QVERIFY2(bytes.find(marker) == std::string::npos, entry.path().c_str());
            QVERIFY2(bytes.find(c.maya) == std::string::npos, "a token is stored in clear");
        }
        QVERIFY(files >= 1);
    }

    void theLogHoldsNoTokenOrCiphertext()
    {
        Server s;
        const Couple c = makeCouple(s);
        const auto e = sealed(kMayaLaptop, "couple", 1, "MARKER-7f3a");
        push(s, c.maya, {e});
        s.send("GET", envelopesPath(), c.sam);
        s.send("GET", envelopesPath(), "bm90LWEtdG9rZW4");
        const std::string wire = json(e).dump();
        const std::string ciphertext = json(e).at("ciphertext").get<std::string>();
        const std::string nonce = json(e).at("nonce").get<std::string>();
        QVERIFY(s.log.size() >= 7);
        for (const std::string &line : s.log) {
            const json entry = json::parse(line); // one JSON object per line
            QVERIFY(entry.contains("ts") && entry.contains("route") && entry.contains("status"));
            for (const std::string &secret : {c.maya, c.sam, c.therapist, ciphertext.substr(0, 20),
                                              nonce, std::string("c2VhbGVkLWtleXM"),
                                              std::string("bm90LWEtdG9rZW4")})
                QVERIFY2(line.find(secret) == std::string::npos, line.c_str());
        }
        const json pushLine = json::parse(s.log.at(s.log.size() - 3));
        JCOMPARE(pushLine.at("route"), "/v1/spaces/:space/envelopes");
        JCOMPARE(pushLine.at("method"), "POST");
        JCOMPARE(pushLine.at("space"), kSpace);
        JCOMPARE(pushLine.at("device"), kMayaLaptop);
    }

    void theSchemaIsVersioned()
    {
        if (test::usePostgres()) {
            const test::PostgresSchema schema(test::requirePostgresAdminUri());
            {
                PgStorage storage(schema.uri());
                JCOMPARE(storage.schemaVersion(), PgStorage::kSchemaVersion);
            }
            PgStorage reopened(schema.uri());
            JCOMPARE(reopened.schemaVersion(), PgStorage::kSchemaVersion);
            return;
        }
        QTemporaryDir dir;
        const std::filesystem::path path = dir.path().toStdString();
        {
            SqliteStorage storage(path);
            JCOMPARE(storage.schemaVersion(), SqliteStorage::kSchemaVersion);
        }
        SqliteStorage reopened(path);
        JCOMPARE(reopened.schemaVersion(), SqliteStorage::kSchemaVersion);
    }

    void oneServerPerDataDirectory()
    {
        SQLITE_ONLY("a data directory's lock; PostgreSQL is shared by design (severalStoragesShareOneSchema)");
        QTemporaryDir dir;
        const std::filesystem::path path = dir.path().toStdString();
        {
            SqliteStorage first(path);
            try {
                SqliteStorage second(path);
                QFAIL("a second storage opened a data directory in use");
            } catch (const StorageError &e) {
                QVERIFY2(std::string(e.what()).find("Another hearth-server is using the data directory")
                             != std::string::npos,
                         e.what());
            }
        }
        SqliteStorage again(path); // the lock went with the first
        JCOMPARE(again.schemaVersion(), SqliteStorage::kSchemaVersion);
    }

    void anUpToDatePullSeesEachNewPush()
    {
        // The newest cursor is kept in memory: every push must move it, in its own space only.
        Server s;
        const Couple c = makeCouple(s);
        std::int64_t seen = 0;
        for (std::uint64_t seq = 1; seq <= 3; ++seq) {
            const json pushed = body(push(s, c.maya, {sealed(kMayaLaptop, "couple", seq)}));
            const json page = body(s.send("GET", envelopesPath() + "?after=" + std::to_string(seen), c.sam));
            JCOMPARE(page.at("envelopes").size(), std::size_t(1));
            JCOMPARE(page.at("next"), pushed.at("cursor"));
            seen = page.at("next").get<std::int64_t>();
            const json empty = body(s.send("GET", envelopesPath() + "?after=" + std::to_string(seen), c.sam));
            JCOMPARE(empty.at("envelopes").size(), std::size_t(0));
            JCOMPARE(empty.at("next"), seen);
        }
        const json ahead = body(s.send("GET", envelopesPath() + "?after=" + std::to_string(seen + 50), c.sam));
        JCOMPARE(ahead.at("next"), seen + 50);
        JCOMPARE(ahead.at("more"), false);
    }

    // PostgreSQL: several server processes on one database (one schema here), each with its own
    // storage and service, as hearth-server --db runs them.

    void severalStoragesShareOneSchema()
    {
        POSTGRES_ONLY();
        const test::PostgresSchema schema(test::requirePostgresAdminUri());
        // Processes starting at once migrate the empty schema once, and none fails.
        constexpr int kProcesses = 6;
        std::vector<std::unique_ptr<PgStorage>> storages(kProcesses);
        std::vector<std::string> errors(kProcesses);
        {
            std::vector<std::jthread> starting;
            for (int i = 0; i < kProcesses; ++i)
                starting.emplace_back([&, i] {
                    try {
                        storages[std::size_t(i)] = std::make_unique<PgStorage>(schema.uri());
                    } catch (const std::exception &e) {
                        errors[std::size_t(i)] = e.what();
                    }
                });
        }
        for (int i = 0; i < kProcesses; ++i) {
            QVERIFY2(storages[std::size_t(i)], errors[std::size_t(i)].c_str());
            JCOMPARE(storages[std::size_t(i)]->schemaVersion(), PgStorage::kSchemaVersion);
            QVERIFY(storages[std::size_t(i)]->sharedWithOtherProcesses());
        }
        // What one writes, the others read.
        const DeviceRecord first{.id = kMayaLaptop, .spaceId = kSpace, .memberId = kMaya, .role = "partner",
                                 .name = "Maya's laptop", .tokenHash = lookup('t'),
                                 .publicKey = std::string(32, '\0'), .createdMs = kStart, .lastSeenMs = kStart};
        QVERIFY(storages[0]->createSpace(first) == ServerStorage::CreateStatus::Created);
        QVERIFY(storages[1]->createSpace(first) == ServerStorage::CreateStatus::SpaceExists);
        for (const auto &storage : storages) {
            QVERIFY(storage->spaceExists(kSpace));
            JCOMPARE(storage->spaceCount(), 1);
            QVERIFY(storage->deviceByTokenHash(lookup('t')).has_value());
        }
    }

    void twoProcessesShareInvitesRateLimitsAndRemovals()
    {
        POSTGRES_ONLY();
        ServiceConfig config = Server::fastConfig();
        Server s(config);
        PgStorage otherStorage(s.schema().uri());
        SyncService other(otherStorage, config, [](std::string_view) {});
        auto sendOther = [&](const std::string &method, const std::string &target, const std::string &token,
                             const json &b) {
            return other.handle(HttpRequest{method, target, token, "application/json", b.is_null() ? "" : b.dump(), "10.0.0.1"},
                                s.now).response;
        };
        const Couple c = makeCouple(s);
        // An invite made through one process is redeemed through the other, once.
        JCOMPARE(s.send("POST", "/v1/spaces/" + kSpace + "/invites", c.maya, inviteJson('3', "device", kMaya)).status, 201);
        const json join{{"invite", lookup('3')}, {"device", deviceJson(kMayaPhone)}};
        const auto joined = sendOther("POST", "/v1/join", {}, join);
        JCOMPARE(joined.status, 201);
        JCOMPARE(errorCode(s.send("POST", "/v1/join", {}, {{"invite", lookup('3')}, {"device", deviceJson("a3a3a3a3a3a3a3a3")}})),
                 "invite_used");
        const std::string phone = body(joined).at("token").get<std::string>();
        // A push through one is pulled through the other.
        const sync::Envelope e = sealed(kMayaLaptop, "couple", 1);
        JCOMPARE(push(s, c.maya, {e}).status, 200);
        const auto pulled = sendOther("GET", envelopesPath() + "?after=0", c.sam, nullptr);
        JCOMPARE(pulled.status, 200);
        JCOMPARE(pulledIds(pulled), std::vector<std::string>{e.header.id});
        // A device the other process has seen authenticate is refused there at once once it is
        // removed through this one.
        JCOMPARE(sendOther("GET", envelopesPath(), phone, nullptr).status, 200);
        JCOMPARE(s.send("DELETE", "/v1/spaces/" + kSpace + "/devices/" + kMayaPhone, c.maya).status, 200);
        JCOMPARE(errorCode(sendOther("GET", envelopesPath(), phone, nullptr)), "device_removed");
    }

    void rateLimitsHoldAcrossProcesses()
    {
        POSTGRES_ONLY();
        ServiceConfig config;
        config.ratePerSecond = 1;
        config.rateBurst = 3;
        Server s(config);
        PgStorage otherStorage(s.schema().uri());
        SyncService other(otherStorage, config, [](std::string_view) {});
        const std::string maya = createSpace(s, kSpace, kMayaLaptop, kMaya); // 1 of the peer's 3
        const HttpRequest pull{"GET", envelopesPath(), maya, {}, {}, "10.0.0.1"};
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 200);
        JCOMPARE(other.handle(pull, s.now).response.status, 200);
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 200);
        // The token's bucket is shared: spreading requests over two processes buys nothing.
        const auto limited = other.handle(pull, s.now).response;
        JCOMPARE(limited.status, 429);
        JCOMPARE(errorCode(limited), "rate_limited");
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 429);
        s.now += 1000;
        JCOMPARE(other.handle(pull, s.now).response.status, 200);
        JCOMPARE(s.send("GET", envelopesPath(), maya).status, 429);
    }

    void aLostDatabaseConnectionFailsOneRequestAndReconnects()
    {
        POSTGRES_ONLY();
        Server s;
        const Couple c = makeCouple(s);
        const sync::Envelope e = sealed(kMayaLaptop, "couple", 1);
        JCOMPARE(push(s, c.maya, {e}).status, 200);
        // The database ends the storage's connection (a restart, an administrator's
        // pg_terminate_backend); it is known by its application_name, the schema's name, so that
        // the tests running beside this one keep theirs.
        test::PostgresConnection admin(s.schema().adminUri());
        const auto ended = admin.query("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE application_name = $1",
                                       {s.schema().name()});
        JCOMPARE(ended.at(0).at(0).value_or("NULL"), "1");
        for (int i = 0; !admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1", {s.schema().name()}).empty(); ++i) {
            QVERIFY2(i < 1000, "the terminated connection is still there after 10 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        // The request in flight may fail, as 503 (the client retries); never as anything else.
        const auto first = s.send("GET", envelopesPath() + "?after=0", c.sam);
        QVERIFY2(first.status == 200 || first.status == 503, first.body.c_str());
        if (first.status == 503)
            JCOMPARE(errorCode(first), "storage_unavailable");
        // The next one finds everything there.
        const auto again = s.send("GET", envelopesPath() + "?after=0", c.sam);
        JCOMPARE(again.status, 200);
        JCOMPARE(pulledIds(again), std::vector<std::string>{e.header.id});
        JCOMPARE(push(s, c.maya, {sealed(kMayaLaptop, "couple", 2)}).status, 200);
    }

    void version1IsUpgradedWithABackupAndNothingLost()
    {
        SQLITE_ONLY("SQLite's schema 1 to 2 and its backup file; PostgreSQL's schema starts at 1");
        QTemporaryDir dir;
        const std::filesystem::path path = dir.path().toStdString();
        const std::filesystem::path file = path / SqliteStorage::kFileName;
        const std::string id = "0123456789abcdef0123456789abcdef";
        const std::string oddId = "0123456789abcdef0"; // no Hearth client makes one; still kept
        const std::string nonce(24, 'n');
        const std::string other = "5ace5ace5ace5ac2";
        {
            SqliteStorage v1(path, 1);
            JCOMPARE(v1.schemaVersion(), 1);
        }
        {
            Database db(file, Database::Mode::ReadWrite);
            for (const std::string &space : {kSpace, other})
                db.cached("INSERT INTO spaces (id, created_ms) VALUES (?1, 1)")->bind(1, space).run();
            auto insert = [&](std::int64_t cursor, const std::string &space, const std::string &envelopeId,
                              const char *scope, const std::string &ciphertext) {
                db.cached("INSERT INTO envelopes (cursor, id, space, scope, device, author, seq, epoch, "
                          "received_ms, nonce, ciphertext) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 1, ?7, "
                          "CAST(?8 AS BLOB), CAST(?9 AS BLOB))")
                    ->bind(1, cursor).bind(2, envelopeId).bind(3, space).bind(4, scope)
                    .bind(5, kMayaLaptop).bind(6, kMaya).bind(7, 1000 + cursor).bind(8, nonce)
                    .bind(9, ciphertext).run();
            };
            insert(3, kSpace, id, "couple", "first sealed bytes");
            insert(5, other, id, "couple", "the same id in another space");
            insert(8, kSpace, oddId, "private", std::string("\0binary\xff", 8));
        }
        SqliteStorage storage(path);
        JCOMPARE(storage.schemaVersion(), 2);
        {
            // The copy made before the upgrade is the version 1 database, whole.
            Database backup(file.string() + ".v1.backup", Database::Mode::ReadOnly);
            JCOMPARE(backup.queryInt("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'")
                         .value_or(0), 1);
            JCOMPARE(backup.queryInt("SELECT count(*) FROM envelopes").value_or(0), 3);
        }
        const EnvelopePage page = storage.envelopesAfter(kSpace, 0, 10, {{"private", "couple"}, kMaya},
                                                         1 << 20);
        JCOMPARE(page.envelopes.size(), std::size_t(2));
        JCOMPARE(page.envelopes[0].cursor, std::int64_t(3));
        JCOMPARE(page.envelopes[0].envelope.header.id, id);
        JCOMPARE(page.envelopes[0].receivedMs, std::int64_t(1003));
        JCOMPARE(std::string(page.envelopes[0].envelope.ciphertext.begin(),
                             page.envelopes[0].envelope.ciphertext.end()), "first sealed bytes");
        JCOMPARE(page.envelopes[1].cursor, std::int64_t(8));
        JCOMPARE(page.envelopes[1].envelope.header.id, oddId);
        JCOMPARE(page.envelopes[1].envelope.header.scope, "private");
        JCOMPARE(page.envelopes[1].envelope.ciphertext.size(), std::size_t(8));
        JCOMPARE(std::string(page.envelopes[1].envelope.nonce.begin(), page.envelopes[1].envelope.nonce.end()),
                 nonce);
        JCOMPARE(storage.latestCursor(other), std::int64_t(5));
        QVERIFY(storage.enrolment(kSpace, kMaya, "partner") == Enrolment::New); // members.private_from

        // Pushing them again stores nothing and gives the old cursors; a new one goes after.
        sync::Envelope again = page.envelopes[0].envelope;
        sync::Envelope odd = page.envelopes[1].envelope;
        sync::Envelope fresh = again;
        fresh.header.id = "fedcba9876543210fedcba9876543210";
        const auto results = storage.appendEnvelopes(kSpace, kMaya, {again, odd, fresh}, 2000);
        JCOMPARE(results[0].stored, false);
        JCOMPARE(results[0].cursor, std::int64_t(3));
        JCOMPARE(results[1].stored, false);
        JCOMPARE(results[1].cursor, std::int64_t(8));
        JCOMPARE(results[2].stored, true);
        QVERIFY(results[2].cursor > 8);
        JCOMPARE(storage.envelopesAfter(other, 0, 10, {{"couple"}, kSam}, 1 << 20).envelopes.size(),
                 std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
