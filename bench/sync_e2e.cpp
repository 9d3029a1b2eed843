// sync_e2e: changes from device A through a real hearth-server on loopback to device B
// (DESIGN.md, "What good looks like in numbers": 10,000 changes under 1 s end to end).
//
//   sync_e2e [--changes N] [--rounds R] [--runs K] [--scenario batch|rounds|both] [--server PATH]
//
// Two profiles in a temporary folder are paired as people pair them (createProfile, then
// SyncClient createSpace / invite / join over CurlTransport), against hearth-server started
// here with --port 0 and a rate limit high enough never to bite. Then, per run, on fresh
// profiles and a fresh server:
//
//   one batch   A writes N occurrence records in one Store::apply (not timed with the rest),
//               then A push() and B pull() are timed, each and together.
//   rounds      the same N changes as R batches of N/R, as if typed over time: each batch is
//               applied on A, then pushed by A and pulled by B; the push and pull times summed.
//
// Bytes are the request and response bodies the clients' transports carried (HTTP headers, some
// 200 bytes a request each way, are not counted). The figure of a scenario is the median of its
// runs; each run is printed too.
#include "benchsupport.h"

#include "clock.h"
#include "curltransport.h"
#include "ritualbook.h"
#include "store.h"
#include "syncclient.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#ifndef HEARTH_SERVER_BIN
#define HEARTH_SERVER_BIN "hearth-server"
#endif

using namespace hearth;
using namespace hearth::bench;
using nlohmann::json;

namespace {

struct Options {
    int changes = 10'000;
    int rounds = 100;
    int runs = 3;
    std::string scenario = "both"; ///< "batch", "rounds" or "both"
    std::string server = HEARTH_SERVER_BIN;
};

/// One device: its profile, its HTTP connection (counted) and its sync client.
struct Device {
    Device(const fs::path &dir, const std::string &url)
        : store(dir / "profile.db", clock, random), curl(url), counted(curl), client(store, counted)
    {
    }
    SystemClock clock;
    SystemRandom random;
    Store store;
    sync::CurlTransport curl;
    CountingTransport counted;
    sync::SyncClient client;
};

/// A believable local start for the k-th occurrence: eight a day, from 2020 on (distinct per k).
std::string localStartFor(int k)
{
    const int day = k / 8;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", 2020 + day / 336, 1 + day / 28 % 12,
                  1 + day % 28, 7 + k % 8 * 2, k % 4 * 15);
    return buf;
}

/// Done/skipped records of eight rituals with notes of everyday length (0 to ~120 bytes).
std::vector<Mutation> occurrences(const Profile &p, const std::vector<std::string> &rituals, int from,
                                  int count)
{
    static const char *notes[] = {"", "", "Short but sweet.", "We laughed about the burnt toast.",
                                  "Felt close even with the ocean in between; we talked about the "
                                  "move and what each of us needs next month."};
    std::vector<Mutation> batch;
    batch.reserve(static_cast<std::size_t>(count));
    for (int k = from; k < from + count; ++k) {
        const std::string &ritual = rituals[static_cast<std::size_t>(k) % rituals.size()];
        const std::string start = localStartFor(k);
        const bool skipped = k % 16 == 5;
        batch.push_back({Mutation::Kind::Upsert, "occurrence", ritual + "@" + start, "couple",
                         {{"spaceId", p.space.id},
                          {"ritualId", ritual},
                          {"localStart", start},
                          {"status", skipped ? "skipped" : "done"},
                          {"note", skipped ? "" : notes[k % 5]},
                          {"rating", skipped ? 0 : 1 + k % 5},
                          {"reason", skipped ? "Travelling" : ""},
                          {"actor", p.me.id},
                          {"at", 1'717'236'000'000 + static_cast<std::int64_t>(k) * 3'600'000}}});
    }
    return batch;
}

/// A paired couple on a fresh server, with eight rituals already synced to both.
struct Couple {
    explicit Couple(const Options &o)
        : server(o.server, tmp.path() / "server", {"--rate", "1000000"}),
          a(tmp.path() / "a", server.url()), b(tmp.path() / "b", server.url())
    {
        RitualBook bookA(a.store);
        RitualBook bookB(b.store);
        (void)bookA.createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
        (void)bookB.createProfile({"Jonas", "America/Toronto", "Maya", "Europe/Lisbon"});
        a.client.createSpace(server.url(), "Maya's laptop");
        b.client.join(server.url(), a.client.invite("partner"), "Jonas' phone");
        (void)a.client.sync();
        profile = bookA.profile();
        std::vector<Mutation> made;
        for (int i = 0; i < 8; ++i) {
            rituals.push_back(a.store.newId());
            made.push_back({Mutation::Kind::Upsert, "ritual", rituals.back(), "couple",
                            {{"spaceId", profile.space.id},
                             {"kind", "check-in"},
                             {"title", "Weekly check-in " + std::to_string(i)},
                             {"purpose", "A regular, calm place to say what went well."},
                             {"rrule", "FREQ=WEEKLY;BYDAY=SU"},
                             {"startLocal", "2024-01-07T20:00"},
                             {"timeZone", "Europe/Lisbon"},
                             {"durationMinutes", 30},
                             {"status", "active"},
                             {"createdBy", profile.me.id}}});
        }
        a.store.apply(made);
        (void)a.client.push();
        (void)b.client.pull();
        a.counted.reset();
        b.counted.reset();
    }

    TempDir tmp;
    ServerProcess server;
    Device a;
    Device b;
    Profile profile;
    std::vector<std::string> rituals;
};

struct Figures {
    double apply = 0; ///< writing the changes on A (not part of the end-to-end time)
    double push = 0;
    double pull = 0;
    double clientCpu = 0; ///< CPU seconds of both clients (this process) in push and pull
    double serverCpu = 0; ///< CPU seconds of hearth-server in push and pull
    std::size_t pushed = 0, pulled = 0, merged = 0;
    std::size_t pushRequests = 0, pullRequests = 0;
    std::size_t pushUp = 0, pushDown = 0, pullUp = 0, pullDown = 0;
    std::size_t plaintext = 0; ///< bytes of the changes' JSON, as sealed (before padding)

    [[nodiscard]] double total() const { return push + pull; }
};

void syncOnce(Couple &c, Figures &f)
{
    const double client0 = selfCpuSeconds();
    const double server0 = processCpuSeconds(c.server.pid());
    Stopwatch push;
    f.pushed += c.a.client.push();
    f.push += push.seconds();
    Stopwatch pull;
    const sync::SyncReport r = c.b.client.pull();
    f.pull += pull.seconds();
    f.pulled += r.pulled;
    f.merged += r.merged;
    f.clientCpu += selfCpuSeconds() - client0;
    f.serverCpu += processCpuSeconds(c.server.pid()) - server0;
}

Figures run(const Options &o, int rounds)
{
    Couple c(o);
    Figures f;
    const int per = o.changes / rounds;
    for (int i = 0; i < rounds; ++i) {
        const auto batch = occurrences(c.profile, c.rituals, i * per, per);
        Stopwatch apply;
        c.a.store.apply(batch);
        f.apply += apply.seconds();
        syncOnce(c, f);
        f.pushRequests = c.a.counted.requests;
        f.pushUp = c.a.counted.sent;
        f.pushDown = c.a.counted.received;
        f.pullRequests = c.b.counted.requests;
        f.pullUp = c.b.counted.sent;
        f.pullDown = c.b.counted.received;
    }
    for (const auto &entry : c.a.store.changeLog(0, 1'000'000))
        if (entry.second.entity == "occurrence")
            f.plaintext += json(entry.second).dump().size();
    const auto expected = static_cast<std::size_t>(per * rounds);
    if (f.pushed != expected || f.pulled != expected || f.merged != expected)
        throw std::runtime_error("expected " + std::to_string(expected) + " changes each way, A pushed "
                                 + std::to_string(f.pushed) + ", B pulled " + std::to_string(f.pulled)
                                 + " and merged " + std::to_string(f.merged));
    const std::string last = c.rituals[static_cast<std::size_t>(expected - 1) % c.rituals.size()] + "@"
                             + localStartFor(static_cast<int>(expected) - 1);
    if (!c.b.store.row("occurrence", last))
        throw std::runtime_error("B does not hold the last change after the pull");
    return f;
}

std::string kb(std::size_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
    return buf;
}

void print(const char *label, const Figures &f, std::size_t n)
{
    const double perSecond = static_cast<double>(n) / f.total();
    std::printf("%-12s %6zu changes  end to end %7.1f ms  (push %6.1f ms, pull %6.1f ms)  "
                "%8.0f changes/s  CPU: clients %6.1f ms, server %6.1f ms  [apply on A %6.1f ms]\n",
                label, n, f.total() * 1e3, f.push * 1e3, f.pull * 1e3, perSecond, f.clientCpu * 1e3,
                f.serverCpu * 1e3, f.apply * 1e3);
}

void printBytes(const char *label, const Figures &f, std::size_t n)
{
    const std::size_t total = f.pushUp + f.pushDown + f.pullUp + f.pullDown;
    std::printf("%-12s wire bodies: push %zu requests, up %s, down %s; pull %zu requests, up %s, "
                "down %s; total %s = %.0f bytes/change (change JSON %.0f bytes/change)\n",
                label, f.pushRequests, kb(f.pushUp).c_str(), kb(f.pushDown).c_str(), f.pullRequests,
                kb(f.pullUp).c_str(), kb(f.pullDown).c_str(), kb(total).c_str(),
                static_cast<double>(total) / static_cast<double>(n),
                static_cast<double>(f.plaintext) / static_cast<double>(n));
}

Figures median(std::vector<Figures> all)
{
    std::sort(all.begin(), all.end(), [](const Figures &x, const Figures &y) { return x.total() < y.total(); });
    return all[all.size() / 2];
}

int usage()
{
    std::cerr << "usage: sync_e2e [--changes N] [--rounds R] [--runs K] [--scenario batch|rounds|both] "
                 "[--server PATH]\n";
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc)
            return usage();
        const std::string value = argv[++i];
        if (flag == "--changes")
            o.changes = std::stoi(value);
        else if (flag == "--rounds")
            o.rounds = std::stoi(value);
        else if (flag == "--runs")
            o.runs = std::stoi(value);
        else if (flag == "--scenario")
            o.scenario = value;
        else if (flag == "--server")
            o.server = value;
        else
            return usage();
    }
    if (o.changes < 1 || o.rounds < 1 || o.runs < 1 || o.changes % o.rounds != 0)
        return usage();

    try {
        const auto n = static_cast<std::size_t>(o.changes);
        std::printf("sync_e2e: %d changes A -> hearth-server (loopback) -> B, %d runs each, median "
                    "printed last; target < 1000 ms end to end, and 10x the peers (PouchDB 3.7k docs/s, Automerge 3.1k changes/s): under about 300 ms\n",
                    o.changes, o.runs);
        std::vector<Figures> single, rounds;
        const bool batch = o.scenario != "rounds", inRounds = o.scenario != "batch";
        for (int r = 0; batch && r < o.runs; ++r) {
            single.push_back(run(o, 1));
            print("  one batch", single.back(), n);
        }
        for (int r = 0; inRounds && r < o.runs; ++r) {
            rounds.push_back(run(o, o.rounds));
            print("  rounds", rounds.back(), n);
        }
        const std::string roundsLabel = std::to_string(o.rounds) + "x" + std::to_string(o.changes / o.rounds);
        if (batch) {
            print("one batch", median(single), n);
            printBytes("one batch", median(single), n);
        }
        if (inRounds) {
            print(roundsLabel.c_str(), median(rounds), n);
            printBytes(roundsLabel.c_str(), median(rounds), n);
        }
    } catch (const std::exception &e) {
        std::cerr << "sync_e2e: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
