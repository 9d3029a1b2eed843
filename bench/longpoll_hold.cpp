// longpoll_hold: hearth-server's memory with many idle long polls held at once (DESIGN.md: 10,000
// idle long polls), and how long one push takes to wake the polls of its space.
//
//   longpoll_hold [--polls N] [--spaces S] [--wait SECONDS] [--server PATH]
//
// Starts hearth-server (--rate high enough never to refuse), creates S spaces with a device each
// (default S = N: one couple per poll, as in real life), then opens N keep-alive connections,
// each sending GET /v1/spaces/SPACE/envelopes?after=LATEST&wait=SECONDS with its token, and
// waits until the server's /metrics shows hearth_long_polls_open = N. It prints the server's
// VmRSS and VmHWM (/proc/PID/status) before and with the polls held, and the RSS per poll. Then
// it pushes one envelope to the first space and times until every poll on it has its answer.
//
// The process raises its own open-file limit (RLIMIT_NOFILE, both limits: as root that works) to
// N + 1,000; hearth-server, started from here, inherits it.
#include "benchsupport.h"

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

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#ifndef HEARTH_SERVER_BIN
#define HEARTH_SERVER_BIN "hearth-server"
#endif

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using nlohmann::json;
using namespace hearth::bench;

namespace {

constexpr auto tuple = asio::as_tuple(asio::use_awaitable);

struct Options {
    int polls = 10'000;
    int spaces = -1; ///< -1: as many as polls
    int wait = 30;
    std::string server = HEARTH_SERVER_BIN;
};

std::string hex16(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

/// One blocking keep-alive connection for setup and for reading /metrics.
class Client {
public:
    Client(asio::io_context &io, const tcp::endpoint &endpoint) : m_stream(io) { m_stream.connect(endpoint); }

    http::response<http::string_body> send(http::verb verb, const std::string &target,
                                           const std::string &token = {}, const std::string &body = {})
    {
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!token.empty())
            req.set(http::field::authorization, "Bearer " + token);
        if (!body.empty()) {
            req.set(http::field::content_type, "application/json");
            req.body() = body;
        }
        req.prepare_payload();
        http::write(m_stream, req);
        http::response<http::string_body> res;
        http::read(m_stream, m_buffer, res);
        return res;
    }

private:
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
};

struct Space {
    std::string id, device, token;
    std::int64_t latest = 0;
};

/// The status line of /proc/PID/status for `key` ("VmRSS"), in kB.
long statusKb(pid_t pid, const std::string &key)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stol(line.substr(key.size() + 1));
    return -1;
}

long metric(Client &c, const std::string &name)
{
    const auto res = c.send(http::verb::get, "/metrics");
    std::istringstream in(res.body());
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + " ", 0) == 0)
            return std::stol(line.substr(name.size() + 1));
    return -1;
}

struct Tally {
    int connected = 0;
    int sent = 0;
    int answered = 0;
    int answeredWithEnvelope = 0;
    std::map<std::string, int> failures; ///< what went wrong, and how often
    std::chrono::steady_clock::time_point lastAnswer;
};

asio::awaitable<void> poll(tcp::endpoint endpoint, std::string target, std::string token, Tally &t)
{
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(std::chrono::seconds(60));
    auto [connectError] = co_await stream.async_connect(endpoint, tuple);
    if (connectError) {
        ++t.failures["connect: " + connectError.message()];
        co_return;
    }
    ++t.connected;
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + token);
    auto [writeError, written] = co_await http::async_write(stream, req, tuple);
    if (writeError) {
        ++t.failures["write: " + writeError.message()];
        co_return;
    }
    ++t.sent;
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [readError, read] = co_await http::async_read(stream, buffer, res, tuple);
    if (readError) {
        ++t.failures["read: " + readError.message()];
        co_return;
    }
    if (res.result_int() != 200) {
        ++t.failures["status " + std::to_string(res.result_int()) + ": " + res.body().substr(0, 120)];
        co_return;
    }
    ++t.answered;
    if (res.body().find("\"envelopes\":[]") == std::string::npos)
        ++t.answeredWithEnvelope;
    t.lastAnswer = std::chrono::steady_clock::now();
}

void raiseFileLimit(int polls)
{
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t want = static_cast<rlim_t>(polls) + 1000;
    if (limit.rlim_cur >= want)
        return;
    rlimit raised{want, std::max(want, limit.rlim_max)};
    if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
        raised = {limit.rlim_max, limit.rlim_max};
        setrlimit(RLIMIT_NOFILE, &raised);
        std::fprintf(stderr, "longpoll_hold: could not raise the open-file limit to %llu; it is %llu\n",
                     static_cast<unsigned long long>(want), static_cast<unsigned long long>(limit.rlim_max));
    }
}

int usage()
{
    std::cerr << "usage: longpoll_hold [--polls N] [--spaces S] [--wait SECONDS] [--server PATH]\n";
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
        if (flag == "--polls")
            o.polls = std::stoi(value);
        else if (flag == "--spaces")
            o.spaces = std::stoi(value);
        else if (flag == "--wait")
            o.wait = std::stoi(value);
        else if (flag == "--server")
            o.server = value;
        else
            return usage();
    }
    if (o.spaces < 0)
        o.spaces = o.polls;
    if (o.polls < 1 || o.spaces < 1 || o.spaces > o.polls || o.wait < 1)
        return usage();

    try {
        raiseFileLimit(o.polls);
        rlimit limit{};
        getrlimit(RLIMIT_NOFILE, &limit);
        TempDir tmp;
        ServerProcess server(o.server, tmp.path() / "data", {"--rate", "1000000"});
        const std::string address = server.url().substr(7);
        const tcp::endpoint endpoint(asio::ip::make_address(address.substr(0, address.rfind(':'))),
                                     static_cast<unsigned short>(std::stoi(address.substr(address.rfind(':') + 1))));
        asio::io_context io(1);
        Client setup(io, endpoint);
        const long rssStart = statusKb(server.pid(), "VmRSS");

        std::vector<Space> spaces;
        Stopwatch creating;
        for (int i = 0; i < o.spaces; ++i) {
            Space s{hex16(0x5ace000000000000ULL + static_cast<std::uint64_t>(i)),
                    hex16(0xde00000000000000ULL + static_cast<std::uint64_t>(i)), {}, 0};
            const json body = {{"space", s.id},
                               {"device",
                                {{"id", s.device},
                                 {"member", hex16(0xa000000000000000ULL + static_cast<std::uint64_t>(i))},
                                 {"public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                                 {"name", "poll"}}}};
            const auto res = setup.send(http::verb::post, "/v1/spaces", {}, body.dump());
            if (res.result_int() != 201)
                throw std::runtime_error("creating a space answered " + std::to_string(res.result_int()) + ": " + res.body());
            s.token = json::parse(res.body()).at("token").get<std::string>();
            spaces.push_back(std::move(s));
        }
        const double createSeconds = creating.seconds();
        const long rssBefore = statusKb(server.pid(), "VmRSS");
        std::printf("longpoll_hold: %d long polls (wait=%d) on %d space(s); open-file limit %llu\n", o.polls,
                    o.wait, o.spaces, static_cast<unsigned long long>(limit.rlim_cur));
        std::printf("server RSS at start %ld kB; after creating %d spaces (%.1f s) %ld kB\n", rssStart, o.spaces,
                    createSeconds, rssBefore);

        Tally tally;
        for (int i = 0; i < o.polls; ++i) {
            const Space &s = spaces[static_cast<std::size_t>(i % o.spaces)];
            asio::co_spawn(io,
                           poll(endpoint, "/v1/spaces/" + s.id + "/envelopes?after=0&wait=" + std::to_string(o.wait),
                                s.token, tally),
                           asio::detached);
        }
        // Run the client until every poll is sent (or failed), then ask the server how many it holds.
        Stopwatch opening;
        const auto failed = [&tally] {
            int n = 0;
            for (const auto &entry : tally.failures)
                n += entry.second;
            return n;
        };
        while (tally.sent + failed() < o.polls && opening.seconds() < 60)
            io.run_for(std::chrono::milliseconds(50));
        Client metrics(io, endpoint);
        long held = 0;
        while (opening.seconds() < 60) {
            io.run_for(std::chrono::milliseconds(100));
            held = metric(metrics, "hearth_long_polls_open");
            if (held >= o.polls || (held >= tally.sent && tally.sent > 0))
                break;
        }
        const double openSeconds = opening.seconds();
        io.run_for(std::chrono::milliseconds(500));
        const long rss = statusKb(server.pid(), "VmRSS");
        const long hwm = statusKb(server.pid(), "VmHWM");
        std::printf("opened %d connections, sent %d polls, server holds %ld long polls (after %.1f s)\n",
                    tally.connected, tally.sent, held, openSeconds);
        std::printf("server with the polls held: VmRSS %ld kB (%.1f MB), VmHWM %ld kB; %.2f kB RSS per poll "
                    "(over the %ld kB before)\n",
                    rss, static_cast<double>(rss) / 1024.0, hwm,
                    static_cast<double>(rss - rssBefore) / static_cast<double>(std::max<long>(held, 1)), rssBefore);
        for (const auto &[what, n] : tally.failures)
            std::printf("FAILED %d polls: %s\n", n, what.c_str());
        if (tally.answered > 0)
            std::printf("NOTE %d polls were answered before the push (their wait ran out while others were still being opened)\n", tally.answered);

        // One push to the first space wakes the polls on it.
        const int onFirst = (o.polls + o.spaces - 1) / o.spaces;
        const Space &first = spaces.front();
        const json envelope = {{"id", "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"}, {"space", first.id},
                               {"scope", "couple"}, {"device", first.device}, {"seq", 1}, {"epoch", 1},
                               {"nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, {"ciphertext", "c2VhbGVkLWJ5dGVz"}};
        const int before = tally.answered;
        Stopwatch waking;
        const auto pushed = setup.send(http::verb::post, "/v1/spaces/" + first.id + "/envelopes", first.token,
                                       json{{"envelopes", json::array({envelope})}}.dump());
        if (pushed.result_int() != 200)
            throw std::runtime_error("the push answered " + std::to_string(pushed.result_int()) + ": " + pushed.body());
        while (tally.answered - before < onFirst && waking.seconds() < 30)
            io.run_for(std::chrono::milliseconds(5));
        const double wake = std::chrono::duration<double>(tally.lastAnswer.time_since_epoch()).count() > 0
                                ? waking.seconds()
                                : -1;
        std::printf("one push woke %d of the %d polls on its space (%d with the envelope) in %.1f ms\n",
                    tally.answered - before, onFirst, tally.answeredWithEnvelope, wake * 1e3);
        server.stop();
    } catch (const std::exception &e) {
        std::cerr << "longpoll_hold: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
