// bench_store: the store's figures from DESIGN.md ("What good looks like in numbers").
//
//   BM_Apply/<n>      the local change path: Store::apply of batches of n ritual/occurrence
//                     upserts (new rows), items_per_second = mutations/s.
//   BM_MergeVsRaw     Store::merge of 10,000 remote occurrence changes into a fresh profile,
//                     against raw SQLite inserts of the same rows into a table of the same shape,
//                     both on files with the same pragmas, timed side by side in every
//                     iteration; prints merge_rate, raw_rate and ratio (target >= 0.5), all
//                     wall-clock, and ratio_cpu (the same from CPU time, steadier under load).
//   BM_Today          RitualBook::agenda over the next 8 days on a 5-year profile, freshly
//                     opened as at start-up (target < 2 ms).
//   BM_TodayInSession the same on the connection that wrote the history (a long session).
//   BM_RitualsList    the Rituals page: rituals() and consistency() of each (information).
//   BM_OpenProfile    opening the 5-year profile (Store constructor), a part of start-up.
//
// Every store here lives on a file in a temporary folder, never in memory, with a ManualClock
// and a SeededRandom so that two runs do the same work.
#include "clock.h"
#include "contentlibrary.h"
#include "demo.h"
#include "migrations.h"
#include "ritualbook.h"
#include "store.h"

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace hearth;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kDay = 24 * 60 * kMinute;
/// Saturday 2024-06-01, 10:00 UTC: "now" for every benchmark, so runs are comparable.
constexpr Millis kNow = 1'717'236'000'000;

/// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir()
    {
        std::string pattern = (fs::temp_directory_path() / "hearth-bench-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary folder in "
                                     + fs::temp_directory_path().string());
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    [[nodiscard]] const fs::path &path() const noexcept { return m_path; }

private:
    fs::path m_path;
};

/// Removes a SQLite file and its WAL companions.
void removeDatabase(const fs::path &file)
{
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(fs::path(file.string() + suffix), ec);
}

std::string hex16(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

/// A believable local start for the k-th occurrence: one a day per ritual, from 2020 on.
std::string localStartFor(std::uint64_t k)
{
    const auto day = k / 8;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u", 2020u + unsigned(day / 336),
                  1u + unsigned(day / 28 % 12), 1u + unsigned(day % 28), 7u + unsigned(k % 8) * 2,
                  unsigned(k % 4) * 15);
    return buf;
}

const ContentLibrary &content()
{
    static const ContentLibrary library = ContentLibrary::loadDefault();
    return library;
}

// ---------------------------------------------------------------------------------------------
// (a) The local change path.

Mutation ritualUpsert(const std::string &spaceId, const std::string &memberId)
{
    return Mutation{Mutation::Kind::Upsert, "ritual", {}, "couple",
                    {{"spaceId", spaceId},
                     {"kind", "check-in"},
                     {"title", "Weekly check-in"},
                     {"purpose", "A regular, calm place to say what went well and what we need."},
                     {"steps", json::array({"Two appreciations each", "One thing that was hard",
                                            "One wish for next week"})},
                     {"rrule", "FREQ=WEEKLY;BYDAY=SU"},
                     {"startLocal", "2024-01-07T20:00"},
                     {"timeZone", "Europe/Lisbon"},
                     {"durationMinutes", 30},
                     {"reminderMinutes", 15},
                     {"status", "active"},
                     {"createdBy", memberId},
                     {"createdAt", kNow}}};
}

Mutation occurrenceUpsert(const std::string &spaceId, const std::string &ritualId,
                          const std::string &memberId)
{
    return Mutation{Mutation::Kind::Upsert, "occurrence", {}, "couple",
                    {{"spaceId", spaceId},
                     {"ritualId", ritualId},
                     {"localStart", ""},
                     {"status", "done"},
                     {"note", "Short but sweet."},
                     {"rating", 4},
                     {"reason", ""},
                     {"actor", memberId},
                     {"at", kNow}}};
}

/// Store::apply of batches of `n` upserts of new rows: one ritual for nine occurrences.
void BM_Apply(benchmark::State &state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    TempDir dir;
    ManualClock clock(kNow);
    SeededRandom random(1);
    Store store(dir.path() / "profile.db", clock, random);
    const std::string spaceId = random.newId();
    const std::string memberId = random.newId();
    const std::string ritualId = random.newId();
    const Mutation ritual = ritualUpsert(spaceId, memberId);
    const Mutation occurrence = occurrenceUpsert(spaceId, ritualId, memberId);

    std::vector<Mutation> batch(n);
    std::uint64_t k = 0;
    for (auto _ : state) {
        // Copying a prepared mutation and giving it a new id costs well under 1% of apply().
        for (auto &m : batch) {
            if (k % 10 == 0) {
                m = ritual;
                m.id = hex16(k);
            } else {
                m = occurrence;
                const std::string start = localStartFor(k);
                m.id = ritualId + "@" + start;
                m.fields["localStart"] = start;
            }
            ++k;
        }
        benchmark::DoNotOptimize(store.apply(batch));
        clock.advance(1);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.counters["rows_in_store"] = static_cast<double>(k);
}
BENCHMARK(BM_Apply)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

// ---------------------------------------------------------------------------------------------
// (b) Remote merge against raw SQLite.

constexpr std::size_t kRemoteChanges = 10'000;

/// One occurrence row as plain values: what the raw side binds.
struct Row {
    std::string id, scope, spaceId, ritualId, localStart, status, note, actor;
    std::int64_t cl = 1, rating = 0, at = 0;
};

struct RemoteBatch {
    std::vector<Change> changes;
    std::vector<Row> rows;
};

/// 10,000 occurrence changes as sync delivers them: each a new row with 8 fields and its causal
/// length, distinct ids, stamps alternating between the two partners' devices.
const RemoteBatch &remoteBatch()
{
    static const RemoteBatch batch = [] {
        RemoteBatch b;
        SeededRandom random(2);
        const std::string spaceId = random.newId();
        const std::string devices[2] = {random.newId(), random.newId()};
        const std::string members[2] = {random.newId(), random.newId()};
        std::vector<std::string> rituals;
        for (int i = 0; i < 8; ++i)
            rituals.push_back(random.newId());
        const char *notes[] = {"", "", "", "Short but sweet.",
                               "Felt close even with the ocean in between."};

        const Millis first = kNow - 5 * 365 * kDay;
        for (std::size_t i = 0; i < kRemoteChanges; ++i) {
            const std::size_t who = i % 2;
            Row r;
            r.ritualId = rituals[i % 8];
            r.localStart = localStartFor(i);
            r.id = r.ritualId + "@" + r.localStart;
            r.scope = "couple";
            r.spaceId = spaceId;
            r.status = i % 16 == 5 ? "skipped" : "done";
            r.note = notes[i % 5];
            r.rating = 1 + static_cast<std::int64_t>(i % 5);
            r.actor = members[who];
            r.at = first + static_cast<Millis>(i) * 4 * 3600'000;

            Change c;
            c.stamp = Stamp{r.at, static_cast<std::uint32_t>(i % 3), devices[who]};
            c.entity = "occurrence";
            c.id = r.id;
            c.scope = r.scope;
            c.fields = json{{"_cl", r.cl},           {"spaceId", r.spaceId},
                            {"ritualId", r.ritualId}, {"localStart", r.localStart},
                            {"status", r.status},     {"note", r.note},
                            {"rating", r.rating},     {"actor", r.actor},
                            {"at", r.at}};
            c.receivedMs = r.at + 1500;
            b.changes.push_back(std::move(c));
            b.rows.push_back(std::move(r));
        }
        return b;
    }();
    return batch;
}

/// Wall-clock and CPU seconds of one side: under load from other processes the CPU time is the
/// steadier figure, the wall time the one a user waits for (it includes the checkpoint's fsync).
struct Span {
    double wall = 0;
    double cpu = 0;
};

class SpanTimer {
public:
    SpanTimer() : m_wall(std::chrono::steady_clock::now()), m_cpu(cpuNow()) {}
    [[nodiscard]] Span elapsed() const
    {
        return {std::chrono::duration<double>(std::chrono::steady_clock::now() - m_wall).count(),
                cpuNow() - m_cpu};
    }

private:
    static double cpuNow()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    }
    std::chrono::steady_clock::time_point m_wall;
    double m_cpu;
};

void check(int rc, sqlite3 *db, const char *doing)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(std::string(doing) + ": " + sqlite3_errmsg(db));
}

/// Raw SQLite: the rows into a fresh file whose occurrence table has the store's own schema
/// (migration 2, with its index), same pragmas, one prepared statement, one transaction.
/// Returns the time spent on the inserts and the commit.
Span rawInsert(const fs::path &file, const std::vector<Row> &rows)
{
    sqlite3 *db = nullptr;
    check(sqlite3_open_v2(file.c_str(), &db,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr),
          db, "open");
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(db, &sqlite3_close);
    for (const Migration &m : migrations())
        if (m.version == 2)
            check(sqlite3_exec(db, std::string(m.sql).c_str(), nullptr, nullptr, nullptr), db,
                  "schema");
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                           "PRAGMA foreign_keys = ON;",
                       nullptr, nullptr, nullptr),
          db, "pragmas");

    const SpanTimer timer;
    sqlite3_stmt *st = nullptr;
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO occurrence (id, scope, cl, spaceId, ritualId, localStart, "
                             "status, note, rating, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                             "?8, ?9, ?10, ?11)",
                             -1, &st, nullptr),
          db, "prepare");
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stGuard(st, &sqlite3_finalize);
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
    auto text = [st](int i, const std::string &s) {
        sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    };
    for (const Row &r : rows) {
        text(1, r.id);
        text(2, r.scope);
        sqlite3_bind_int64(st, 3, r.cl);
        text(4, r.spaceId);
        text(5, r.ritualId);
        text(6, r.localStart);
        text(7, r.status);
        text(8, r.note);
        sqlite3_bind_int64(st, 9, r.rating);
        text(10, r.actor);
        sqlite3_bind_int64(st, 11, r.at);
        check(sqlite3_step(st), db, "insert");
        sqlite3_reset(st);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    return timer.elapsed();
}

/// Store::merge of the batch into a fresh profile file; the time spent in merge().
Span storeMerge(const fs::path &file, const std::vector<Change> &changes)
{
    ManualClock clock(kNow);
    SeededRandom random(3);
    Store store(file, clock, random);
    const SpanTimer timer;
    const std::size_t applied = store.merge(changes);
    const Span spent = timer.elapsed();
    if (applied != changes.size())
        throw std::runtime_error("merge applied " + std::to_string(applied) + " of "
                                 + std::to_string(changes.size()) + " changes");
    return spent;
}

/// Both sides in every iteration, alternating which goes first, so they share the machine's
/// state; the reported time is the merge's.
void BM_MergeVsRaw(benchmark::State &state)
{
    const RemoteBatch &batch = remoteBatch();
    TempDir dir;
    const fs::path mergeFile = dir.path() / "merge.db";
    const fs::path rawFile = dir.path() / "raw.db";
    Span merged;
    Span raw;
    bool mergeFirst = true;
    for (auto _ : state) {
        removeDatabase(mergeFile);
        removeDatabase(rawFile);
        Span m;
        Span r;
        if (mergeFirst) {
            m = storeMerge(mergeFile, batch.changes);
            r = rawInsert(rawFile, batch.rows);
        } else {
            r = rawInsert(rawFile, batch.rows);
            m = storeMerge(mergeFile, batch.changes);
        }
        mergeFirst = !mergeFirst;
        merged.wall += m.wall;
        merged.cpu += m.cpu;
        raw.wall += r.wall;
        raw.cpu += r.cpu;
        state.SetIterationTime(m.wall);
    }
    const double rows = static_cast<double>(batch.rows.size() * state.iterations());
    state.SetItemsProcessed(static_cast<std::int64_t>(rows));
    state.counters["merge_rate"] = rows / merged.wall;
    state.counters["raw_rate"] = rows / raw.wall;
    state.counters["ratio"] = raw.wall / merged.wall;
    state.counters["ratio_cpu"] = raw.cpu / merged.cpu;
    state.counters["changes"] = static_cast<double>(batch.changes.size());
}
BENCHMARK(BM_MergeVsRaw)->UseManualTime()->Iterations(10)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------------------------------------
// (c) Queries on a 5-year profile.

/// A profile filled once by fillBenchmark (5 years, ~10,000 occurrence records), on a file.
class FiveYears {
public:
    /// `reopen`: close the connection that wrote the history and open the file again, as the
    /// app finds it at start-up; otherwise keep querying on the writing connection, as the app
    /// does late in a long session.
    explicit FiveYears(bool reopen) : m_random(5)
    {
        const fs::path file = m_dir.path() / "profile.db";
        m_store = std::make_unique<Store>(file, m_clock, m_random);
        m_book = std::make_unique<RitualBook>(*m_store);
        const auto started = std::chrono::steady_clock::now();
        fillBenchmark(*m_book, content(), kNow, 5, 5, &m_clock);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::error_code ec;
        const auto wal = fs::file_size(file.string() + "-wal", ec);
        if (reopen) {
            m_book.reset();
            m_store.reset();
            m_store = std::make_unique<Store>(file, m_clock, m_random);
            m_book = std::make_unique<RitualBook>(*m_store);
        }
        m_records = m_store->db().queryInt("SELECT count(*) FROM occurrence").value_or(0);
        m_zone = m_book->profile().me.timeZone;
        std::fprintf(stderr,
                     "5-year profile: %lld occurrence records, made in %.1f s, WAL %.1f MB after "
                     "the fill%s\n",
                     static_cast<long long>(m_records), seconds,
                     ec ? 0.0 : static_cast<double>(wal) / 1e6, reopen ? ", reopened" : "");
    }

    [[nodiscard]] RitualBook &book() { return *m_book; }
    [[nodiscard]] const fs::path &file() const { return m_store->db().path(); }
    [[nodiscard]] Millis now() const { return m_clock.nowMs(); }
    [[nodiscard]] const std::string &zone() const { return m_zone; }
    [[nodiscard]] std::int64_t records() const { return m_records; }

private:
    TempDir m_dir;
    ManualClock m_clock{kNow};
    SeededRandom m_random;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RitualBook> m_book;
    std::int64_t m_records = 0;
    std::string m_zone;
};

/// The 5-year profile as the app opens it.
FiveYears &opened()
{
    static FiveYears profile(true);
    return profile;
}

/// The 5-year profile still on the connection that wrote its ~10,000 changes.
FiveYears &inSession()
{
    static FiveYears profile(false);
    return profile;
}

void today(benchmark::State &state, FiveYears &p)
{
    std::size_t items = 0;
    for (auto _ : state) {
        const Millis from = startOfLocalDay(p.now(), p.zone());
        auto agenda = p.book().agenda(from, from + 8 * kDay);
        items = agenda.size();
        benchmark::DoNotOptimize(agenda);
    }
    state.counters["items"] = static_cast<double>(items);
    state.counters["records"] = static_cast<double>(p.records());
}

/// Today: the occurrences of the next 8 days, from the start of the local day (target < 2 ms).
void BM_Today(benchmark::State &state)
{
    today(state, opened());
}
BENCHMARK(BM_Today)->Unit(benchmark::kMicrosecond);

/// The same query late in a session, on the connection that wrote the history.
void BM_TodayInSession(benchmark::State &state)
{
    today(state, inSession());
}
BENCHMARK(BM_TodayInSession)->Unit(benchmark::kMicrosecond);

/// The Rituals page: every ritual with its consistency over the last 10 periods.
void BM_RitualsList(benchmark::State &state)
{
    FiveYears &p = opened();
    std::size_t rituals = 0;
    for (auto _ : state) {
        const auto list = p.book().rituals(false);
        rituals = list.size();
        for (const Ritual &r : list)
            benchmark::DoNotOptimize(p.book().consistency(r.id, p.now()));
    }
    state.counters["rituals"] = static_cast<double>(rituals);
}
BENCHMARK(BM_RitualsList)->Unit(benchmark::kMicrosecond);

/// Opening the 5-year profile as the app does at start-up (header and integrity checks,
/// migration check, pragmas, device id and clock).
void BM_OpenProfile(benchmark::State &state)
{
    const fs::path file = opened().file();
    for (auto _ : state) {
        ManualClock clock(kNow);
        SeededRandom random(6);
        Store store(file, clock, random);
        benchmark::DoNotOptimize(store.deviceId());
    }
}
BENCHMARK(BM_OpenProfile)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
