// server_ingest: how many envelopes per second hearth-server stores when devices push in batches
// (DESIGN.md target: 100,000+/s), at three depths so that the cost of each layer shows:
//
//   http      the real hearth-server process on loopback, pushes over keep-alive HTTP (libcurl,
//             one connection per client thread), request bodies built beforehand
//   service   SyncService::handle with the same bodies, in this process (JSON, validation,
//             authentication, rate limit, storage; no network)
//   storage   SqliteStorage::appendEnvelopes with the envelopes already decoded (SQLite only)
//
//   server_ingest [--envelopes N] [--per-push P] [--clients C] [--runs K] [--server PATH]
//
// Defaults: 100,000 envelopes in pushes of 500 (the server's default limit per push), 1 client,
// 3 runs (the median printed). Each envelope is sealed beforehand from 200 bytes of plaintext,
// padded to 256: 272 bytes of ciphertext, about 470 bytes of JSON. Every depth starts from an
// empty data folder.
#include "benchsupport.h"

#include "curltransport.h"
#include "envelope.h"
#include "service.h"
#include "sqlite_storage.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#ifndef HEARTH_SERVER_BIN
#define HEARTH_SERVER_BIN "hearth-server"
#endif

using namespace hearth;
using namespace hearth::bench;
using nlohmann::json;

namespace {

constexpr const char *kSpace = "5ace5ace5ace5ace";
constexpr const char *kDevice = "a1a1a1a1a1a1a1a1";
constexpr const char *kMember = "a0a0a0a0a0a0a0a0";
constexpr std::int64_t kNow = 1'760'000'000'000;

struct Options {
    int envelopes = 100'000;
    int perPush = 500;
    int clients = 1;
    int runs = 3;
    std::string server = HEARTH_SERVER_BIN;
};

struct Workload {
    std::vector<std::vector<sync::Envelope>> batches;
    std::vector<std::string> bodies;
    std::size_t envelopeJsonBytes = 0;
    std::size_t ciphertextBytes = 0;
};

Workload makeWorkload(const Options &o)
{
    Workload w;
    const sync::ContentKey key = sync::ContentKey::generate("couple", 1);
    const std::string plaintext(200, 'x');
    std::uint64_t seq = 0;
    for (int sent = 0; sent < o.envelopes; sent += o.perPush) {
        std::vector<sync::Envelope> batch;
        json items = json::array();
        for (int i = 0; i < std::min(o.perPush, o.envelopes - sent); ++i) {
            ++seq;
            const sync::EnvelopeHeader header{sync::newEnvelopeId(), kSpace, "couple", kDevice, seq, 1};
            batch.push_back(sync::seal(header, plaintext, key));
            items.push_back(batch.back());
            w.envelopeJsonBytes += items.back().dump().size();
            w.ciphertextBytes += batch.back().ciphertext.size();
        }
        w.bodies.push_back(json{{"envelopes", std::move(items)}}.dump());
        w.batches.push_back(std::move(batch));
    }
    return w;
}

std::string createSpaceBody()
{
    return json{{"space", kSpace},
                {"device",
                 {{"id", kDevice},
                  {"member", kMember},
                  {"public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                  {"name", "ingest"}}}}
        .dump();
}

/// The stored count of a push's answer; throws unless it is a 200 storing them all.
std::size_t storedIn(const sync::HttpResponse &r, std::size_t expected)
{
    if (r.status != 200)
        throw std::runtime_error("a push answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
    std::size_t stored = 0;
    const json answer = json::parse(r.body);
    for (const json &item : answer.at("results"))
        stored += item.at("stored").get<bool>() ? 1 : 0;
    if (stored != expected)
        throw std::runtime_error("a push stored " + std::to_string(stored) + " of " + std::to_string(expected)
                                 + ": " + r.body.substr(0, 200));
    return stored;
}

struct Result {
    double seconds = 0;
    double serverCpu = -1; ///< hearth-server's CPU seconds (http depth only)
    std::size_t stored = 0;
};

Result overHttp(const Options &o, const Workload &w)
{
    TempDir tmp;
    ServerProcess server(o.server, tmp.path() / "data", {"--rate", "1000000", "--max-envelopes-per-push",
                                                          std::to_string(o.perPush)});
    std::string token;
    {
        sync::CurlTransport setup(server.url());
        const auto r = setup.send({"POST", "/v1/spaces", "", "application/json", createSpaceBody(), ""});
        if (r.status != 201)
            throw std::runtime_error("creating the space answered " + std::to_string(r.status) + ": " + r.body);
        token = json::parse(r.body).at("token").get<std::string>();
    }
    const std::string target = std::string("/v1/spaces/") + kSpace + "/envelopes";
    std::vector<std::unique_ptr<sync::CurlTransport>> transports;
    for (int c = 0; c < o.clients; ++c) {
        transports.push_back(std::make_unique<sync::CurlTransport>(server.url()));
        (void)transports.back()->send({"GET", "/healthz", "", "", "", ""}); // connect beforehand
    }
    std::atomic<std::size_t> next = 0, stored = 0;
    std::exception_ptr failure;
    std::mutex failureMutex;
    const double cpu0 = processCpuSeconds(server.pid());
    Stopwatch clock;
    std::vector<std::thread> threads;
    for (int c = 0; c < o.clients; ++c) {
        threads.emplace_back([&, c] {
            try {
                for (std::size_t i = next++; i < w.bodies.size(); i = next++) {
                    const auto r = transports[static_cast<std::size_t>(c)]->send(
                        {"POST", target, token, "application/json", w.bodies[i], ""});
                    stored += storedIn(r, w.batches[i].size());
                }
            } catch (...) {
                const std::lock_guard lock(failureMutex);
                failure = std::current_exception();
            }
        });
    }
    for (auto &t : threads)
        t.join();
    Result result{clock.seconds(), processCpuSeconds(server.pid()) - cpu0, stored};
    if (failure)
        std::rethrow_exception(failure);
    return result;
}

Result throughService(const Options &o, const Workload &w)
{
    TempDir tmp;
    server::SqliteStorage storage(tmp.path());
    server::ServiceConfig config;
    config.ratePerSecond = 1e9;
    config.rateBurst = 1e9;
    config.maxEnvelopesPerPush = static_cast<std::size_t>(o.perPush);
    server::SyncService service(storage, config, [](std::string_view) {});
    const auto created = service.handle({"POST", "/v1/spaces", "", "application/json", createSpaceBody(), "127.0.0.1"}, kNow);
    if (created.response.status != 201)
        throw std::runtime_error("creating the space answered " + std::to_string(created.response.status));
    const std::string token = json::parse(created.response.body).at("token").get<std::string>();
    const std::string target = std::string("/v1/spaces/") + kSpace + "/envelopes";
    Result result;
    Stopwatch clock;
    for (std::size_t i = 0; i < w.bodies.size(); ++i) {
        const auto h = service.handle({"POST", target, token, "application/json", w.bodies[i], "127.0.0.1"},
                                      kNow + static_cast<std::int64_t>(i));
        result.stored += storedIn(h.response, w.batches[i].size());
    }
    result.seconds = clock.seconds();
    return result;
}

Result storageOnly(const Workload &w)
{
    TempDir tmp;
    server::SqliteStorage storage(tmp.path());
    server::DeviceRecord d;
    d.spaceId = kSpace;
    d.id = kDevice;
    d.memberId = kMember;
    d.publicKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    d.name = "ingest";
    d.role = "partner";
    d.tokenHash = std::string(64, 'a');
    d.createdMs = d.lastSeenMs = kNow;
    if (storage.createSpace(d) != server::ServerStorage::CreateStatus::Created)
        throw std::runtime_error("could not create the space in storage");
    Result result;
    Stopwatch clock;
    for (std::size_t i = 0; i < w.batches.size(); ++i)
        for (const auto &r : storage.appendEnvelopes(kSpace, kMember, w.batches[i], kNow + static_cast<std::int64_t>(i)))
            result.stored += r.stored ? 1 : 0;
    result.seconds = clock.seconds();
    return result;
}

void print(const char *label, std::vector<Result> runs, std::size_t expected)
{
    for (const Result &r : runs)
        if (r.stored != expected)
            throw std::runtime_error(std::string(label) + ": stored " + std::to_string(r.stored) + " of "
                                     + std::to_string(expected));
    std::sort(runs.begin(), runs.end(), [](const Result &a, const Result &b) { return a.seconds < b.seconds; });
    const Result &m = runs[runs.size() / 2];
    std::printf("%-8s %7zu envelopes in %7.1f ms = %9.0f envelopes/s (median of %zu; best %.0f/s)", label,
                m.stored, m.seconds * 1e3, static_cast<double>(m.stored) / m.seconds, runs.size(),
                static_cast<double>(runs.front().stored) / runs.front().seconds);
    if (m.serverCpu >= 0)
        std::printf("  server CPU %.0f ms", m.serverCpu * 1e3);
    std::printf("\n");
}

int usage()
{
    std::cerr << "usage: server_ingest [--envelopes N] [--per-push P] [--clients C] [--runs K] [--server PATH]\n";
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
        if (flag == "--envelopes")
            o.envelopes = std::stoi(value);
        else if (flag == "--per-push")
            o.perPush = std::stoi(value);
        else if (flag == "--clients")
            o.clients = std::stoi(value);
        else if (flag == "--runs")
            o.runs = std::stoi(value);
        else if (flag == "--server")
            o.server = value;
        else
            return usage();
    }
    if (o.envelopes < 1 || o.perPush < 1 || o.clients < 1 || o.runs < 1)
        return usage();
    try {
        const Workload w = makeWorkload(o);
        const auto n = static_cast<std::size_t>(o.envelopes);
        std::printf("server_ingest: %d envelopes in %zu pushes of up to %d, %d client(s); %.0f bytes of "
                    "ciphertext, %.0f bytes of JSON per envelope; target 100,000+/s\n",
                    o.envelopes, w.bodies.size(), o.perPush, o.clients,
                    static_cast<double>(w.ciphertextBytes) / static_cast<double>(n),
                    static_cast<double>(w.envelopeJsonBytes) / static_cast<double>(n));
        std::vector<Result> http, service, storage;
        for (int r = 0; r < o.runs; ++r) {
            http.push_back(overHttp(o, w));
            service.push_back(throughService(o, w));
            storage.push_back(storageOnly(w));
        }
        print("http", http, n);
        print("service", service, n);
        print("storage", storage, n);
    } catch (const std::exception &e) {
        std::cerr << "server_ingest: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
