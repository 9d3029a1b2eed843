#pragma once

#include "long_poll_hub.h"
#include "service.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace hearth::server {

struct HttpServerOptions {
    std::string listen = "127.0.0.1";
    unsigned short port = 8787; ///< 0 picks a free port
    int threads = 1;
    std::size_t maxBodyBytes = 16 * 1024 * 1024;
};

/// hearth-server's network side: Boost.Beast over Asio with C++20 coroutines, one coroutine per
/// connection with keep-alive. Each request goes to the SyncService; a long poll that found
/// nothing waits on a timer in the LongPollHub, holding no thread. SIGTERM or SIGINT stops
/// accepting, wakes every long poll, lets requests in flight finish and then returns from run().
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

private:
    struct Connection;
    using ConnectionPtr = std::shared_ptr<Connection>;

    boost::asio::awaitable<void> acceptLoop();
    boost::asio::awaitable<void> serve(ConnectionPtr connection);
    /// The service's answer, after waiting for a push when it asks to.
    boost::asio::awaitable<sync::HttpResponse> answer(sync::HttpRequest request);
    Handled handleLocked(const sync::HttpRequest &request,
                         const std::shared_ptr<LongPollHub::Timer> &waiter);
    void beginShutdown();
    void closeIdleConnections();
    void forget(const ConnectionPtr &connection);

    SyncService &m_service;
    HttpServerOptions m_options;
    boost::asio::io_context m_io;
    boost::asio::strand<boost::asio::io_context::executor_type> m_control;
    boost::asio::ip::tcp::acceptor m_acceptor;
    boost::asio::signal_set m_signals;
    // The service and its SQLite connection take one request at a time; registering a long poll
    // under the same lock means a push cannot slip between "nothing new" and the wait.
    std::mutex m_serviceMutex;
    LongPollHub m_longPolls;
    std::atomic<bool> m_stopping = false;
    std::mutex m_connectionsMutex;
    std::list<ConnectionPtr> m_connections;
};

} // namespace hearth::server
