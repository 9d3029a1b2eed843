// PgStorage against a real PostgreSQL (ctest's fixture "postgres", or by hand:
// scripts/pg-cluster start /tmp/pg; HEARTH_TEST_POSTGRES_FILE=/tmp/pg/conninfo tst_pgstorage):
// the storage contract as SqliteStorage keeps it, and what only several writers can break:
// cursors under concurrent pushes, migrations racing at start, rate limits and invites shared
// by connections, and a connection lost mid-request. Each case works in a fresh schema.
#include "pg_storage.h"
#include "rate_limiter.h"

#include "errors.h"
#include "pgtest.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <latch>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

using namespace hearth;
using namespace hearth::server;

namespace {

const std::string kSpace = "5ace5ace5ace5ace";
const std::string kMaya = "a0a0a0a0a0a0a0a0";
const std::string kMayaLaptop = "a1a1a1a1a1a1a1a1";
const std::string kMayaPhone = "a2a2a2a2a2a2a2a2";
const std::string kSam = "b0b0b0b0b0b0b0b0";
const std::string kSamPhone = "b1b1b1b1b1b1b1b1";
const std::int64_t kStart = 1'700'000'000'000;

/// 32 raw bytes with a NUL and high bytes in them, as a public key may hold.
std::string publicKey(char seed)
{
    std::string key(32, seed);
    key[0] = '\0';
    key[1] = static_cast<char>(0xff);
    return key;
}

DeviceRecord device(const std::string &id, const std::string &member, const std::string &role,
                    std::int64_t nowMs = kStart)
{
    DeviceRecord d;
    d.id = id;
    d.spaceId = kSpace;
    d.memberId = member;
    d.role = role;
    d.name = "device " + id;
    d.tokenHash = "token-" + id;
    d.publicKey = publicKey(id[0]);
    d.createdMs = nowMs;
    d.lastSeenMs = nowMs;
    return d;
}

InviteRecord invite(const std::string &lookup, const std::string &role, const std::string &member,
                    std::int64_t expiresMs = kStart + 60'000)
{
    return {lookup, kSpace, role, member, std::string("bundle\0\x01\xfe", 9), expiresMs, false};
}

std::string envelopeId(std::uint64_t n)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%032llx", static_cast<unsigned long long>(n));
    return buffer;
}

sync::Envelope envelope(const std::string &id, const std::string &scope,
                        const std::string &deviceId, std::size_t size = 64)
{
    sync::Envelope e;
    e.header = {id, kSpace, scope, deviceId, 7, 1};
    for (std::size_t i = 0; i < e.nonce.size(); ++i)
        e.nonce[i] = static_cast<unsigned char>(i * 11);
    e.ciphertext.resize(size);
    for (std::size_t i = 0; i < size; ++i)
        e.ciphertext[i] = static_cast<unsigned char>((i * 131 + id.back()) & 0xff);
    return e;
}

Visibility sees(const std::string &member, std::int64_t privateFrom = 0)
{
    return {{"shared", "private"}, member, privateFrom};
}

std::vector<std::string> ids(const EnvelopePage &page)
{
    std::vector<std::string> out;
    for (const StoredEnvelope &s : page.envelopes)
        out.push_back(s.envelope.header.id);
    return out;
}

std::int64_t count(test::PostgresConnection &db, const std::string &sql)
{
    return std::stoll(*db.query(sql).at(0).at(0));
}

/// Waits for a condition that should hold soon; the timeout only catches a hang.
template <typename Condition>
bool eventually(Condition condition)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

} // namespace

class TestPgStorage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void recognisesAndRedactsConnectionStrings();
    void createsSpacesAndDevices();
    void redeemsInvitesWithEveryStatus();
    void pushesAndPullsWithVisibilityAndPaging();
    void pagesByBytesAndKeepsBytesExact();
    void pagesKeyBoxes();
    void concurrentPushersSkipNothing();
    void concurrentStartsMigrateOnce();
    void refusesANewerSchema();
    void rateLimitsAreSharedAndMatchTheInMemoryOnes();
    void rateLimitsForgetFullBuckets();
    void oneInviteRedeemedOnceUnderRace();
    void reconnectsAfterConnectionLoss();
    void aPushCutOffMidwayStoresNothing();
    void aRemovalThroughAnotherProcessStopsTheNextWrite();

private:
    /// A space with Maya (laptop) in it.
    static void createMayasSpace(PgStorage &storage)
    {
        QCOMPARE(storage.createSpace(device(kMayaLaptop, kMaya, "partner")),
                 ServerStorage::CreateStatus::Created);
    }

    std::string m_admin;
};

void TestPgStorage::initTestCase()
{
    const std::optional<std::string> admin = test::postgresAdminUri();
    if (!admin)
        QFAIL("tst_pgstorage needs PostgreSQL: set HEARTH_TEST_POSTGRES_FILE to a file holding an "
              "admin URI (ctest's fixture \"postgres\" does; by hand: scripts/pg-cluster start "
              "/tmp/pg and HEARTH_TEST_POSTGRES_FILE=/tmp/pg/conninfo)");
    m_admin = *admin;
}

void TestPgStorage::recognisesAndRedactsConnectionStrings()
{
    QVERIFY(PgStorage::isConnectionUri("postgresql://h/db"));
    QVERIFY(PgStorage::isConnectionUri("postgres://h/db"));
    QVERIFY(!PgStorage::isConnectionUri("/var/lib/hearth"));
    QVERIFY(!PgStorage::isConnectionUri("host=h dbname=db"));
    QCOMPARE(PgStorage::redacted("postgresql://hearth:s3cr:et@db.example:5432/hearth?sslmode=require"),
             std::string("postgresql://hearth:***@db.example:5432/hearth?sslmode=require"));
    QCOMPARE(PgStorage::redacted("postgresql://hearth@db/h?password=s3cret&sslmode=require"),
             std::string("postgresql://hearth@db/h?password=***&sslmode=require"));
    QCOMPARE(PgStorage::redacted("postgresql://db/h"), std::string("postgresql://db/h"));
    QCOMPARE(PgStorage::redacted("host=db password='a b\\'c' dbname=h"),
             std::string("host=db password=*** dbname=h"));
    QCOMPARE(PgStorage::redacted("host=db password=s3cret"), std::string("host=db password=***"));
}

void TestPgStorage::createsSpacesAndDevices()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    QCOMPARE(storage.schemaVersion(), PgStorage::kSchemaVersion);
    QVERIFY(storage.sharedWithOtherProcesses());
    QCOMPARE(storage.spaceCount(), 0);
    createMayasSpace(storage);
    QCOMPARE(storage.createSpace(device(kMayaPhone, kMaya, "partner")),
             ServerStorage::CreateStatus::SpaceExists);
    DeviceRecord elsewhere = device(kMayaLaptop, kMaya, "partner");
    elsewhere.spaceId = "0dd50dd50dd50dd5";
    elsewhere.tokenHash = "another token";
    QCOMPARE(storage.createSpace(elsewhere), ServerStorage::CreateStatus::DeviceExists);
    QVERIFY(!storage.spaceExists(elsewhere.spaceId)); // rolled back with the device
    QVERIFY(storage.spaceExists(kSpace));
    QCOMPARE(storage.spaceCount(), 1);

    const std::optional<DeviceRecord> found = storage.deviceByTokenHash("token-" + kMayaLaptop);
    QVERIFY(found);
    QCOMPARE(found->id, kMayaLaptop);
    QCOMPARE(found->spaceId, kSpace);
    QCOMPARE(found->memberId, kMaya);
    QCOMPARE(found->role, std::string("partner"));
    QCOMPARE(found->publicKey, publicKey(kMayaLaptop[0])); // the NUL and 0xff intact
    QCOMPARE(found->createdMs, kStart);
    QVERIFY(!found->removed);
    QCOMPARE(found->privateFrom, 0);
    QVERIFY(!storage.deviceByTokenHash("nobody"));
    QVERIFY(!storage.device("0dd50dd50dd50dd5", kMayaLaptop)); // another space's id

    storage.touchDevice(kSpace, kMayaLaptop, kStart + 5000);
    QCOMPARE(storage.device(kSpace, kMayaLaptop)->lastSeenMs, kStart + 5000);

    QVERIFY(storage.addInvite(invite(std::string(64, 'd'), "device", kMaya)));
    QVERIFY(!storage.addInvite(invite(std::string(64, 'd'), "partner", kSam)));
    QCOMPARE(storage.redeemInvite(std::string(64, 'd'), device(kMayaPhone, "", ""), kStart).status,
             JoinOutcome::Status::Joined);
    QCOMPARE(storage.devices(kSpace).size(), 2u);
    QCOMPARE(storage.members(kSpace).size(), 1u);
    QCOMPARE(storage.enrolment(kSpace, kMaya, "partner"), Enrolment::Present);
    QCOMPARE(storage.enrolment(kSpace, kSam, "partner"), Enrolment::New);

    const std::vector<std::string> removed =
        storage.removeDevices(kSpace, {kMayaPhone, "ffffffffffffffff", kMayaLaptop, kMayaPhone});
    QCOMPARE(removed, (std::vector<std::string>{kMayaPhone, kMayaLaptop}));
    QVERIFY(storage.removeDevices(kSpace, {kMayaPhone}).empty());
    QVERIFY(storage.device(kSpace, kMayaPhone)->removed);
    QVERIFY(storage.members(kSpace).empty());
    QCOMPARE(storage.enrolment(kSpace, kMaya, "partner"), Enrolment::Returning);
    QCOMPARE(storage.enrolment(kSpace, kMaya, "therapist"), Enrolment::Present);

    DeviceRecord withNul = device("e1e1e1e1e1e1e1e1", kMaya, "partner");
    withNul.spaceId = "e5e5e5e5e5e5e5e5";
    withNul.name = std::string("a\0b", 3);
    QVERIFY_THROWS_EXCEPTION(ValidationError, (void)storage.createSpace(withNul));
    QVERIFY(!storage.spaceExists(withNul.spaceId));
}

void TestPgStorage::redeemsInvitesWithEveryStatus()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    createMayasSpace(storage);
    const std::string forSam(64, '1'), alsoForSam(64, '2'), expired(64, '3'), taken(64, '4'),
        back(64, '5');
    QVERIFY(storage.addInvite(invite(forSam, "partner", kSam)));
    QVERIFY(storage.addInvite(invite(alsoForSam, "partner", kSam)));
    QVERIFY(storage.addInvite(invite(expired, "device", kMaya, kStart + 10)));
    QVERIFY(storage.addInvite(invite(taken, "device", kMaya)));

    QCOMPARE(storage.redeemInvite(std::string(64, '9'), device(kSamPhone, "", ""), kStart).status,
             JoinOutcome::Status::NotFound);
    const JoinOutcome joined = storage.redeemInvite(forSam, device(kSamPhone, "", ""), kStart);
    QCOMPARE(joined.status, JoinOutcome::Status::Joined);
    QCOMPARE(joined.invite.bundle, std::string("bundle\0\x01\xfe", 9));
    const std::optional<DeviceRecord> sam = storage.device(kSpace, kSamPhone);
    QVERIFY(sam);
    QCOMPARE(sam->memberId, kSam);
    QCOMPARE(sam->role, std::string("partner"));
    QCOMPARE(sam->privateFrom, 0);
    QCOMPARE(storage.redeemInvite(forSam, device("b2b2b2b2b2b2b2b2", "", ""), kStart).status,
             JoinOutcome::Status::Used);
    QCOMPARE(storage.redeemInvite(alsoForSam, device("b2b2b2b2b2b2b2b2", "", ""), kStart).status,
             JoinOutcome::Status::MemberExists);
    QCOMPARE(storage.redeemInvite(expired, device(kMayaPhone, "", ""), kStart + 10).status,
             JoinOutcome::Status::Expired);
    QCOMPARE(storage.redeemInvite(taken, device(kSamPhone, "", ""), kStart).status,
             JoinOutcome::Status::DeviceExists);
    QVERIFY(!storage.device(kSpace, "b2b2b2b2b2b2b2b2"));

    // Sam comes back after his only device was removed: he sees his private envelopes only
    // from the space's cursor at his return.
    std::vector<sync::Envelope> before = {envelope(envelopeId(1), "private", kSamPhone),
                                          envelope(envelopeId(2), "shared", kMayaLaptop)};
    (void)storage.appendEnvelopes(kSpace, kSam, before, kStart);
    QCOMPARE(storage.removeDevices(kSpace, {kSamPhone}).size(), 1u);
    QCOMPARE(storage.enrolment(kSpace, kSam, "partner"), Enrolment::Returning);
    QVERIFY(storage.addInvite(invite(back, "partner", kSam)));
    QCOMPARE(storage.redeemInvite(back, device("b3b3b3b3b3b3b3b3", "", ""), kStart).status,
             JoinOutcome::Status::Joined);
    QCOMPARE(storage.device(kSpace, "b3b3b3b3b3b3b3b3")->privateFrom, 2);
    QCOMPARE(storage.device(kSpace, kSamPhone)->privateFrom, 2); // a member's, not a device's
}

void TestPgStorage::pushesAndPullsWithVisibilityAndPaging()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    createMayasSpace(storage);
    QCOMPARE(storage.latestCursor(kSpace), 0);
    QCOMPARE(storage.envelopesAfter(kSpace, 0, 10, sees(kMaya), 1 << 20).next, 0);

    const std::vector<sync::Envelope> first = {
        envelope(envelopeId(1), "shared", kMayaLaptop),
        envelope(envelopeId(2), "private", kMayaLaptop),
        envelope(envelopeId(1), "shared", kMayaLaptop), // the same id twice in one push
    };
    const std::vector<PushResult> pushed = storage.appendEnvelopes(kSpace, kMaya, first, kStart);
    QCOMPARE(pushed.size(), 3u);
    QCOMPARE(pushed[0].cursor, 1);
    QVERIFY(pushed[0].stored);
    QCOMPARE(pushed[1].cursor, 2);
    QCOMPARE(pushed[2].cursor, 1);
    QVERIFY(!pushed[2].stored);
    QCOMPARE(storage.latestCursor(kSpace), 2);

    const std::vector<sync::Envelope> second = {
        envelope(envelopeId(2), "private", kMayaLaptop), // pushed again later
        envelope(envelopeId(3), "private", kSamPhone),
        envelope(envelopeId(4), "shared", kSamPhone),
        envelope(envelopeId(5), "care", kSamPhone),
    };
    const std::vector<PushResult> again = storage.appendEnvelopes(kSpace, kSam, second, kStart + 9);
    QCOMPARE(again[0].cursor, 2);
    QCOMPARE(again[0].receivedMs, kStart); // when it was first stored
    QVERIFY(!again[0].stored);
    QCOMPARE(again[1].cursor, 3);
    QCOMPARE(again[1].receivedMs, kStart + 9);
    QCOMPARE(again[3].cursor, 5);
    QCOMPARE(storage.latestCursor(kSpace), 5);

    // Maya: shared, and her own private ones; not Sam's private, not care.
    const EnvelopePage maya = storage.envelopesAfter(kSpace, 0, 10, sees(kMaya), 1 << 20);
    QCOMPARE(ids(maya), (std::vector<std::string>{envelopeId(1), envelopeId(2), envelopeId(4)}));
    QVERIFY(!maya.more);
    QCOMPARE(maya.next, 5);
    const StoredEnvelope &read = maya.envelopes[1];
    QCOMPARE(read.cursor, 2);
    QCOMPARE(read.receivedMs, kStart);
    QCOMPARE(read.envelope, first[1]);
    QCOMPARE(read.envelope.header.spaceId, kSpace);

    // Sam after a return at cursor 3: his private envelope 3 is not his to read.
    QCOMPARE(ids(storage.envelopesAfter(kSpace, 0, 10, sees(kSam, 3), 1 << 20)),
             (std::vector<std::string>{envelopeId(1), envelopeId(4)}));
    QCOMPARE(ids(storage.envelopesAfter(kSpace, 0, 10, sees(kSam), 1 << 20)),
             (std::vector<std::string>{envelopeId(1), envelopeId(3), envelopeId(4)}));
    const Visibility therapist{{"care"}, "c0c0c0c0c0c0c0c0", 0};
    QCOMPARE(ids(storage.envelopesAfter(kSpace, 0, 10, therapist, 1 << 20)),
             (std::vector<std::string>{envelopeId(5)}));
    const Visibility nothing{{}, kMaya, 0};
    const EnvelopePage none = storage.envelopesAfter(kSpace, 0, 10, nothing, 1 << 20);
    QVERIFY(none.envelopes.empty());
    QCOMPARE(none.next, 5);

    // Paging by count: next is the last cursor of a full page, then the newest cursor.
    EnvelopePage page = storage.envelopesAfter(kSpace, 0, 2, sees(kMaya), 1 << 20);
    QCOMPARE(ids(page), (std::vector<std::string>{envelopeId(1), envelopeId(2)}));
    QVERIFY(page.more);
    QCOMPARE(page.next, 2);
    page = storage.envelopesAfter(kSpace, page.next, 2, sees(kMaya), 1 << 20);
    QCOMPARE(ids(page), (std::vector<std::string>{envelopeId(4)}));
    QVERIFY(!page.more);
    QCOMPARE(page.next, 5);
    page = storage.envelopesAfter(kSpace, 5, 2, sees(kMaya), 1 << 20);
    QVERIFY(page.envelopes.empty());
    QCOMPARE(page.next, 5);

    QVERIFY_THROWS_EXCEPTION(StorageError,
                             (void)storage.appendEnvelopes("0dd50dd50dd50dd5", kMaya, first, kStart));
}

void TestPgStorage::pagesByBytesAndKeepsBytesExact()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    createMayasSpace(storage);
    std::vector<sync::Envelope> batch;
    for (std::uint64_t i = 1; i <= 3; ++i)
        batch.push_back(envelope(envelopeId(i), "shared", kMayaLaptop, 1000));
    // One of the largest an envelope can be, every byte value in it.
    sync::Envelope large = envelope(envelopeId(4), "shared", kMayaLaptop, 0);
    std::mt19937 random(7);
    large.ciphertext.resize(sync::Envelope::kMaxPlaintext + 1 + 16);
    for (unsigned char &b : large.ciphertext)
        b = static_cast<unsigned char>(random());
    batch.push_back(large);
    (void)storage.appendEnvelopes(kSpace, kMaya, batch, kStart);

    EnvelopePage page = storage.envelopesAfter(kSpace, 0, 10, sees(kMaya), 1500);
    QCOMPARE(ids(page), (std::vector<std::string>{envelopeId(1)}));
    QVERIFY(page.more);
    QCOMPARE(page.next, 1);
    page = storage.envelopesAfter(kSpace, 0, 10, sees(kMaya), 2000);
    QCOMPARE(ids(page), (std::vector<std::string>{envelopeId(1), envelopeId(2)}));
    QVERIFY(page.more);
    page = storage.envelopesAfter(kSpace, 2, 10, sees(kMaya), 2000);
    QCOMPARE(ids(page), (std::vector<std::string>{envelopeId(3)}));
    QVERIFY(page.more);
    // Larger than the cap alone: still a page of one.
    page = storage.envelopesAfter(kSpace, 3, 10, sees(kMaya), 2000);
    QCOMPARE(page.envelopes.size(), 1u);
    QVERIFY(!page.more);
    QCOMPARE(page.next, 4);
    QCOMPARE(page.envelopes[0].envelope, large);
}

void TestPgStorage::pagesKeyBoxes()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    createMayasSpace(storage);
    const std::string box("\0sealed\xff", 8);
    storage.storeKeyBoxes(kSpace, kMayaLaptop,
                          {{kSamPhone, box + "1"}, {kMayaPhone, box + "2"}, {kSamPhone, box + "3"}},
                          kStart);
    storage.storeKeyBoxes(kSpace, kMayaPhone, {{kSamPhone, box + "4"}}, kStart);
    KeyBoxPage page = storage.keyBoxesAfter(kSpace, kSamPhone, 0, 2);
    QCOMPARE(page.boxes.size(), 2u);
    QVERIFY(page.more);
    QCOMPARE(page.boxes[0].cursor, 1);
    QCOMPARE(page.boxes[0].box, box + "1");
    QCOMPARE(page.boxes[0].senderDeviceId, kMayaLaptop);
    QCOMPARE(page.boxes[1].cursor, 3);
    QCOMPARE(page.next, 3);
    page = storage.keyBoxesAfter(kSpace, kSamPhone, page.next, 2);
    QCOMPARE(page.boxes.size(), 1u);
    QCOMPARE(page.boxes[0].cursor, 4);
    QCOMPARE(page.boxes[0].senderDeviceId, kMayaPhone);
    QVERIFY(!page.more);
    QCOMPARE(page.next, 4);
    page = storage.keyBoxesAfter(kSpace, kSamPhone, 4, 2);
    QVERIFY(page.boxes.empty());
    QCOMPARE(page.next, 4);
    QCOMPARE(storage.latestCursor(kSpace), 0); // key boxes have cursors of their own
}

void TestPgStorage::concurrentPushersSkipNothing()
{
    test::PostgresSchema schema(m_admin);
    {
        PgStorage storage(schema.uri());
        createMayasSpace(storage);
    }
    constexpr int kPushers = 8;
    const auto runFor = std::chrono::seconds(3);

    std::mutex mutex;
    std::vector<std::string> failures;
    std::unordered_map<std::string, std::int64_t> stored; // id -> cursor, from the pushers
    std::atomic<int> pushersLeft = kPushers;
    std::atomic<std::int64_t> pushes = 0;
    std::latch start(kPushers + 1);
    auto fail = [&](const std::string &what) {
        const std::lock_guard lock(mutex);
        failures.push_back(what);
    };

    std::vector<std::thread> threads;
    for (int t = 0; t < kPushers; ++t) {
        threads.emplace_back([&, t] {
            try {
                PgStorage storage(schema.uri());
                std::mt19937 random(static_cast<unsigned>(t) + 1);
                std::unordered_map<std::string, std::int64_t> mine;
                std::string previous;
                std::uint64_t n = 0;
                start.arrive_and_wait();
                const auto deadline = std::chrono::steady_clock::now() + runFor;
                while (std::chrono::steady_clock::now() < deadline) {
                    std::vector<sync::Envelope> batch;
                    const int size = 1 + static_cast<int>(random() % 20);
                    for (int i = 0; i < size; ++i)
                        batch.push_back(envelope(
                            envelopeId((static_cast<std::uint64_t>(t + 1) << 40) | ++n), "shared",
                            kMayaLaptop, 32 + random() % 200));
                    // Now and then an id pushed before: a retry, which must not move it.
                    if (!previous.empty() && random() % 4 == 0)
                        batch.insert(batch.begin() + static_cast<long>(random() % batch.size()),
                                     envelope(previous, "shared", kMayaLaptop));
                    const std::vector<PushResult> results =
                        storage.appendEnvelopes(kSpace, kMaya, batch, kStart);
                    ++pushes;
                    for (const PushResult &r : results) {
                        if (r.stored) {
                            if (!mine.emplace(r.id, r.cursor).second)
                                fail("stored twice: " + r.id);
                        } else if (mine.at(r.id) != r.cursor) {
                            fail("a retried id moved from cursor " + std::to_string(mine.at(r.id))
                                 + " to " + std::to_string(r.cursor));
                        }
                    }
                    previous = results.back().id;
                }
                const std::lock_guard lock(mutex);
                stored.merge(mine);
            } catch (const std::exception &e) {
                fail(std::string("pusher: ") + e.what());
            }
            --pushersLeft;
        });
    }

    // The reader pulls from its last `next`, as a device does, while the pushers run.
    std::vector<std::string> seen;
    std::vector<std::string> readerFailures;
    std::int64_t pages = 0;
    {
        PgStorage storage(schema.uri());
        start.arrive_and_wait();
        std::int64_t next = 0;
        std::int64_t lastCursor = 0;
        const Visibility everything = sees(kMaya);
        for (;;) {
            const bool pushersDone = pushersLeft == 0;
            const EnvelopePage page = storage.envelopesAfter(kSpace, next, 100, everything, 1 << 20);
            ++pages;
            for (const StoredEnvelope &s : page.envelopes) {
                if (s.cursor <= lastCursor)
                    readerFailures.push_back("cursor " + std::to_string(s.cursor) + " after "
                                             + std::to_string(lastCursor));
                lastCursor = s.cursor;
                seen.push_back(s.envelope.header.id);
            }
            if (page.next < next)
                readerFailures.push_back("next went back");
            next = page.next;
            // Done once a pull that began after the last push found nothing more.
            if (pushersDone && page.envelopes.empty() && !page.more)
                break;
        }
    }
    for (std::thread &t : threads)
        t.join();
    for (const std::string &f : failures)
        qWarning("%s", f.c_str());
    QVERIFY(failures.empty());
    for (const std::string &f : readerFailures)
        qWarning("%s", f.c_str());
    QVERIFY(readerFailures.empty());

    std::set<std::string> seenOnce(seen.begin(), seen.end());
    QCOMPARE(seenOnce.size(), seen.size());
    QCOMPARE(seen.size(), stored.size());
    for (const std::string &id : seen)
        QVERIFY2(stored.contains(id), id.c_str());
    PgStorage storage(schema.uri());
    const std::int64_t latest = storage.latestCursor(kSpace);
    QCOMPARE(static_cast<std::int64_t>(stored.size()), latest);
    std::set<std::int64_t> cursors;
    for (const auto &[id, cursor] : stored)
        cursors.insert(cursor);
    QCOMPARE(static_cast<std::int64_t>(cursors.size()), latest); // 1..latest, each once
    QCOMPARE(*cursors.rbegin(), latest);
    const double seconds = std::chrono::duration<double>(runFor).count();
    qInfo("%d pushers on one space, %.1f s: %lld pushes (%.0f/s), %lld envelopes (%.0f/s); the "
          "reader pulled %lld pages and saw each envelope once",
          kPushers, seconds, static_cast<long long>(pushes.load()), pushes.load() / seconds,
          static_cast<long long>(latest), static_cast<double>(latest) / seconds,
          static_cast<long long>(pages));
}

void TestPgStorage::concurrentStartsMigrateOnce()
{
    test::PostgresSchema schema(m_admin);
    constexpr int kProcesses = 6;
    std::latch start(kProcesses);
    std::mutex mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> threads;
    for (int i = 0; i < kProcesses; ++i) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            try {
                PgStorage storage(schema.uri());
                if (storage.schemaVersion() != PgStorage::kSchemaVersion)
                    throw StorageError("schema version " + std::to_string(storage.schemaVersion()));
            } catch (const std::exception &e) {
                const std::lock_guard lock(mutex);
                failures.emplace_back(e.what());
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    for (const std::string &f : failures)
        qWarning("%s", f.c_str());
    QVERIFY(failures.empty());
    test::PostgresConnection db(m_admin);
    QCOMPARE(count(db, "SELECT count(*) FROM " + schema.name() + ".hearth_schema_version"), 1);
    QCOMPARE(count(db, "SELECT version FROM " + schema.name() + ".hearth_schema_version"),
             PgStorage::kSchemaVersion);
    QCOMPARE(count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema.name() + "'"),
             8);
}

void TestPgStorage::refusesANewerSchema()
{
    test::PostgresSchema schema(m_admin);
    {
        PgStorage storage(schema.uri());
        createMayasSpace(storage);
    }
    test::PostgresConnection db(m_admin);
    db.exec("UPDATE " + schema.name() + ".hearth_schema_version SET version = 99");
    try {
        PgStorage storage(schema.uri());
        QFAIL("a schema newer than known was opened");
    } catch (const StorageError &e) {
        const std::string message = e.what();
        QVERIFY2(message.find("newer hearth-server (schema 99)") != std::string::npos, e.what());
        QVERIFY2(message.find("knows up to 1") != std::string::npos, e.what());
    }
    QCOMPARE(count(db, "SELECT version FROM " + schema.name() + ".hearth_schema_version"), 99);
    QCOMPARE(count(db, "SELECT count(*) FROM " + schema.name() + ".spaces"), 1);

    QVERIFY_THROWS_EXCEPTION(StorageError, PgStorage("postgresql://nobody@127.0.0.1:1/none"));
}

void TestPgStorage::rateLimitsAreSharedAndMatchTheInMemoryOnes()
{
    test::PostgresSchema schema(m_admin);
    PgStorage one(schema.uri());
    PgStorage two(schema.uri());
    const std::unique_ptr<RateLimits> first = one.rateLimits(1.0, 3);
    const std::unique_ptr<RateLimits> second = two.rateLimits(1.0, 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(first->take("token", kStart), 0);
    QCOMPARE(second->take("token", kStart), 1); // the burst is gone for every process
    QCOMPARE(second->take("other", kStart), 0);
    QCOMPARE(first->take("token", kStart + 1000), 0);
    QCOMPARE(second->take("token", kStart + 1000), 1);

    // The same arithmetic as RateLimiter, step for step, the clock stepping back included.
    const std::unique_ptr<RateLimits> shared = one.rateLimits(0.7, 4);
    RateLimiter memory(0.7, 4);
    std::mt19937 random(11);
    std::int64_t now = kStart + 100'000;
    for (int i = 0; i < 400; ++i) {
        now += static_cast<std::int64_t>(random() % 900) - (random() % 10 == 0 ? 3000 : 0);
        const std::string key = "k" + std::to_string(random() % 3);
        const int expected = memory.take(key, now);
        QCOMPARE(shared->take(key, now), expected);
    }
}

void TestPgStorage::rateLimitsForgetFullBuckets()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    const std::unique_ptr<RateLimits> limits = storage.rateLimits(1.0, 3);
    for (int i = 1; i < 999; ++i)
        QCOMPARE(limits->take("key " + std::to_string(i), kStart), 0);
    const std::int64_t later = kStart + 1'000'000;
    QCOMPARE(limits->take("recent", later - 100), 0);
    test::PostgresConnection db(m_admin);
    QCOMPARE(count(db, "SELECT count(*) FROM " + schema.name() + ".rate_buckets"), 999);
    // The thousandth take forgets the buckets that have refilled, and only those.
    QCOMPARE(limits->take("new", later), 0);
    QCOMPARE(count(db, "SELECT count(*) FROM " + schema.name() + ".rate_buckets"), 2);
    QCOMPARE(limits->take("recent", later), 0);
    QCOMPARE(limits->take("recent", later), 0);
    QCOMPARE(limits->take("recent", later), 1); // its bucket was kept, not refilled
}

void TestPgStorage::oneInviteRedeemedOnceUnderRace()
{
    test::PostgresSchema schema(m_admin);
    PgStorage one(schema.uri());
    PgStorage two(schema.uri());
    createMayasSpace(one);
    constexpr int kRounds = 25;
    for (int round = 0; round < kRounds; ++round) {
        // Odd rounds: one invite, two devices. Even rounds: two invites naming one new member.
        const std::string member = "m" + std::string(15, static_cast<char>('a' + round % 6))
                                   + std::to_string(round);
        const std::string lookupA = std::string(62, 'a') + std::to_string(10 + round);
        const std::string lookupB = round % 2 ? lookupA : std::string(62, 'b') + std::to_string(10 + round);
        QVERIFY(one.addInvite(invite(lookupA, "partner", member)));
        if (lookupB != lookupA)
            QVERIFY(one.addInvite(invite(lookupB, "partner", member)));
        JoinOutcome::Status a{}, b{};
        std::string errors;
        std::mutex mutex;
        std::latch start(2);
        auto redeem = [&](PgStorage &storage, const std::string &lookup, const std::string &id,
                          JoinOutcome::Status &status) {
            start.arrive_and_wait();
            try {
                status = storage.redeemInvite(lookup, device(id, "", ""), kStart).status;
            } catch (const std::exception &e) {
                const std::lock_guard lock(mutex);
                errors += e.what();
            }
        };
        std::thread first(redeem, std::ref(one), lookupA, "d" + std::to_string(1000 + 2 * round),
                          std::ref(a));
        std::thread second(redeem, std::ref(two), lookupB, "d" + std::to_string(1001 + 2 * round),
                           std::ref(b));
        first.join();
        second.join();
        QVERIFY2(errors.empty(), errors.c_str());
        const int joined = (a == JoinOutcome::Status::Joined) + (b == JoinOutcome::Status::Joined);
        QCOMPARE(joined, 1);
        const JoinOutcome::Status other = a == JoinOutcome::Status::Joined ? b : a;
        QCOMPARE(other, lookupA == lookupB ? JoinOutcome::Status::Used
                                           : JoinOutcome::Status::MemberExists);
    }
    QCOMPARE(one.devices(kSpace).size(), static_cast<std::size_t>(1 + kRounds));
}

void TestPgStorage::reconnectsAfterConnectionLoss()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri()); // application_name = the schema's name
    createMayasSpace(storage);
    (void)storage.appendEnvelopes(kSpace, kMaya, {envelope(envelopeId(1), "shared", kMayaLaptop)},
                                  kStart);
    test::PostgresConnection db(m_admin);
    const std::string backends =
        "SELECT pid FROM pg_stat_activity WHERE application_name = '" + schema.name() + "'";
    QCOMPARE(db.query(backends).size(), 1u);
    db.exec("SELECT pg_terminate_backend(pid, 10000) FROM (" + backends + ") b");

    QVERIFY_THROWS_EXCEPTION(StorageError, (void)storage.latestCursor(kSpace));
    QCOMPARE(storage.latestCursor(kSpace), 1); // connected again
    const std::vector<PushResult> pushed = storage.appendEnvelopes(
        kSpace, kMaya, {envelope(envelopeId(2), "shared", kMayaLaptop)}, kStart);
    QCOMPARE(pushed.at(0).cursor, 2);
    QCOMPARE(storage.envelopesAfter(kSpace, 0, 10, sees(kMaya), 1 << 20).envelopes.size(), 2u);
}

void TestPgStorage::aPushCutOffMidwayStoresNothing()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    createMayasSpace(storage);
    (void)storage.appendEnvelopes(kSpace, kMaya, {envelope(envelopeId(1), "shared", kMayaLaptop)},
                                  kStart);

    // Another session holds an uncommitted envelope with the id the push's second envelope has,
    // so the push stops there, its first envelope written, until its backend is terminated.
    test::PostgresConnection blocker(m_admin);
    blocker.exec("BEGIN");
    blocker.exec("INSERT INTO " + schema.name()
                 + ".envelopes (space, cursor, id, scope, device, author, seq, epoch, received_ms, "
                   "nonce, ciphertext) VALUES ('"
                 + kSpace + "', 1000000, '" + envelopeId(3) + "', 'shared', '" + kMayaLaptop
                 + "', '" + kMaya + "', 1, 1, 0, '\\x00', '\\x00')");
    const std::vector<sync::Envelope> batch = {envelope(envelopeId(2), "shared", kMayaLaptop),
                                               envelope(envelopeId(3), "shared", kMayaLaptop),
                                               envelope(envelopeId(4), "shared", kMayaLaptop)};
    std::string outcome;
    std::thread push([&] {
        try {
            (void)storage.appendEnvelopes(kSpace, kMaya, batch, kStart + 1);
            outcome = "stored";
        } catch (const StorageError &e) {
            outcome = std::string("StorageError: ") + e.what();
        }
    });
    test::PostgresConnection db(m_admin);
    const std::string waiting = "SELECT pid FROM pg_stat_activity WHERE application_name = '"
                                + schema.name() + "' AND wait_event_type = 'Lock'";
    const bool blocked = eventually([&] { return !db.query(waiting).empty(); });
    if (blocked)
        db.exec("SELECT pg_terminate_backend(pid, 10000) FROM (" + waiting + ") w");
    blocker.exec("ROLLBACK");
    push.join();
    QVERIFY(blocked);
    QVERIFY2(outcome.starts_with("StorageError"), outcome.c_str());

    QCOMPARE(count(db, "SELECT count(*) FROM " + schema.name() + ".envelopes"), 1);
    QCOMPARE(count(db, "SELECT next_cursor FROM " + schema.name() + ".spaces"), 1);
    // The retry (on a new connection) stores the whole push, with the next cursors.
    const std::vector<PushResult> retried = storage.appendEnvelopes(kSpace, kMaya, batch, kStart + 2);
    QCOMPARE(retried.size(), 3u);
    for (std::size_t i = 0; i < retried.size(); ++i) {
        QVERIFY(retried[i].stored);
        QCOMPARE(retried[i].cursor, static_cast<std::int64_t>(2 + i));
    }
    QCOMPARE(storage.latestCursor(kSpace), 4);
}

void TestPgStorage::aRemovalThroughAnotherProcessStopsTheNextWrite()
{
    test::PostgresSchema schema(m_admin);
    PgStorage storage(schema.uri());
    createMayasSpace(storage);
    QCOMPARE(storage.createSpace(device(kMayaLaptop, kMaya, "partner")),
             ServerStorage::CreateStatus::SpaceExists);
    // Another process removes the laptop and has not committed yet; the laptop's push, already
    // past its token check, waits for that removal and is then refused: nothing stored.
    test::PostgresConnection other(m_admin);
    other.exec("BEGIN");
    other.exec("UPDATE " + schema.name() + ".devices SET removed = true WHERE id = '"
               + kMayaLaptop + "'");
    std::string outcome;
    std::thread push([&] {
        try {
            (void)storage.appendEnvelopes(kSpace, kMaya,
                                          {envelope(envelopeId(1), "shared", kMayaLaptop)}, kStart);
            outcome = "stored";
        } catch (const DeviceRemovedMeanwhile &) {
            outcome = "refused";
        } catch (const std::exception &e) {
            outcome = e.what();
        }
    });
    test::PostgresConnection db(m_admin);
    const bool waited = eventually([&] {
        return !db.query("SELECT pid FROM pg_stat_activity WHERE application_name = '"
                         + schema.name() + "' AND wait_event_type = 'Lock'")
                    .empty();
    });
    other.exec("COMMIT");
    push.join();
    QVERIFY(waited);
    QCOMPARE(outcome, std::string("refused"));
    QCOMPARE(storage.latestCursor(kSpace), 0);
    QVERIFY_THROWS_EXCEPTION(DeviceRemovedMeanwhile,
                             storage.storeKeyBoxes(kSpace, kMayaLaptop, {{kMayaPhone, "box"}}, kStart));
    QCOMPARE(storage.keyBoxesAfter(kSpace, kMayaPhone, 0, 10).boxes.size(), 0u);
}

QTEST_GUILESS_MAIN(TestPgStorage)
#include "tst_pgstorage.moc"
