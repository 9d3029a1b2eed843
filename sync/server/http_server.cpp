#include "http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <thread>
#include <vector>

namespace hearth::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr std::chrono::seconds kBodyTimeout{60};   // reading one admitted request's body
constexpr std::chrono::seconds kWriteTimeout{30};  // writing one answer
constexpr std::chrono::seconds kLingerTimeout{3};  // dropping a refused body before closing
constexpr std::chrono::seconds kRefuseTimeout{1};  // a connection over the cap
constexpr auto kAcceptBackoff = 100ms;             // out of descriptors: pause accepting
constexpr auto kAcceptWarnEvery = 10s;
constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kMaxLingerBytes = 64 * 1024 * 1024;
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

/// The request without its body, as far as the header tells.
sync::HttpRequest headOf(const http::request<http::string_body> &message, const std::string &peer)
{
    sync::HttpRequest r;
    r.method = std::string(message.method_string());
    r.target = std::string(message.target());
    r.token = bearerToken(message[http::field::authorization]);
    r.contentType = std::string(message[http::field::content_type]);
    r.peer = peer;
    return r;
}

http::response<http::string_body> toWire(sync::HttpResponse &&answer, unsigned version,
                                         bool keepAlive)
{
    http::response<http::string_body> res{static_cast<http::status>(answer.status), version};
    res.set(http::field::server, "hearth-server");
    res.set(http::field::content_type, answer.contentType);
    if (answer.retryAfter > 0)
        res.set(http::field::retry_after, std::to_string(answer.retryAfter));
    res.keep_alive(keepAlive);
    res.body() = std::move(answer.body); // a page can be megabytes: moved, never copied
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

/// Errors after which accepting again at once fails again at once: the pending connection stays
/// in the backlog, and a loop that only retries spins.
bool outOfResources(const beast::error_code &error)
{
    return error == asio::error::no_descriptors // EMFILE
           || error == boost::system::errc::too_many_files_open_in_system // ENFILE
           || error == asio::error::no_buffer_space || error == asio::error::no_memory;
}

/// Closes after an answer that leaves request bytes unread. Closing at once would make the kernel
/// reset the connection, and the client could lose the answer: stop sending, then read and drop
/// (never keep) what the client still sends, for a moment.
asio::awaitable<void> lingeringClose(beast::tcp_stream &stream,
                                     std::chrono::seconds timeout = kLingerTimeout)
{
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 16 * 1024> scratch{};
    std::size_t dropped = 0;
    stream.expires_after(timeout);
    while (dropped < kMaxLingerBytes) {
        auto [error, n] = co_await stream.async_read_some(asio::buffer(scratch), tuple);
        if (error)
            break;
        dropped += n;
    }
    stream.close();
}

} // namespace

struct HttpServer::Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    bool idle = true; ///< waiting for the next request; touched only on the connection's strand
    std::list<ConnectionPtr>::iterator position; ///< in m_connections, under its mutex
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

void HttpServer::wakeSpace(const std::string &space)
{
    m_longPolls.notify(space);
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

void HttpServer::forget(Connection &connection)
{
    const std::lock_guard lock(m_connectionsMutex);
    m_connections.erase(connection.position);
    --m_open;
}

void HttpServer::warnAboutAcceptFailure(const boost::system::error_code &error)
{
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastAcceptWarning < kAcceptWarnEvery)
        return;
    m_lastAcceptWarning = now;
    m_service.log().event(nowMs(), "warn",
                          "cannot accept connections (" + error.message() + ", "
                              + std::to_string(m_open.load()) + " open); retrying in 100 ms");
}

asio::awaitable<void> HttpServer::acceptLoop()
{
    asio::steady_timer backoff(m_control);
    while (!m_stopping) {
        // Each connection gets its own strand, so that with --threads N its coroutine, its
        // timers and the hub's wake-ups never run at the same time.
        auto [error, socket] = co_await m_acceptor.async_accept(asio::make_strand(m_io), tuple);
        if (error) {
            if (error == asio::error::operation_aborted || !m_acceptor.is_open())
                co_return;
            if (outOfResources(error)) {
                warnAboutAcceptFailure(error);
                backoff.expires_after(kAcceptBackoff);
                co_await backoff.async_wait(tuple);
            }
            continue; // otherwise a connection that failed before we saw it (e.g. reset)
        }
        if (m_open.load() >= m_options.maxConnections) {
            asio::co_spawn(socket.get_executor(), refuse(std::move(socket)), asio::detached);
            continue;
        }
        auto connection = std::make_shared<Connection>(std::move(socket));
        {
            const std::lock_guard lock(m_connectionsMutex);
            connection->position = m_connections.insert(m_connections.end(), connection);
            ++m_open;
        }
        asio::co_spawn(connection->stream.get_executor(), serve(connection), asio::detached);
    }
}

asio::awaitable<void> HttpServer::refuse(tcp::socket socket)
{
    static const std::string kBusy = [] {
        const std::string body = R"({"error":{"code":"too_many_connections","message":)"
                                 R"("The server has too many connections; try again shortly."}})";
        return "HTTP/1.1 503 Service Unavailable\r\nServer: hearth-server\r\n"
               "Content-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
               "Content-Length: "
               + std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(kRefuseTimeout);
    auto [error, written] = co_await asio::async_write(stream, asio::buffer(kBusy), tuple);
    if (!error)
        co_await lingeringClose(stream, kRefuseTimeout);
}

asio::awaitable<void> HttpServer::serve(ConnectionPtr c)
{
    beast::error_code ignored;
    const auto remote = c->stream.socket().remote_endpoint(ignored);
    const std::string peer = remote.address().to_string();
    beast::flat_buffer buffer;
    bool fresh = true;
    bool linger = false; // the last answer left request bytes unread
    while (!m_stopping) {
        c->idle = true;
        // A fresh connection has the header timeout from its first byte on; a kept-alive one
        // may wait the idle timeout for its next request, then has the header timeout for it.
        if (!fresh && buffer.size() == 0) {
            c->stream.expires_after(m_options.idleTimeout);
            auto [error, n] = co_await c->stream.async_read_some(buffer.prepare(kReadChunk), tuple);
            if (error)
                break;
            buffer.commit(n);
        }
        fresh = false;
        c->stream.expires_after(m_options.headerTimeout);
        http::request_parser<http::string_body> parser;
        // No body is read before admit() has set its limit below; Content-Length is checked
        // there, and body_limit then bounds a chunked body.
        parser.body_limit(boost::none);
        auto [headerError, headerBytes] =
            co_await http::async_read_header(c->stream, buffer, parser, tuple);
        c->idle = false;
        if (headerError) {
            if (isHttpError(headerError) && headerError != http::error::end_of_stream) {
                auto res = toWire(readFailure(headerError), 11, false);
                c->stream.expires_after(kWriteTimeout);
                co_await http::async_write(c->stream, res, tuple);
                linger = true;
            }
            break;
        }

        const http::request<http::string_body> &head = parser.get();
        const unsigned version = head.version();
        sync::HttpRequest request = headOf(head, peer);
        const bool bodyPending = !parser.is_done();
        // Without a body there is nothing to spare: handle() runs the same checks at once.
        Admission admission;
        if (bodyPending)
            admission = admitLocked(request, parser.content_length().value_or(0));
        if (admission.refusal) {
            // The body is not read: the connection can go on only when there is none.
            const bool keepAlive = head.keep_alive() && !bodyPending && !m_stopping;
            auto res = toWire(std::move(*admission.refusal), version, keepAlive);
            c->stream.expires_after(kWriteTimeout);
            auto [writeError, written] = co_await http::async_write(c->stream, res, tuple);
            if (writeError)
                break;
            linger = bodyPending;
            if (!keepAlive)
                break;
            continue;
        }
        parser.body_limit(admission.bodyLimit);
        if (bodyPending) {
            if (head[http::field::expect] == "100-continue") {
                // curl asks before sending a larger body; answering spares it a one-second pause.
                http::response<http::empty_body> go{http::status::continue_, version};
                c->stream.expires_after(kWriteTimeout);
                auto [writeError, written] = co_await http::async_write(c->stream, go, tuple);
                if (writeError)
                    break;
            }
            c->stream.expires_after(kBodyTimeout);
            auto [bodyError, bodyBytes] = co_await http::async_read(c->stream, buffer, parser, tuple);
            if (bodyError) {
                if (isHttpError(bodyError)) {
                    auto res = toWire(readFailure(bodyError), version, false);
                    c->stream.expires_after(kWriteTimeout);
                    co_await http::async_write(c->stream, res, tuple);
                    linger = true;
                }
                break;
            }
            request.body = std::move(parser.get().body());
        }
        const bool keepAlive = parser.get().keep_alive();
        std::optional<sync::HttpResponse> answered =
            co_await answer(std::move(request), *c, bodyPending);
        if (!answered)
            break; // the client hung up during a long poll
        auto res = toWire(std::move(*answered), version, keepAlive && !m_stopping);
        c->stream.expires_after(kWriteTimeout);
        auto [writeError, written] = co_await http::async_write(c->stream, res, tuple);
        if (writeError || !res.keep_alive())
            break;
    }
    if (linger) {
        co_await lingeringClose(c->stream);
    } else {
        c->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        c->stream.close();
    }
    forget(*c);
}

Admission HttpServer::admitLocked(const sync::HttpRequest &head, std::size_t contentLength)
{
    const std::lock_guard lock(m_serviceMutex);
    return m_service.admit(head, contentLength, nowMs());
}

Handled HttpServer::handleLocked(const sync::HttpRequest &request, bool admitted,
                                 const std::shared_ptr<LongPollHub::Timer> &waiter,
                                 std::optional<LongPollHub::WaiterId> &waitId,
                                 std::optional<std::chrono::steady_clock::time_point> until)
{
    const std::lock_guard lock(m_serviceMutex);
    // Read before storage is: a push another process commits meanwhile is heard by the listener
    // outside this lock, and add() then wakes the waiter at once instead of missing it.
    const LongPollHub::Sequence seen = m_longPolls.sequence();
    Handled handled = m_service.handle(request, nowMs(), admitted);
    if (!handled.notifySpace.empty())
        m_longPolls.notify(handled.notifySpace);
    if (handled.waiting()) {
        if (until)
            waiter->expires_at(*until);
        else
            waiter->expires_after(std::chrono::seconds(handled.waitSeconds));
        waitId = m_longPolls.add(handled.waitSpace, waiter, seen);
        if (!waitId)
            handled.waitSeconds = 0; // stopping: answer with what there is, now
    }
    return handled;
}

asio::awaitable<std::optional<sync::HttpResponse>>
HttpServer::answer(sync::HttpRequest request, Connection &c, bool admitted)
{
    auto waiter = std::make_shared<LongPollHub::Timer>(co_await asio::this_coro::executor);
    std::optional<LongPollHub::WaiterId> waitId;
    Handled handled = handleLocked(request, admitted, waiter, waitId);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(handled.waitSeconds);
    // A wait ends with a push to the space, the deadline, the client hanging up or the server
    // stopping. Then the same request is asked again (its rate-limit token is spent): at once
    // (wait=0) at the deadline, or, woken earlier, with the time that is left, so that a wake
    // that brought nothing for this device (its own process's notification heard back, every
    // poll woken after the listener reconnected, a partner's private envelope) waits on instead
    // of answering an empty page.
    while (!handled.retryTarget.empty()) {
        bool waitOn = false;
        if (waitId) {
            m_service.metrics().longPollOpened();
            // A client that hangs up makes its socket readable (end of stream): that ends the
            // wait too, so that an abandoned poll is not held until its timeout.
            auto readable = std::make_shared<bool>(false);
            c.stream.socket().async_wait(tcp::socket::wait_read,
                                         [waiter, readable](const beast::error_code &error) {
                                             if (error == asio::error::operation_aborted)
                                                 return;
                                             *readable = true;
                                             waiter->cancel();
                                         });
            co_await waiter->async_wait(tuple);
            beast::error_code ignored;
            c.stream.socket().cancel(ignored); // the readiness wait, when the timer ended first
            m_longPolls.remove(handled.waitSpace, *waitId);
            m_service.metrics().longPollClosed();
            // Readable with nothing to read is the end of the stream (or an error): gone.
            // Bytes to read are a pipelined request, kept for the next header read.
            if (*readable) {
                beast::error_code error;
                const std::size_t available = c.stream.socket().available(error);
                if (error || available == 0)
                    co_return std::nullopt;
            }
            // Asked again with some wait (its length does not matter: the timer is set to the
            // first deadline again), so that nothing new means waiting on.
            waitOn = !*readable && !m_stopping && std::chrono::steady_clock::now() < deadline;
            if (waitOn)
                request.target = handled.retryTarget
                                 + (handled.retryTarget.find('?') == std::string::npos ? "?" : "&")
                                 + "wait=1";
        }
        if (!waitOn)
            request.target = handled.retryTarget;
        waitId.reset();
        handled = handleLocked(request, true, waiter, waitId, deadline);
    }
    co_return std::move(handled.response);
}

} // namespace hearth::server
