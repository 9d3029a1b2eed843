// beast_hello: the yardstick for hearth-server's request rate (DESIGN.md: an authenticated empty
// pull at 50%+ of a bare Beast hello-world's rate). The same shape as sync/server/http_server.cpp
// and nothing else: Boost.Beast over Asio with C++20 coroutines, one io_context on one thread,
// one coroutine per keep-alive connection with the same timeouts, a 200 "hello" to any request.
//
//   beast_hello [--port N]      prints "listening on 127.0.0.1:PORT"; SIGTERM or SIGINT stops it
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> serve(beast::tcp_stream stream)
{
    beast::flat_buffer buffer;
    while (true) {
        http::request<http::string_body> request;
        stream.expires_after(60s);
        auto [readError, read] = co_await http::async_read(stream, buffer, request, tuple);
        if (readError)
            break;
        http::response<http::string_body> res{http::status::ok, request.version()};
        res.set(http::field::server, "beast-hello");
        res.set(http::field::content_type, "text/plain");
        res.keep_alive(request.keep_alive());
        res.body() = "hello";
        res.prepare_payload();
        stream.expires_after(30s);
        auto [writeError, written] = co_await http::async_write(stream, res, tuple);
        if (writeError || !res.keep_alive())
            break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> acceptLoop(tcp::acceptor &acceptor)
{
    while (true) {
        auto [error, socket] = co_await acceptor.async_accept(tuple);
        if (error) {
            if (!acceptor.is_open())
                co_return;
            continue;
        }
        asio::co_spawn(acceptor.get_executor(), serve(beast::tcp_stream(std::move(socket))),
                       asio::detached);
    }
}

} // namespace

int main(int argc, char **argv)
{
    unsigned short port = 0;
    if (argc == 3 && std::string(argv[1]) == "--port") {
        port = static_cast<unsigned short>(std::atoi(argv[2]));
    } else if (argc != 1) {
        std::cerr << "usage: beast_hello [--port N]\n";
        return 2;
    }
    asio::io_context io(1);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const beast::error_code &, int) { io.stop(); });
    std::cout << "listening on 127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
    asio::co_spawn(io, acceptLoop(acceptor), asio::detached);
    io.run();
    return 0;
}
