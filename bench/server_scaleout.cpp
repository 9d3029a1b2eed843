// server_scaleout: one load, the same for every storage and number of hearth-server processes, so
// that SQLite, PostgreSQL behind one process and PostgreSQL behind two can be set side by side
// (bench/scaleout.sh starts the servers and prints the table). Three phases:
//
//   ingest  many spaces pushing at once: C keep-alive connections, each owning every C-th space
//           and pushing its spaces' batches in turn (one space's pushes one after another, as one
//           device sends them; different spaces at the same time); envelopes/s stored and
//           acknowledged, and each push's latency
//   pull    each space's device catching up from cursor 0 in pages, on the same C connections;
//           with two servers every connection pulls from the other server than it pushed to, so
//           every envelope read was written through the other process; envelopes/s and each
//           page's latency
//   idle    every space's device long-polling a quiet space with wait=1 for D seconds, each on
//           a connection of its own (spread over the servers): cycles/s, and each cycle's time
//           beyond its 1 s wait (queueing shows there); a device idle with wait=30 costs the
//           same per cycle, 30 times less often
//   wake    a long poll held on the last server, a push of one envelope to the first: from
//           sending the push to the poll's answer, W times (one process: both on it)
//
//   server_scaleout --servers ADDR:PORT[,ADDR:PORT] [--spaces S] [--connections C]
//                   [--envelopes-per-space E] [--per-push P] [--pull-limit L]
//                   [--pull-rounds R] [--wakes W] [--idle-seconds D]
//
// Defaults: 256 spaces, 32 connections, 100 envelopes per space in pushes of 20, pages of 50,
// 3 pull rounds, 200 wakes, 8 idle seconds (0: no idle phase; the first 2 s are not counted).
//
// The servers must run with a --rate that never refuses (bench/scaleout.sh gives 1000000), on
// empty storage. Each envelope carries 272 bytes of (random) ciphertext, a small change sealed
// and padded to 256 bytes, about 470 bytes of JSON. Request bodies are made before the clock
// starts. The client is one thread of Asio coroutines; it prints its own CPU time, since on a
// small machine it competes with the servers for the same cores.
//
// The last line is "RESULT key=value ...", for the script.
#include "benchsupport.h"

#include "encoding.h"
#include "envelope.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace hearth::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::vector<tcp::endpoint> servers;
    int spaces = 256;
    int connections = 32;
    int envelopesPerSpace = 100;
    int perPush = 20;
    int pullLimit = 50;
    int pullRounds = 3;
    int wakes = 200;
    int idleSeconds = 8;
};

std::string hex16(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

double msSince(Clock::time_point start, Clock::time_point end)
{
    return std::chrono::duration<double, std::milli>(end - start).count();
}

/// One keep-alive connection to one server, used by one coroutine at a time.
class Connection {
public:
    Connection(asio::io_context &io, tcp::endpoint endpoint) : m_stream(io), m_endpoint(endpoint) {}

    asio::awaitable<http::response<http::string_body>> send(http::verb verb, const std::string &target,
                                                            const std::string &token = {},
                                                            const std::string &body = {})
    {
        if (!m_connected) {
            m_stream.expires_after(std::chrono::seconds(10));
            co_await m_stream.async_connect(m_endpoint, asio::use_awaitable);
            m_connected = true;
        }
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!token.empty())
            req.set(http::field::authorization, "Bearer " + token);
        if (!body.empty()) {
            req.set(http::field::content_type, "application/json");
            req.body() = body;
        }
        req.prepare_payload();
        // A long poll waits up to 30 s before its answer.
        m_stream.expires_after(std::chrono::seconds(60));
        co_await http::async_write(m_stream, req, asio::use_awaitable);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        co_await http::async_read(m_stream, m_buffer, parser, asio::use_awaitable);
        co_return parser.release();
    }

private:
    beast::tcp_stream m_stream;
    tcp::endpoint m_endpoint;
    beast::flat_buffer m_buffer;
    bool m_connected = false;
};

struct Space {
    std::string id, device, member, token;
    std::vector<std::string> bodies; ///< its pushes, in order
    std::int64_t latest = 0;         ///< its newest cursor, once pulled
};

/// The bodies of every space's pushes: `perPush` envelopes each, ids beginning with the time as
/// the client makes them, random nonce and ciphertext.
void makeBodies(std::vector<Space> &spaces, const Options &o)
{
    std::mt19937_64 random(7);
    std::vector<unsigned char> nonce(24), ciphertext(272);
    for (Space &s : spaces) {
        std::uint64_t seq = 0;
        for (int sent = 0; sent < o.envelopesPerSpace; sent += o.perPush) {
            std::string body = "{\"envelopes\":[";
            for (int i = 0; i < std::min(o.perPush, o.envelopesPerSpace - sent); ++i) {
                for (auto &b : nonce)
                    b = static_cast<unsigned char>(random());
                for (auto &b : ciphertext)
                    b = static_cast<unsigned char>(random());
                if (i > 0)
                    body += ',';
                body += "{\"id\":\"" + hearth::sync::newEnvelopeId() + "\",\"space\":\"" + s.id
                        + "\",\"scope\":\"couple\",\"device\":\"" + s.device + "\",\"seq\":" + std::to_string(++seq)
                        + ",\"epoch\":1,\"nonce\":\"" + hearth::sync::toBase64(nonce.data(), nonce.size())
                        + "\",\"ciphertext\":\"" + hearth::sync::toBase64(ciphertext.data(), ciphertext.size())
                        + "\"}";
            }
            body += "]}";
            s.bodies.push_back(std::move(body));
        }
    }
}

std::size_t occurrences(const std::string &text, std::string_view what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

/// The whole number after `"key":` in a JSON body (the last occurrence), or -1.
std::int64_t numberAfter(const std::string &body, const std::string &key)
{
    const std::string needle = "\"" + key + "\":";
    const auto at = body.rfind(needle);
    if (at == std::string::npos)
        return -1;
    return std::strtoll(body.c_str() + at + needle.size(), nullptr, 10);
}

struct Samples {
    std::vector<double> ms;
    [[nodiscard]] double percentile(double q) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
        return sorted[std::min(sorted.size() - 1, rank > 0 ? rank - 1 : 0)];
    }
};

struct Tally {
    std::size_t envelopes = 0;
    Samples latency;
    std::string failure; ///< the first thing that went wrong
};

std::string describe(const http::response<http::string_body> &res)
{
    return "status " + std::to_string(res.result_int()) + ": " + res.body().substr(0, 200);
}

asio::awaitable<void> ingest(Connection &conn, std::vector<Space *> mine, Tally &t)
{
    try {
        const std::size_t rounds = mine.empty() ? 0 : mine.front()->bodies.size();
        for (std::size_t k = 0; k < rounds; ++k) {
            for (Space *s : mine) {
                const auto start = Clock::now();
                const auto res = co_await conn.send(http::verb::post, "/v1/spaces/" + s->id + "/envelopes",
                                                    s->token, s->bodies[k]);
                t.latency.ms.push_back(msSince(start, Clock::now()));
                if (res.result_int() != 200)
                    throw std::runtime_error("a push answered " + describe(res));
                t.envelopes += occurrences(res.body(), "\"stored\":true");
            }
        }
    } catch (const std::exception &e) {
        if (t.failure.empty())
            t.failure = std::string("ingest: ") + e.what();
    }
}

asio::awaitable<void> pull(Connection &conn, std::vector<Space *> mine, const Options &o, Tally &t)
{
    try {
        for (int round = 0; round < o.pullRounds; ++round) {
            for (Space *s : mine) {
                std::int64_t after = 0;
                std::size_t got = 0;
                for (bool more = true; more;) {
                    const std::string target = "/v1/spaces/" + s->id + "/envelopes?after=" + std::to_string(after)
                                               + "&limit=" + std::to_string(o.pullLimit);
                    const auto start = Clock::now();
                    const auto res = co_await conn.send(http::verb::get, target, s->token);
                    t.latency.ms.push_back(msSince(start, Clock::now()));
                    if (res.result_int() != 200)
                        throw std::runtime_error("a pull answered " + describe(res));
                    got += occurrences(res.body(), "\"cursor\":");
                    more = res.body().find("\"more\":true") != std::string::npos;
                    const std::int64_t next = numberAfter(res.body(), "next");
                    if (next < after)
                        throw std::runtime_error("a pull answered next " + std::to_string(next) + " after "
                                                 + std::to_string(after));
                    if (more && next == after)
                        throw std::runtime_error("a pull said more without moving on");
                    after = next;
                }
                s->latest = after;
                if (got != static_cast<std::size_t>(o.envelopesPerSpace))
                    throw std::runtime_error("space " + s->id + " caught up with " + std::to_string(got) + " of "
                                             + std::to_string(o.envelopesPerSpace) + " envelopes");
                t.envelopes += got;
            }
        }
    } catch (const std::exception &e) {
        if (t.failure.empty())
            t.failure = std::string("pull: ") + e.what();
    }
}

struct IdleTally {
    Clock::time_point from, to; ///< the window in which finished cycles are counted
    std::size_t cycles = 0;
    Samples overhead; ///< a cycle's time beyond the 1 s wait
    std::string failure;
};

/// One device's long poll with wait=1 on a space where nothing happens, again and again: each
/// cycle costs the server what an idle device's 30 s poll costs (token lookup, rate limit, the
/// newest cursor read before and after the wait, last_seen written once), 30 times as often.
asio::awaitable<void> idlePolls(Connection &conn, Space &s, Clock::time_point until, IdleTally &t)
{
    try {
        const std::string target = "/v1/spaces/" + s.id + "/envelopes?after=" + std::to_string(s.latest) + "&wait=1";
        while (Clock::now() < until) {
            const auto start = Clock::now();
            const auto res = co_await conn.send(http::verb::get, target, s.token);
            const auto end = Clock::now();
            if (res.result_int() != 200 || res.body().find("\"cursor\":") != std::string::npos)
                throw std::runtime_error("an idle poll answered " + describe(res));
            if (start >= t.from && end <= t.to) {
                ++t.cycles;
                t.overhead.ms.push_back(msSince(start, end) - 1000.0);
            }
        }
    } catch (const std::exception &e) {
        if (t.failure.empty())
            t.failure = std::string("idle: ") + e.what();
    }
}

struct WakeResult {
    Samples wake;   ///< sending the push to the poll's answer
    Samples pushed; ///< sending the push to its own answer
    int emptyAnswers = 0; ///< polls answered with an empty page, and asked again
    std::string failure;
};

asio::awaitable<long> longPollsOpen(Connection &metrics)
{
    const auto res = co_await metrics.send(http::verb::get, "/metrics");
    const std::string name = "\nhearth_long_polls_open ";
    const auto at = res.body().find(name);
    co_return at == std::string::npos ? -1 : std::strtol(res.body().c_str() + at + name.size(), nullptr, 10);
}

asio::awaitable<void> wakes(asio::io_context &io, const Options &o, Space &space, std::int64_t latest,
                            WakeResult &r)
{
    const tcp::endpoint pushTo = o.servers.front(), pollOn = o.servers.back();
    // The poller and each poll's state are shared with the poll's coroutine, which may outlive
    // this one when something fails.
    auto poller = std::make_shared<Connection>(io, pollOn);
    Connection pusher(io, pushTo), metrics(io, pollOn);
    std::mt19937_64 random(11);
    std::vector<unsigned char> nonce(24), ciphertext(272);
    try {
        // The space's newest cursor (cursors need not start at 0 nor be dense in a space: SQLite
        // numbers all spaces' envelopes in one sequence).
        for (bool more = true; more;) {
            const auto res = co_await pusher.send(
                http::verb::get, "/v1/spaces/" + space.id + "/envelopes?limit=1000&after=" + std::to_string(latest),
                space.token);
            if (res.result_int() != 200)
                throw std::runtime_error("a pull answered " + describe(res));
            more = res.body().find("\"more\":true") != std::string::npos;
            latest = numberAfter(res.body(), "next");
        }
        for (int i = 0; i < o.wakes; ++i) {
            struct Poll {
                explicit Poll(asio::io_context &io) : answered(io) {}
                asio::steady_timer answered; ///< cancelled when the poll has its answer
                Clock::time_point answeredAt{};
                std::string failure;
            };
            auto poll = std::make_shared<Poll>(io);
            poll->answered.expires_after(std::chrono::seconds(40));
            const std::string target =
                "/v1/spaces/" + space.id + "/envelopes?after=" + std::to_string(latest) + "&wait=30";
            // A poll may be answered with an empty page before the push (a wake meant for an
            // earlier push, or a listener's reconnect, wakes every poll): the client then asks
            // again, and so does this, until the page holds the envelope.
            asio::co_spawn(
                io,
                [poll, poller, target, token = space.token, &r]() -> asio::awaitable<void> {
                    try {
                        while (true) {
                            const auto res = co_await poller->send(http::verb::get, target, token);
                            if (res.result_int() != 200) {
                                poll->failure = "the poll answered " + describe(res);
                                break;
                            }
                            if (res.body().find("\"cursor\":") != std::string::npos) {
                                poll->answeredAt = Clock::now();
                                break;
                            }
                            ++r.emptyAnswers;
                        }
                    } catch (const std::exception &e) {
                        poll->failure = std::string("the poll failed: ") + e.what();
                    }
                    poll->answered.cancel();
                },
                asio::detached);
            // Held once the server counts it.
            asio::steady_timer pause(io);
            const auto giveUp = Clock::now() + std::chrono::seconds(10);
            while (co_await longPollsOpen(metrics) < 1) {
                if (poll->answeredAt != Clock::time_point{} || !poll->failure.empty())
                    throw std::runtime_error("the long poll ended before the push: " + poll->failure);
                if (Clock::now() > giveUp)
                    throw std::runtime_error("the long poll was not held within 10 s");
                pause.expires_after(std::chrono::milliseconds(1));
                co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            }
            for (auto &b : nonce)
                b = static_cast<unsigned char>(random());
            for (auto &b : ciphertext)
                b = static_cast<unsigned char>(random());
            const std::string body = "{\"envelopes\":[{\"id\":\"" + hearth::sync::newEnvelopeId() + "\",\"space\":\""
                                     + space.id + "\",\"scope\":\"couple\",\"device\":\"" + space.device
                                     + "\",\"seq\":" + std::to_string(1'000'000 + i) + ",\"epoch\":1,\"nonce\":\""
                                     + hearth::sync::toBase64(nonce.data(), nonce.size()) + "\",\"ciphertext\":\""
                                     + hearth::sync::toBase64(ciphertext.data(), ciphertext.size()) + "\"}]}";
            const auto start = Clock::now();
            const auto res = co_await pusher.send(http::verb::post, "/v1/spaces/" + space.id + "/envelopes",
                                                  space.token, body);
            r.pushed.ms.push_back(msSince(start, Clock::now()));
            if (res.result_int() != 200)
                throw std::runtime_error("the push answered " + describe(res));
            latest = numberAfter(res.body(), "cursor");
            if (poll->answeredAt == Clock::time_point{} && poll->failure.empty())
                co_await poll->answered.async_wait(asio::as_tuple(asio::use_awaitable));
            if (!poll->failure.empty())
                throw std::runtime_error(poll->failure);
            if (poll->answeredAt == Clock::time_point{})
                throw std::runtime_error("the poll was not answered within 40 s of the push");
            r.wake.ms.push_back(msSince(start, poll->answeredAt));
        }
    } catch (const std::exception &e) {
        r.failure = std::string("wake: ") + e.what();
    }
}

/// Runs `work` on the io_context until it is done; returns the wall seconds.
double runAll(asio::io_context &io)
{
    Stopwatch clock;
    io.restart();
    io.run();
    return clock.seconds();
}

tcp::endpoint parseEndpoint(const std::string &text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        throw std::invalid_argument("\"" + text + "\" is not ADDR:PORT");
    return {asio::ip::make_address(text.substr(0, colon)),
            static_cast<unsigned short>(std::stoi(text.substr(colon + 1)))};
}

int usage()
{
    std::cerr << "usage: server_scaleout --servers ADDR:PORT[,ADDR:PORT] [--spaces S] [--connections C]\n"
                 "                       [--envelopes-per-space E] [--per-push P] [--pull-limit L]\n"
                 "                       [--pull-rounds R] [--wakes W] [--idle-seconds D]\n";
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string flag = argv[i];
            if (i + 1 >= argc)
                return usage();
            const std::string value = argv[++i];
            if (flag == "--servers") {
                for (std::size_t from = 0; from <= value.size();) {
                    const auto comma = std::min(value.find(',', from), value.size());
                    o.servers.push_back(parseEndpoint(value.substr(from, comma - from)));
                    from = comma + 1;
                }
            } else if (flag == "--spaces")
                o.spaces = std::stoi(value);
            else if (flag == "--connections")
                o.connections = std::stoi(value);
            else if (flag == "--envelopes-per-space")
                o.envelopesPerSpace = std::stoi(value);
            else if (flag == "--per-push")
                o.perPush = std::stoi(value);
            else if (flag == "--pull-limit")
                o.pullLimit = std::stoi(value);
            else if (flag == "--pull-rounds")
                o.pullRounds = std::stoi(value);
            else if (flag == "--wakes")
                o.wakes = std::stoi(value);
            else if (flag == "--idle-seconds")
                o.idleSeconds = std::stoi(value);
            else
                return usage();
        }
    } catch (const std::exception &e) {
        std::cerr << "server_scaleout: " << e.what() << '\n';
        return usage();
    }
    if (o.servers.empty() || o.spaces < 1 || o.connections < 1 || o.connections > o.spaces
        || o.envelopesPerSpace < 1 || o.perPush < 1 || o.pullLimit < 1 || o.pullRounds < 1 || o.wakes < 0
        || (o.idleSeconds != 0 && o.idleSeconds < 4))
        return usage();

    try {
        hearth::sync::ensureSodium();
        asio::io_context io(1);
        const std::size_t nServers = o.servers.size();

        // Spaces, created through the servers in turn; with PostgreSQL a token works on any of them.
        std::vector<Space> spaces(static_cast<std::size_t>(o.spaces));
        const std::uint64_t run = static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) & 0xffffff;
        {
            std::vector<std::unique_ptr<Connection>> setup;
            for (const auto &endpoint : o.servers)
                setup.push_back(std::make_unique<Connection>(io, endpoint));
            std::string failure;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    try {
                        for (std::size_t i = 0; i < spaces.size(); ++i) {
                            Space &s = spaces[i];
                            s.id = hex16(0x5ace000000000000ULL | run << 24 | i);
                            s.device = hex16(0xde00000000000000ULL | run << 24 | i);
                            s.member = hex16(0xa000000000000000ULL | run << 24 | i);
                            const std::string body =
                                "{\"space\":\"" + s.id + "\",\"device\":{\"id\":\"" + s.device + "\",\"member\":\""
                                + s.member + "\",\"public_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
                                + "\"name\":\"scaleout\"}}";
                            const auto res = co_await setup[i % nServers]->send(http::verb::post, "/v1/spaces", {}, body);
                            if (res.result_int() != 201)
                                throw std::runtime_error("creating a space answered " + describe(res));
                            const std::string key = "\"token\":\"";
                            const auto at = res.body().find(key);
                            s.token = res.body().substr(at + key.size(), res.body().find('"', at + key.size()) - at - key.size());
                        }
                    } catch (const std::exception &e) {
                        failure = e.what();
                    }
                },
                asio::detached);
            runAll(io);
            if (!failure.empty())
                throw std::runtime_error("setup: " + failure);
        }
        makeBodies(spaces, o);
        const std::size_t total = static_cast<std::size_t>(o.spaces) * static_cast<std::size_t>(o.envelopesPerSpace);
        std::printf("server_scaleout: %zu server process(es); %d spaces, %d connections, %d envelopes per space in "
                    "pushes of %d (%zu envelopes, %zu pushes); pulls in pages of %d, %d round(s); %d wakes\n",
                    nServers, o.spaces, o.connections, o.envelopesPerSpace, o.perPush, total,
                    spaces.size() * spaces.front().bodies.size(), o.pullLimit, o.pullRounds, o.wakes);

        std::vector<std::vector<Space *>> owned(static_cast<std::size_t>(o.connections));
        for (std::size_t i = 0; i < spaces.size(); ++i)
            owned[i % owned.size()].push_back(&spaces[i]);

        // Ingest.
        std::vector<std::unique_ptr<Connection>> pushConns, pullConns;
        std::vector<Tally> pushTallies(owned.size()), pullTallies(owned.size());
        for (std::size_t c = 0; c < owned.size(); ++c) {
            pushConns.push_back(std::make_unique<Connection>(io, o.servers[c % nServers]));
            pullConns.push_back(std::make_unique<Connection>(io, o.servers[(c + 1) % nServers]));
        }
        double cpu0 = selfCpuSeconds();
        for (std::size_t c = 0; c < owned.size(); ++c)
            asio::co_spawn(io, ingest(*pushConns[c], owned[c], pushTallies[c]), asio::detached);
        const double ingestSeconds = runAll(io);
        const double ingestCpu = selfCpuSeconds() - cpu0;
        Tally pushed;
        for (const Tally &t : pushTallies) {
            pushed.envelopes += t.envelopes;
            pushed.latency.ms.insert(pushed.latency.ms.end(), t.latency.ms.begin(), t.latency.ms.end());
            if (pushed.failure.empty())
                pushed.failure = t.failure;
        }
        if (!pushed.failure.empty())
            throw std::runtime_error(pushed.failure);
        if (pushed.envelopes != total)
            throw std::runtime_error("stored " + std::to_string(pushed.envelopes) + " of " + std::to_string(total));
        const double ingestRate = static_cast<double>(pushed.envelopes) / ingestSeconds;
        std::fflush(stdout);
        std::printf("ingest  %8zu envelopes in %6.2f s = %8.0f envelopes/s (%.0f pushes/s); push p50 %.2f ms, p99 "
                    "%.2f ms; client CPU %.2f s\n",
                    pushed.envelopes, ingestSeconds, ingestRate,
                    static_cast<double>(pushed.latency.ms.size()) / ingestSeconds, pushed.latency.percentile(0.5),
                    pushed.latency.percentile(0.99), ingestCpu);

        // Pull.
        cpu0 = selfCpuSeconds();
        for (std::size_t c = 0; c < owned.size(); ++c)
            asio::co_spawn(io, pull(*pullConns[c], owned[c], o, pullTallies[c]), asio::detached);
        const double pullSeconds = runAll(io);
        const double pullCpu = selfCpuSeconds() - cpu0;
        Tally pulled;
        for (const Tally &t : pullTallies) {
            pulled.envelopes += t.envelopes;
            pulled.latency.ms.insert(pulled.latency.ms.end(), t.latency.ms.begin(), t.latency.ms.end());
            if (pulled.failure.empty())
                pulled.failure = t.failure;
        }
        if (!pulled.failure.empty())
            throw std::runtime_error(pulled.failure);
        const double pullRate = static_cast<double>(pulled.envelopes) / pullSeconds;
        std::printf("pull    %8zu envelopes in %6.2f s = %8.0f envelopes/s (%zu pages of up to %d); page p50 %.2f ms, "
                    "p99 %.2f ms; client CPU %.2f s\n",
                    pulled.envelopes, pullSeconds, pullRate, pulled.latency.ms.size(), o.pullLimit,
                    pulled.latency.percentile(0.5), pulled.latency.percentile(0.99), pullCpu);

        // Idle long polls, one device per space, each on a connection of its own.
        IdleTally idle;
        if (o.idleSeconds > 0) {
            std::vector<std::unique_ptr<Connection>> idleConns;
            const auto start = Clock::now();
            idle.from = start + std::chrono::seconds(2); // connected, and past the first cycle
            idle.to = start + std::chrono::seconds(o.idleSeconds);
            for (std::size_t i = 0; i < spaces.size(); ++i) {
                idleConns.push_back(std::make_unique<Connection>(io, o.servers[i % nServers]));
                asio::co_spawn(io, idlePolls(*idleConns.back(), spaces[i], idle.to, idle), asio::detached);
            }
            runAll(io);
            if (!idle.failure.empty())
                throw std::runtime_error(idle.failure);
            const double window = std::chrono::duration<double>(idle.to - idle.from).count();
            std::printf("idle    %zu devices long-polling with wait=1 on quiet spaces: %.0f cycles/s (%.0f/s if none "
                        "queued); time beyond the wait p50 %.2f ms, p99 %.2f ms\n",
                        spaces.size(), static_cast<double>(idle.cycles) / window,
                        static_cast<double>(spaces.size()), idle.overhead.percentile(0.5),
                        idle.overhead.percentile(0.99));
            std::fflush(stdout);
        }

        // Wakes, on the first space, after its newest cursor.
        WakeResult woke;
        if (o.wakes > 0) {
            asio::co_spawn(io, wakes(io, o, spaces.front(), 0, woke), asio::detached);
            runAll(io);
            if (!woke.failure.empty())
                throw std::runtime_error(woke.failure);
            std::printf("wake    %zu long polls held on %s, each woken by a push to %s: p50 %.2f ms, p99 %.2f ms, max "
                        "%.2f ms (the push's own answer: p50 %.2f ms, p99 %.2f ms); %d empty answers asked again\n",
                        woke.wake.ms.size(), nServers > 1 ? "the second process" : "the process",
                        nServers > 1 ? "the first" : "the same one", woke.wake.percentile(0.5),
                        woke.wake.percentile(0.99), woke.wake.percentile(1.0), woke.pushed.percentile(0.5),
                        woke.pushed.percentile(0.99), woke.emptyAnswers);
        }
        const double idleWindow = std::chrono::duration<double>(idle.to - idle.from).count();
        std::printf("RESULT ingest_eps=%.0f push_p50_ms=%.2f push_p99_ms=%.2f pull_eps=%.0f pull_p50_ms=%.2f "
                    "pull_p99_ms=%.2f idle_cps=%.0f idle_p50_ms=%.2f idle_p99_ms=%.2f wake_p50_ms=%.2f "
                    "wake_p99_ms=%.2f client_cpu_s=%.2f\n",
                    ingestRate, pushed.latency.percentile(0.5), pushed.latency.percentile(0.99), pullRate,
                    pulled.latency.percentile(0.5), pulled.latency.percentile(0.99),
                    idleWindow > 0 ? static_cast<double>(idle.cycles) / idleWindow : 0.0,
                    idle.overhead.percentile(0.5), idle.overhead.percentile(0.99), woke.wake.percentile(0.5),
                    woke.wake.percentile(0.99), ingestCpu + pullCpu);
    } catch (const std::exception &e) {
        std::cerr << "server_scaleout: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
