// One hearth-server process among several on a shared store: the long-poll hub does not lose a
// notification that another process's push sends while a poll is between its look at storage
// and its registration; the service takes its rate limits from the storage and keeps no token
// cache on a shared store; PgPushListener hears pushes and wakes everything after reconnecting.
#include "long_poll_hub.h"
#include "pg_listener.h"
#include "rate_limiter.h"
#include "service.h"
#include "sqlite_storage.h"

#include "errors.h"
#include "pgtest.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

using namespace hearth;
using namespace hearth::server;
using nlohmann::json;
using sync::HttpRequest;

namespace {

const std::string kSpace = "5ace5ace5ace5ace";
const std::string kOtherSpace = "0dd50dd50dd50dd5";
const std::string kPublicKey(43, 'A');
const std::int64_t kStart = 1'700'000'000'000;

/// Whether the hub woke each timer (cancelled its wait) rather than letting it expire. A wake is
/// posted before run() starts, so it always comes before even a short expiry.
std::vector<bool> wokenAll(boost::asio::io_context &io,
                           const std::vector<std::shared_ptr<LongPollHub::Timer>> &timers)
{
    std::vector<boost::system::error_code> results(timers.size());
    for (std::size_t i = 0; i < timers.size(); ++i)
        timers[i]->async_wait([&results, i](const boost::system::error_code &e) { results[i] = e; });
    io.restart();
    io.run();
    std::vector<bool> woken;
    for (const auto &result : results)
        woken.push_back(result == boost::asio::error::operation_aborted);
    return woken;
}

bool woken(boost::asio::io_context &io, const std::shared_ptr<LongPollHub::Timer> &timer)
{
    return wokenAll(io, {timer}).front();
}

/// A timer that expires long after any wake (a wake that does not come shows as a slow test),
/// or soon, where no wake is expected.
std::shared_ptr<LongPollHub::Timer> timer(boost::asio::io_context &io, std::chrono::milliseconds in)
{
    auto t = std::make_shared<LongPollHub::Timer>(io);
    t->expires_after(in);
    return t;
}

constexpr std::chrono::milliseconds kLong{30'000};
constexpr std::chrono::milliseconds kShort{50};

/// RateLimits that records the keys it is asked for and refuses (7 s) past `allow` requests.
class RecordingLimits final : public RateLimits {
public:
    RecordingLimits(std::vector<std::string> &keys, std::size_t allow) : m_keys(keys), m_allow(allow) {}
    [[nodiscard]] int take(const std::string &key, std::int64_t) override
    {
        m_keys.push_back(key);
        return m_keys.size() > m_allow ? 7 : 0;
    }

private:
    std::vector<std::string> &m_keys;
    std::size_t m_allow;
};

/// SqliteStorage that says it is shared with other processes (or not) and whose rate limits come
/// from `limits` when set: what a service on PostgreSQL sees, without a database. Removing a
/// device through `inner()` is what another process would do.
class SharedSqlite final : public ServerStorage {
public:
    using Limits = std::function<std::unique_ptr<RateLimits>(double, double)>;

    SharedSqlite(const std::filesystem::path &dir, bool shared, Limits limits = {})
        : m_inner(dir), m_shared(shared), m_limits(std::move(limits))
    {
    }

    [[nodiscard]] SqliteStorage &inner() { return m_inner; }

    [[nodiscard]] bool sharedWithOtherProcesses() const override { return m_shared; }
    [[nodiscard]] std::unique_ptr<RateLimits> rateLimits(double rate, double burst) override
    {
        return m_limits ? m_limits(rate, burst) : ServerStorage::rateLimits(rate, burst);
    }

    CreateStatus createSpace(const DeviceRecord &first) override { return m_inner.createSpace(first); }
    bool spaceExists(const std::string &s) override { return m_inner.spaceExists(s); }
    std::int64_t spaceCount() override { return m_inner.spaceCount(); }
    std::optional<DeviceRecord> deviceByTokenHash(const std::string &hash) override
    {
        ++tokenLookups;
        return m_inner.deviceByTokenHash(hash);
    }
    std::optional<DeviceRecord> device(const std::string &s, const std::string &d) override
    {
        return m_inner.device(s, d);
    }
    std::vector<DeviceRecord> devices(const std::string &s) override { return m_inner.devices(s); }
    std::vector<MemberRecord> members(const std::string &s) override { return m_inner.members(s); }
    Enrolment enrolment(const std::string &s, const std::string &m, const std::string &r) override
    {
        return m_inner.enrolment(s, m, r);
    }
    void touchDevice(const std::string &s, const std::string &d, std::int64_t now) override
    {
        m_inner.touchDevice(s, d, now);
    }
    std::vector<std::string> removeDevices(const std::string &s,
                                           const std::vector<std::string> &ids) override
    {
        return m_inner.removeDevices(s, ids);
    }
    bool addInvite(const InviteRecord &invite) override { return m_inner.addInvite(invite); }
    JoinOutcome redeemInvite(const std::string &hash, DeviceRecord device, std::int64_t now) override
    {
        return m_inner.redeemInvite(hash, std::move(device), now);
    }
    std::vector<PushResult> appendEnvelopes(const std::string &s, const std::string &author,
                                            const std::vector<sync::Envelope> &envelopes,
                                            std::int64_t now) override
    {
        return m_inner.appendEnvelopes(s, author, envelopes, now);
    }
    std::int64_t latestCursor(const std::string &s) override { return m_inner.latestCursor(s); }
    EnvelopePage envelopesAfter(const std::string &s, std::int64_t after, int limit,
                                const Visibility &visibility, std::size_t maxBytes) override
    {
        return m_inner.envelopesAfter(s, after, limit, visibility, maxBytes);
    }
    void storeKeyBoxes(const std::string &s, const std::string &sender,
                       const std::vector<OutgoingBox> &boxes, std::int64_t now) override
    {
        m_inner.storeKeyBoxes(s, sender, boxes, now);
    }
    KeyBoxPage keyBoxesAfter(const std::string &s, const std::string &recipient, std::int64_t after,
                             int limit) override
    {
        return m_inner.keyBoxesAfter(s, recipient, after, limit);
    }

    int tokenLookups = 0;

private:
    SqliteStorage m_inner;
    bool m_shared;
    Limits m_limits;
};

HttpRequest request(const std::string &method, const std::string &target, const std::string &token,
                    const std::string &body = {})
{
    return HttpRequest{method, target, token, "application/json", body, "10.0.0.1"};
}

/// Creates kSpace with Maya's laptop and returns her token.
std::string createSpace(SyncService &service)
{
    const json body = {{"space", kSpace},
                       {"device",
                        {{"id", "a1a1a1a1a1a1a1a1"},
                         {"member", "a0a0a0a0a0a0a0a0"},
                         {"public_key", kPublicKey},
                         {"name", "Maya's laptop"}}}};
    const Handled h = service.handle(request("POST", "/v1/spaces", "", body.dump()), kStart);
    if (h.response.status != 201)
        throw std::runtime_error("creating the space gave " + std::to_string(h.response.status)
                                 + ": " + h.response.body);
    return json::parse(h.response.body).at("token").get<std::string>();
}

const std::string kPull = "/v1/spaces/" + kSpace + "/envelopes?after=0";

/// What a PgPushListener heard, for the test thread to wait on.
class Heard {
public:
    void push(const std::string &space)
    {
        const std::lock_guard lock(m_mutex);
        m_spaces.push_back(space);
        m_changed.notify_all();
    }
    void status(const std::string &level, const std::string &message)
    {
        const std::lock_guard lock(m_mutex);
        m_statuses.push_back(level + ": " + message);
        m_changed.notify_all();
    }
    /// Waits (at most a generous while, to catch a hang) until `space` has been heard.
    [[nodiscard]] bool waitFor(const std::string &space)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(30), [&] {
            return std::find(m_spaces.begin(), m_spaces.end(), space) != m_spaces.end();
        });
    }
    [[nodiscard]] bool contains(const std::string &space)
    {
        const std::lock_guard lock(m_mutex);
        return std::find(m_spaces.begin(), m_spaces.end(), space) != m_spaces.end();
    }
    [[nodiscard]] std::vector<std::string> statuses()
    {
        const std::lock_guard lock(m_mutex);
        return m_statuses;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::string> m_spaces;
    std::vector<std::string> m_statuses;
};

} // namespace

class TestServerProcess : public QObject {
    Q_OBJECT

private slots:
    // The hub.

    void aNotificationBetweenTheLookAndTheWaitWakesTheWaiter()
    {
        boost::asio::io_context io;
        LongPollHub hub;
        // The poll reads the sequence, finds nothing in storage; meanwhile another process's
        // push lands and its notification arrives before the poll registers.
        const LongPollHub::Sequence seen = hub.sequence();
        hub.notify(kSpace);
        auto t = timer(io, kLong);
        QVERIFY(hub.add(kSpace, t, seen));
        QVERIFY(woken(io, t));
        // Without the sequence (the in-process case, under one lock), nothing wakes it.
        auto plain = timer(io, kShort);
        QVERIFY(hub.add(kSpace, plain));
        QVERIFY(!woken(io, plain));
    }

    void onlyThisSpacesNotificationsSinceTheLookWake()
    {
        boost::asio::io_context io;
        LongPollHub hub;
        hub.notify(kSpace); // before the look: storage had it already
        const LongPollHub::Sequence seen = hub.sequence();
        hub.notify(kOtherSpace);
        auto t = timer(io, kShort);
        QVERIFY(hub.add(kSpace, t, seen));
        QVERIFY(!woken(io, t));
        // Once registered, a notification of the space wakes it as always.
        auto later = timer(io, kLong);
        QVERIFY(hub.add(kSpace, later, hub.sequence()));
        hub.notify(kSpace);
        QVERIFY(woken(io, later));
    }

    void wakingEverythingReachesEverySpace()
    {
        boost::asio::io_context io;
        LongPollHub hub;
        auto a = timer(io, kLong);
        auto b = timer(io, kLong);
        QVERIFY(hub.add(kSpace, a, hub.sequence()));
        QVERIFY(hub.add(kOtherSpace, b, hub.sequence()));
        hub.notifyAll();
        QCOMPARE(wokenAll(io, {a, b}), std::vector<bool>({true, true}));
        // And a wake-all between the look and the wait counts for any space; notify("") is one.
        const LongPollHub::Sequence seen = hub.sequence();
        hub.notify("");
        auto c = timer(io, kLong);
        QVERIFY(hub.add(kOtherSpace, c, seen));
        QVERIFY(woken(io, c));
    }

    void aPollOlderThanTheRememberedNotificationsWakesToBeSafe()
    {
        boost::asio::io_context io;
        LongPollHub hub;
        const LongPollHub::Sequence seen = hub.sequence();
        hub.notify(kSpace);
        for (std::size_t i = 0; i < LongPollHub::kRecentNotifications; ++i)
            hub.notify(kOtherSpace);
        auto t = timer(io, kLong);
        QVERIFY(hub.add(kOtherSpace + "x", t, seen)); // never notified, but it cannot know
        QVERIFY(woken(io, t));
        // Within the remembered ones, another space's flood does not wake it.
        const LongPollHub::Sequence recent = hub.sequence();
        for (int i = 0; i < 100; ++i)
            hub.notify(kOtherSpace);
        auto quiet = timer(io, kShort);
        QVERIFY(hub.add(kSpace, quiet, recent));
        QVERIFY(!woken(io, quiet));
    }

    // The service on a shared store.

    void theServiceTakesItsRateLimitsFromTheStorage()
    {
        QTemporaryDir dir;
        std::vector<std::string> keys;
        std::vector<std::pair<double, double>> asked;
        SharedSqlite storage(std::filesystem::path(dir.path().toStdString()), true,
                             [&](double rate, double burst) {
                                 asked.emplace_back(rate, burst);
                                 return std::make_unique<RecordingLimits>(keys, 2);
                             });
        ServiceConfig config;
        config.ratePerSecond = 5;
        config.rateBurst = 15;
        SyncService service(storage, config, [](std::string_view) {});
        QCOMPARE(asked.size(), std::size_t(1));
        QCOMPARE(asked.front().first, 5.0);
        QCOMPARE(asked.front().second, 15.0);

        const std::string maya = createSpace(service);
        QCOMPARE(service.handle(request("GET", kPull, maya), kStart).response.status, 200);
        const Handled refused = service.handle(request("GET", kPull, maya), kStart);
        QCOMPARE(refused.response.status, 429);
        QCOMPARE(refused.response.retryAfter, 7); // the storage's limiter decided
        QCOMPARE(keys.size(), std::size_t(3));
        QCOMPARE(keys.at(0), std::string("peer 10.0.0.1"));
        QVERIFY(keys.at(1).starts_with("token "));
        QCOMPARE(keys.at(2), keys.at(1));
    }

    void aDeviceRemovedByAnotherProcessIsRefusedAtOnce()
    {
        QTemporaryDir dir;
        SharedSqlite storage(std::filesystem::path(dir.path().toStdString()), true);
        SyncService service(storage, {}, [](std::string_view) {});
        const std::string maya = createSpace(service);
        const int before = storage.tokenLookups;
        QCOMPARE(service.handle(request("GET", kPull, maya), kStart + 1).response.status, 200);
        QCOMPARE(service.handle(request("GET", kPull, maya), kStart + 2).response.status, 200);
        QCOMPARE(storage.tokenLookups - before, 2); // every request asks the store
        // Another process removes the device: this one refuses it on its next request.
        QCOMPARE(storage.inner().removeDevices(kSpace, {"a1a1a1a1a1a1a1a1"}).size(), std::size_t(1));
        const Handled refused = service.handle(request("GET", kPull, maya), kStart + 3);
        QCOMPARE(refused.response.status, 401);
        QCOMPARE(json::parse(refused.response.body).at("error").at("code").get<std::string>(),
                 std::string("device_removed"));
    }

    void aStoreOfItsOwnKeepsTheTokenCache()
    {
        // The control: alone on its store, the service asks once per token (and so would not
        // see a removal it did not make, which is why a shared store turns the cache off).
        QTemporaryDir dir;
        SharedSqlite storage(std::filesystem::path(dir.path().toStdString()), false);
        SyncService service(storage, {}, [](std::string_view) {});
        const std::string maya = createSpace(service);
        const int before = storage.tokenLookups;
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(service.handle(request("GET", kPull, maya), kStart + i).response.status, 200);
        QCOMPARE(storage.tokenLookups - before, 1);
    }

    // PgPushListener (needs the cluster: HEARTH_TEST_POSTGRES_FILE).

    void theListenerRefusesADatabaseItCannotReach()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        bool threw = false;
        try {
            const PgPushListener listener("postgresql://nobody@127.0.0.1:1/none?password=secret",
                                          [](const std::string &) {});
        } catch (const StorageError &e) {
            threw = true;
            const std::string message = e.what();
            QVERIFY2(message.find("cannot listen for pushes") != std::string::npos, e.what());
            QVERIFY2(message.find("secret") == std::string::npos, e.what()); // redacted
        }
        QVERIFY(threw);
    }

    void theListenerHearsPushesAndWakesEverythingAfterReconnecting()
    {
        const std::optional<std::string> admin = test::postgresAdminUri();
        if (!admin)
            QSKIP("HEARTH_TEST_POSTGRES_FILE is not set (ctest sets it; or scripts/pg-cluster start DIR)");
        const test::PostgresSchema schema(*admin);
        // A name of its own, so that terminating its connection touches no other test's.
        const std::string name = "hearth_listener_" + test::randomSchemaName().substr(2);
        Heard heard;
        auto listener = std::make_unique<PgPushListener>(
            test::withUriParameter(schema.uri(), "application_name=" + name),
            [&heard](const std::string &space) { heard.push(space); },
            [&heard](const std::string &level, const std::string &message) {
                heard.status(level, message);
            });
        test::PostgresConnection db(*admin);

        const auto started = std::chrono::steady_clock::now();
        db.exec("SELECT pg_notify('hearth_push', '" + kSpace + "')");
        QVERIFY(heard.waitFor(kSpace));
        qInfo("a NOTIFY reached the listener's callback after %.2f ms",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count());
        // Only on commit: a rolled-back push notifies no one (the next one is heard, this not).
        db.exec("BEGIN; SELECT pg_notify('hearth_push', 'rolled-back'); ROLLBACK");
        db.exec("SELECT pg_notify('hearth_push', '" + kOtherSpace + "')");
        QVERIFY(heard.waitFor(kOtherSpace));
        QVERIFY(!heard.contains("rolled-back")); // notifications arrive in commit order

        // The database drops its connection: it connects again, wakes everything, hears again.
        const auto terminated = db.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            {name});
        QCOMPARE(terminated.size(), std::size_t(1));
        QVERIFY(heard.waitFor(""));
        db.exec("SELECT pg_notify('hearth_push', 'after-reconnect')");
        QVERIFY(heard.waitFor("after-reconnect"));
        const auto statuses = heard.statuses();
        const auto said = [&statuses](std::string_view prefix) {
            return std::any_of(statuses.begin(), statuses.end(),
                               [prefix](const std::string &s) { return s.starts_with(prefix); });
        };
        QVERIFY(said("warn: lost the connection that listens for pushes"));
        QVERIFY(said("info: listening for pushes again"));

        // Stopping is prompt: the thread waits on a pipe, not on a timeout.
        const auto stopping = std::chrono::steady_clock::now();
        listener.reset();
        qInfo("the listener stopped in %.2f ms",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stopping)
                  .count());
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
