#pragma once

// The sync tests against PostgreSQL: which backend a run uses, the throwaway cluster's admin
// URI, and a fresh schema per storage, so that tests sharing one cluster (ctest -j) never see
// each other's rows.
//
// ctest's fixture "postgres" (tests/sync/CMakeLists.txt) starts a cluster with
// scripts/pg-cluster and gives the *_pg tests HEARTH_TEST_BACKEND=postgres and
// HEARTH_TEST_POSTGRES_FILE, a file holding the URI of the superuser's "postgres" database.
// By hand: scripts/pg-cluster start /tmp/pg; HEARTH_TEST_BACKEND=postgres
// HEARTH_TEST_POSTGRES_FILE=/tmp/pg/conninfo build/debug/tests/sync/tst_service

#include <libpq-fe.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::test {

/// Whether this run's storage is PostgreSQL: HEARTH_TEST_BACKEND=postgres (else SQLite).
inline bool usePostgres()
{
    const char *backend = std::getenv("HEARTH_TEST_BACKEND");
    return backend && std::string_view(backend) == "postgres";
}

/// The admin URI from the file named by HEARTH_TEST_POSTGRES_FILE; nullopt when the variable is
/// unset. Throws when it names a file that cannot be read or is empty (the cluster is not up).
inline std::optional<std::string> postgresAdminUri()
{
    const char *file = std::getenv("HEARTH_TEST_POSTGRES_FILE");
    if (!file || !*file)
        return std::nullopt;
    std::ifstream in(file);
    std::string uri;
    if (!in || !std::getline(in, uri) || uri.empty())
        throw std::runtime_error(std::string("HEARTH_TEST_POSTGRES_FILE names ") + file +
                                 ", which holds no URI: is the cluster up (scripts/pg-cluster start)?");
    return uri;
}

/// The admin URI when this run uses PostgreSQL, or a clear error saying what is missing.
inline std::string requirePostgresAdminUri()
{
    const std::optional<std::string> uri = postgresAdminUri();
    if (!uri)
        throw std::runtime_error("HEARTH_TEST_BACKEND=postgres needs HEARTH_TEST_POSTGRES_FILE, a file "
                                 "holding an admin URI (ctest's *_pg tests set both)");
    return *uri;
}

/// The URI with a libpq parameter added, after "?" or "&".
inline std::string withUriParameter(const std::string &uri, std::string_view parameter)
{
    return uri + (uri.find('?') == std::string::npos ? "?" : "&") + std::string(parameter);
}

/// A connection for the test's own inspection; closed with the object.
class PostgresConnection {
public:
    explicit PostgresConnection(const std::string &uri) : m_conn(PQconnectdb(uri.c_str()), &PQfinish)
    {
        if (!m_conn || PQstatus(m_conn.get()) != CONNECTION_OK)
            throw std::runtime_error("cannot connect to PostgreSQL: " +
                                     std::string(m_conn ? PQerrorMessage(m_conn.get()) : "out of memory"));
    }

    /// Runs a statement (several, separated by ";", when there are no parameters) and returns
    /// the rows of the last one, NULLs as nullopt. Throws with the server's message.
    std::vector<std::vector<std::optional<std::string>>> query(const std::string &sql,
                                                               const std::vector<std::string> &params = {})
    {
        std::vector<const char *> values;
        for (const std::string &p : params)
            values.push_back(p.c_str());
        const std::unique_ptr<PGresult, decltype(&PQclear)> result(
            params.empty() ? PQexec(m_conn.get(), sql.c_str())
                           : PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()),
                                          nullptr, values.data(), nullptr, nullptr, 0),
            &PQclear);
        const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw std::runtime_error(sql + ": " + PQerrorMessage(m_conn.get()));
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (int r = 0; r < PQntuples(result.get()); ++r) {
            auto &row = rows.emplace_back();
            for (int c = 0; c < PQnfields(result.get()); ++c)
                row.push_back(PQgetisnull(result.get(), r, c)
                                  ? std::nullopt
                                  : std::optional<std::string>(PQgetvalue(result.get(), r, c)));
        }
        return rows;
    }

    void exec(const std::string &sql) { (void)query(sql); }

private:
    std::unique_ptr<PGconn, decltype(&PQfinish)> m_conn;
};

/// "h_" and 16 random hex digits: a schema name no other test picks.
inline std::string randomSchemaName()
{
    static std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t bits = rng();
    std::string name = "h_";
    for (int i = 0; i < 16; ++i, bits >>= 4)
        name += kHex[bits & 0xf];
    return name;
}

/// The URI of the schema for a storage: libpq's "options" sets its search_path; the schema's
/// name is also the connection's application_name, so that pg_stat_activity tells the tests'
/// connections apart.
inline std::string schemaUri(const std::string &adminUri, const std::string &schema)
{
    return withUriParameter(withUriParameter(adminUri, "options=-csearch_path%3D" + schema),
                            "application_name=" + schema);
}

/// Creates a new empty schema and returns the URI that works in it.
inline std::string freshPostgresSchema(const std::string &adminUri)
{
    const std::string schema = randomSchemaName();
    PostgresConnection(adminUri).exec("CREATE SCHEMA " + schema);
    return schemaUri(adminUri, schema);
}

/// A fresh schema that is dropped with the object, so that a long run (the simulation's
/// hundreds of seeds) leaves the cluster's catalogue small.
class PostgresSchema {
public:
    explicit PostgresSchema(std::string adminUri)
        : m_adminUri(std::move(adminUri)), m_name(randomSchemaName())
    {
        PostgresConnection(m_adminUri).exec("CREATE SCHEMA " + m_name);
    }
    ~PostgresSchema()
    {
        try {
            PostgresConnection(m_adminUri).exec("SET client_min_messages = warning; DROP SCHEMA " + m_name + " CASCADE");
        } catch (const std::exception &e) {
            // A destructor cannot fail the test; the cluster is thrown away after the run anyway.
            std::fprintf(stderr, "warning: schema %s not dropped: %s\n", m_name.c_str(), e.what());
        }
    }
    PostgresSchema(const PostgresSchema &) = delete;
    PostgresSchema &operator=(const PostgresSchema &) = delete;

    [[nodiscard]] const std::string &name() const noexcept { return m_name; }
    [[nodiscard]] const std::string &adminUri() const noexcept { return m_adminUri; }
    /// The URI a storage is given: this schema first on its search_path.
    [[nodiscard]] std::string uri() const { return schemaUri(m_adminUri, m_name); }

private:
    std::string m_adminUri;
    std::string m_name;
};

} // namespace hearth::test
