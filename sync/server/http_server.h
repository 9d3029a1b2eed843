#pragma once

#include "long_poll_hub.h"
#include "service.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace hearth::server {

struct HttpServerOptions {
    std::string listen = "127.0.0.1";
    unsigned short port = 8787; ///< 0 picks a free port
    int threads = 1;
    /// Connections served at once; one more is answered 503 and closed.
    std::size_t maxConnections = 20'000;
    /// To receive a request's header (a fresh connection's first byte included).
    std::chrono::seconds headerTimeout{30};
    /// A kept-alive connection with no request in sight.
    std::chrono::seconds idleTimeout{60};
};

/// hearth-server's network side: Boost.Beast over Asio with C++20 coroutines, one coroutine per
/// connection with keep-alive. A request with a body goes to SyncService::admit() on its header,
/// so that one without a valid token, or over its rate, is refused before the server reads the
/// body; then the request goes to the SyncService. A long poll that found nothing waits on a timer
/// in the LongPollHub, holding no thread, and stops waiting when its client hangs up. SIGTERM or
/// SIGINT stops accepting, wakes every long poll, lets requests in flight finish and then returns
/// from run().
class HttpServer {
public:
    /// Binds at once (throws boost::system::system_error when the address is taken).
    HttpServer(SyncService &service, HttpServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    /// The bound address and port, e.g. "127.0.0.1:8787".
    [[nodiscard]] std::string address() const;
    /// Serves until a signal (or stop()) and every connection has ended.
    void run();
    /// What SIGTERM does; safe from any thread.
    void stop();
    /// Wakes the long polls on the space, every long poll when it is empty: a push committed by
    /// another process (PgPushListener's callback). Safe from any thread, also while stopping.
    void wakeSpace(const std::string &space);

private:
    struct Connection;
    using ConnectionPtr = std::shared_ptr<Connection>;

    boost::asio::awaitable<void> acceptLoop();
    boost::asio::awaitable<void> serve(ConnectionPtr connection);
    /// Answers 503 to a connection over the cap, and closes it.
    boost::asio::awaitable<void> refuse(boost::asio::ip::tcp::socket socket);
    /// The service's answer, after waiting for a push when it asks to; nullopt when the client
    /// hung up during the wait. `admitted`: admit() passed the request (it had a body).
    boost::asio::awaitable<std::optional<sync::HttpResponse>>
    answer(sync::HttpRequest request, Connection &connection, bool admitted);
    Admission admitLocked(const sync::HttpRequest &head, std::size_t contentLength);
    Handled handleLocked(const sync::HttpRequest &request, bool admitted,
                         const std::shared_ptr<LongPollHub::Timer> &waiter,
                         std::optional<LongPollHub::WaiterId> &waitId,
                         std::optional<std::chrono::steady_clock::time_point> until = {});
    void beginShutdown();
    void closeIdleConnections();
    void forget(Connection &connection);
    void warnAboutAcceptFailure(const boost::system::error_code &error);

    SyncService &m_service;
    HttpServerOptions m_options;
    boost::asio::io_context m_io;
    boost::asio::strand<boost::asio::io_context::executor_type> m_control;
    boost::asio::ip::tcp::acceptor m_acceptor;
    boost::asio::signal_set m_signals;
    // The service and its storage connection take one request at a time; registering a long poll
    // under the same lock means a push through this process cannot slip between "nothing new" and
    // the wait (one through another process is caught by the hub's sequence, see handleLocked).
    // With PostgreSQL, several processes are how the service scales, not --threads.
    std::mutex m_serviceMutex;
    LongPollHub m_longPolls;
    std::atomic<bool> m_stopping = false;
    std::mutex m_connectionsMutex;
    // Each connection keeps its own position, so that forgetting it costs O(1).
    std::list<ConnectionPtr> m_connections;
    std::atomic<std::size_t> m_open = 0;
    std::chrono::steady_clock::time_point m_lastAcceptWarning; ///< on m_control only
};

} // namespace hearth::server
