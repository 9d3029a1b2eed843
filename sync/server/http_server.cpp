#include "http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>
#include <vector>

namespace hearth::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto kIdleTimeout = 60s;  // a keep-alive connection with no request
constexpr auto kIoTimeout = 30s;    // reading one request, writing one answer
constexpr auto tuple = asio::as_tuple(asio::use_awaitable);

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// "Bearer <token>" (the scheme is case-insensitive), or empty.
std::string bearerToken(std::string_view header)
{
    constexpr std::string_view scheme = "bearer ";
    if (header.size() <= scheme.size()
        || !std::equal(scheme.begin(), scheme.end(), header.begin(), [](char a, char b) {
               return a == std::tolower(static_cast<unsigned char>(b));
           }))
        return {};
    header.remove_prefix(scheme.size());
    while (!header.empty() && header.front() == ' ')
        header.remove_prefix(1);
    return std::string(header);
}

sync::HttpRequest toServiceRequest(http::request<http::string_body> &&message,
                                   const std::string &peer)
{
    sync::HttpRequest r;
    r.method = std::string(message.method_string());
    r.target = std::string(message.target());
    r.token = bearerToken(message[http::field::authorization]);
    r.contentType = std::string(message[http::field::content_type]);
    r.body = std::move(message.body());
    r.peer = peer;
    return r;
}

http::response<http::string_body> toWire(const sync::HttpResponse &answer, unsigned version,
                                         bool keepAlive)
{
    http::response<http::string_body> res{static_cast<http::status>(answer.status), version};
    res.set(http::field::server, "hearth-server");
    res.set(http::field::content_type, answer.contentType);
    if (answer.retryAfter > 0)
        res.set(http::field::retry_after, std::to_string(answer.retryAfter));
    res.keep_alive(keepAlive);
    res.body() = answer.body;
    res.prepare_payload();
    return res;
}

/// The answer to a request that could not be read: too large, or not HTTP.
sync::HttpResponse readFailure(const beast::error_code &error)
{
    if (error == http::error::body_limit || error == http::error::header_limit)
        return {413, R"({"error":{"code":"body_too_large","message":"The request is too large."}})"};
    return {400, R"({"error":{"code":"bad_request","message":"The request is not valid HTTP/1.1."}})"};
}

bool isHttpError(const beast::error_code &error)
{
    return error.category() == http::make_error_code(http::error::bad_target).category();
}

} // namespace

struct HttpServer::Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool idle = true; ///< waiting for the next request; touched only on the connection's strand
};

HttpServer::HttpServer(SyncService &service, HttpServerOptions options)
    : m_service(service), m_options(std::move(options)), m_io(std::max(m_options.threads, 1)),
      m_control(asio::make_strand(m_io)), m_acceptor(m_control), m_signals(m_control, SIGINT, SIGTERM)
{
    const tcp::endpoint endpoint(asio::ip::make_address(m_options.listen), m_options.port);
    m_acceptor.open(endpoint.protocol());
    m_acceptor.set_option(asio::socket_base::reuse_address(true));
    m_acceptor.bind(endpoint);
    m_acceptor.listen();
}

HttpServer::~HttpServer() = default;

std::string HttpServer::address() const
{
    const tcp::endpoint endpoint = m_acceptor.local_endpoint();
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

void HttpServer::run()
{
    m_signals.async_wait([this](const beast::error_code &error, int) {
        if (!error)
            beginShutdown();
    });
    asio::co_spawn(m_control, acceptLoop(), asio::detached);
    std::vector<std::thread> extra;
    for (int i = 1; i < m_options.threads; ++i)
        extra.emplace_back([this] { m_io.run(); });
    m_io.run();
    for (std::thread &t : extra)
        t.join();
}

void HttpServer::stop()
{
    asio::post(m_control, [this] { beginShutdown(); });
}

void HttpServer::beginShutdown()
{
    if (m_stopping.exchange(true))
        return;
    m_service.log().event(nowMs(), "info", "stopping: finishing requests in flight");
    beast::error_code ignored;
    m_acceptor.close(ignored);
    m_signals.cancel(ignored);
    {
        const std::lock_guard lock(m_serviceMutex);
        m_longPolls.close();
    }
    closeIdleConnections();
}

void HttpServer::closeIdleConnections()
{
    const std::lock_guard lock(m_connectionsMutex);
    for (const ConnectionPtr &c : m_connections) {
        // On the connection's strand, where `idle` is read and written.
        asio::post(c->stream.get_executor(), [c] {
            if (c->idle) {
                beast::error_code ignored;
                c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                c->stream.close();
            }
        });
    }
}

void HttpServer::forget(const ConnectionPtr &connection)
{
    const std::lock_guard lock(m_connectionsMutex);
    m_connections.remove(connection);
}

asio::awaitable<void> HttpServer::acceptLoop()
{
    while (!m_stopping) {
        // Each connection gets its own strand, so that with --threads N its coroutine, its
        // timers and the hub's wake-ups never run at the same time.
        auto [error, socket] = co_await m_acceptor.async_accept(asio::make_strand(m_io), tuple);
        if (error) {
            if (error == asio::error::operation_aborted || !m_acceptor.is_open())
                co_return;
            continue; // a connection that failed before we saw it (e.g. reset); keep accepting
        }
        auto connection = std::make_shared<Connection>(std::move(socket));
        {
            const std::lock_guard lock(m_connectionsMutex);
            m_connections.push_back(connection);
        }
        asio::co_spawn(connection->stream.get_executor(), serve(connection), asio::detached);
    }
}

asio::awaitable<void> HttpServer::serve(ConnectionPtr c)
{
    beast::error_code ignored;
    const auto remote = c->stream.socket().remote_endpoint(ignored);
    const std::string peer = remote.address().to_string();
    beast::flat_buffer buffer;
    while (!m_stopping) {
        c->idle = true;
        http::request_parser<http::string_body> parser;
        parser.body_limit(m_options.maxBodyBytes);
        c->stream.expires_after(kIdleTimeout);
        auto [headerError, headerBytes] = co_await http::async_read_header(c->stream, buffer, parser, tuple);
        c->idle = false;
        if (!headerError && parser.get()[http::field::expect] == "100-continue") {
            // curl asks before sending a larger body; answering spares it a one-second pause.
            http::response<http::empty_body> go{http::status::continue_, parser.get().version()};
            c->stream.expires_after(kIoTimeout);
            auto [writeError, written] = co_await http::async_write(c->stream, go, tuple);
            headerError = writeError;
        }
        beast::error_code error = headerError;
        if (!error) {
            c->stream.expires_after(kIoTimeout);
            auto [bodyError, bodyBytes] = co_await http::async_read(c->stream, buffer, parser, tuple);
            error = bodyError;
        }
        if (error) {
            if (isHttpError(error) && error != http::error::end_of_stream) {
                auto res = toWire(readFailure(error), 11, false);
                c->stream.expires_after(kIoTimeout);
                co_await http::async_write(c->stream, res, tuple);
            }
            break;
        }
        http::request<http::string_body> message = parser.release();
        const unsigned version = message.version();
        const bool keepAlive = message.keep_alive();
        const sync::HttpResponse answered = co_await answer(toServiceRequest(std::move(message), peer));
        auto res = toWire(answered, version, keepAlive && !m_stopping);
        c->stream.expires_after(kIoTimeout);
        auto [writeError, written] = co_await http::async_write(c->stream, res, tuple);
        if (writeError || !res.keep_alive())
            break;
    }
    c->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    c->stream.close();
    forget(c);
}

Handled HttpServer::handleLocked(const sync::HttpRequest &request,
                                 const std::shared_ptr<LongPollHub::Timer> &waiter)
{
    const std::lock_guard lock(m_serviceMutex);
    Handled handled = m_service.handle(request, nowMs());
    if (!handled.notifySpace.empty())
        m_longPolls.notify(handled.notifySpace);
    if (handled.waiting()) {
        waiter->expires_after(std::chrono::seconds(handled.waitSeconds));
        if (!m_longPolls.add(handled.waitSpace, waiter))
            handled.waitSeconds = 0; // stopping: answer with what there is, now
    }
    return handled;
}

asio::awaitable<sync::HttpResponse> HttpServer::answer(sync::HttpRequest request)
{
    auto waiter = std::make_shared<LongPollHub::Timer>(co_await asio::this_coro::executor);
    Handled handled = handleLocked(request, waiter);
    if (!handled.retryTarget.empty()) {
        if (handled.waiting()) {
            m_service.metrics().longPollOpened();
            co_await waiter->async_wait(tuple);
            m_longPolls.remove(handled.waitSpace, waiter);
            m_service.metrics().longPollClosed();
        }
        request.target = handled.retryTarget;
        handled = handleLocked(request, waiter);
    }
    co_return std::move(handled.response);
}

} // namespace hearth::server
