#pragma once

// The server's request logic in the test's own process, for client tests and the simulation:
// the real SyncService over the real storage, with a clock the test sets. The storage is SQLite
// in the given directory, or PostgreSQL on a fresh schema when the run says so (pgtest.h).

#include "http.h"
#include "pg_storage.h"
#include "pgtest.h"
#include "service.h"
#include "sqlite_storage.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace hearth::test {

class LocalServer {
public:
    explicit LocalServer(std::filesystem::path dir, server::ServiceConfig config = unlimited())
        : m_dir(std::move(dir)), m_config(config)
    {
        if (usePostgres())
            m_schema.emplace(requirePostgresAdminUri());
        start();
    }

    /// The defaults, without rate limits: test clocks barely move, and rate limits have tests
    /// of their own.
    static server::ServiceConfig unlimited()
    {
        server::ServiceConfig config;
        config.ratePerSecond = 1e9;
        config.rateBurst = 1e9;
        return config;
    }

    std::int64_t now = 1'760'000'000'000;

    /// Closes the database and opens it again, as a server restart does; what is in memory
    /// (rate limits on SQLite) is gone. On PostgreSQL a new connection to the same schema.
    void restart()
    {
        m_service.reset();
        m_storage.reset();
        start();
    }

    /// One request, answered at once: a long poll that finds nothing returns its empty page.
    sync::HttpResponse serve(const sync::HttpRequest &request)
    {
        server::Handled h = m_service->handle(request, now);
        if (h.waiting()) {
            sync::HttpRequest again = request;
            again.target = h.retryTarget;
            h = m_service->handle(again, now);
        }
        return h.response;
    }

    [[nodiscard]] const std::filesystem::path &dir() const noexcept { return m_dir; }

private:
    void start()
    {
        if (m_schema)
            m_storage = std::make_unique<server::PgStorage>(m_schema->uri());
        else
            m_storage = std::make_unique<server::SqliteStorage>(m_dir);
        m_service = std::make_unique<server::SyncService>(*m_storage, m_config, [](std::string_view) {});
    }

    std::filesystem::path m_dir;
    server::ServiceConfig m_config;
    std::optional<PostgresSchema> m_schema;
    std::unique_ptr<server::ServerStorage> m_storage;
    std::unique_ptr<server::SyncService> m_service;
};

/// A transport straight into a LocalServer.
class DirectTransport final : public sync::Transport {
public:
    explicit DirectTransport(LocalServer &server) : m_server(server) {}
    bool offline = false;
    /// When at 0 or more: how many more requests get through before the network goes away.
    int requestsLeft = -1;

    sync::HttpResponse send(const sync::HttpRequest &request) override
    {
        if (requestsLeft == 0)
            offline = true;
        if (offline)
            throw sync::TransportError("offline");
        if (requestsLeft > 0)
            --requestsLeft;
        return m_server.serve(request);
    }

private:
    LocalServer &m_server;
};

} // namespace hearth::test
