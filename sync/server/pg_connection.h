#pragma once

#include "errors.h"

#include <array>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>

struct pg_conn;
struct pg_result;

namespace hearth::server {

/// A StorageError from PostgreSQL, with the SQLSTATE and constraint it named (both may be empty).
class PgError : public StorageError {
public:
    PgError(const std::string &message, std::string sqlState, std::string constraint)
        : StorageError(message), m_sqlState(std::move(sqlState)),
          m_constraint(std::move(constraint)) {}
    [[nodiscard]] const std::string &sqlState() const noexcept { return m_sqlState; }
    [[nodiscard]] const std::string &constraint() const noexcept { return m_constraint; }
    /// SQLSTATE 23505: a row with this key exists already.
    [[nodiscard]] bool uniqueViolation() const noexcept { return m_sqlState == "23505"; }

private:
    std::string m_sqlState;
    std::string m_constraint;
};

/// Raw bytes for a bytea parameter, sent in binary (no escaping, no copy).
struct PgBytes {
    std::string_view data;
};

/// One query parameter: text (the server infers its type from the query), bytes (bytea, binary)
/// or NULL. Numbers are sent as their text.
class PgParam {
public:
    PgParam(std::nullptr_t) : m_null(true) {}
    PgParam(std::string text) : m_text(std::move(text)) {}
    PgParam(std::string_view text) : m_text(text) {}
    PgParam(const char *text) : m_text(text) {}
    PgParam(bool value) : m_text(value ? "t" : "f") {}
    PgParam(double value);
    template <std::integral T>
        requires(!std::same_as<T, bool>)
    PgParam(T value) : m_text(std::to_string(value))
    {
    }
    PgParam(PgBytes bytes) : m_bytes(bytes.data), m_binary(true) {}

    [[nodiscard]] bool isNull() const noexcept { return m_null; }
    [[nodiscard]] bool isBinary() const noexcept { return m_binary; }
    /// NUL-terminated for text (libpq reads text parameters as C strings).
    [[nodiscard]] const char *data() const noexcept
    {
        return m_binary ? m_bytes.data() : m_text.c_str();
    }
    [[nodiscard]] std::size_t size() const noexcept
    {
        return m_binary ? m_bytes.size() : m_text.size();
    }

private:
    std::string m_text;
    std::string_view m_bytes;
    bool m_binary = false;
    bool m_null = false;
};

/// The rows of one query, in PostgreSQL's binary format; owns the PGresult. Accessors check the
/// column's type, so that reading a column as the wrong kind fails loudly instead of misreading.
class PgResult {
public:
    explicit PgResult(pg_result *result) noexcept : m_result(result) {}
    ~PgResult();
    PgResult(PgResult &&other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    PgResult &operator=(PgResult &&other) noexcept;
    PgResult(const PgResult &) = delete;
    PgResult &operator=(const PgResult &) = delete;

    [[nodiscard]] int rows() const noexcept;
    [[nodiscard]] bool empty() const noexcept { return rows() == 0; }
    [[nodiscard]] bool isNull(int row, int column) const;
    /// text, varchar, name or bytea: the bytes as stored ("" for NULL).
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] std::string bytes(int row, int column) const { return text(row, column); }
    /// int2, int4 or int8 (0 for NULL).
    [[nodiscard]] std::int64_t integer(int row, int column) const;
    [[nodiscard]] bool boolean(int row, int column) const;
    /// float8 (or an integer column).
    [[nodiscard]] double real(int row, int column) const;
    /// The size of a value in bytes, without copying it.
    [[nodiscard]] std::size_t length(int row, int column) const;

private:
    [[nodiscard]] const char *value(int row, int column, std::size_t expectSize) const;
    [[nodiscard]] unsigned type(int column) const;

    pg_result *m_result = nullptr;
};

/// The keywords every hearth-server connection starts from, for PQconnectdbParams or
/// PQconnectStartParams with expand_dbname: the defaults first, then `conninfo` as "dbname"
/// (expanded, so a URI's own parameters override the defaults). Timeouts, so that a database that
/// goes silent fails a request within seconds instead of holding the service for minutes, and
/// TCP keepalives, so that the listener's connection, which only receives, notices a loss.
class PgConnectParams {
public:
    explicit PgConnectParams(const std::string &conninfo)
        : m_values{"10", "30", "10", "3", "30000", conninfo.c_str(), "hearth-server", nullptr}
    {
    }
    [[nodiscard]] const char *const *keys() const noexcept { return m_keys.data(); }
    [[nodiscard]] const char *const *values() const noexcept { return m_values.data(); }

private:
    static constexpr std::array<const char *, 8> m_keys = {
        "connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
        "tcp_user_timeout", "dbname", "fallback_application_name", nullptr};
    std::array<const char *, 8> m_values;
};

/// One libpq connection (PGconn), used by one thread at a time. Queries with parameters are
/// prepared once per connection and run with binary results.
///
/// A lost connection (the server restarted, the backend was terminated) fails the call in flight
/// with StorageError; the next call connects again first. After reconnecting nothing of the old
/// session is assumed: prepared statements are prepared again, and a PgTransaction begun before
/// refuses to commit.
class PgConnection {
public:
    /// Connects; `conninfo` is a libpq URI or key=value string. Throws StorageError.
    explicit PgConnection(std::string conninfo);
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    /// Runs one statement with parameters $1, $2, ...; throws PgError.
    PgResult exec(const std::string &sql, std::initializer_list<PgParam> params = {});
    /// Runs one or more statements without parameters (migrations, BEGIN, COMMIT).
    void execScript(const std::string &sql);

    /// Counts reconnections, so that a transaction can tell it no longer owns its session.
    [[nodiscard]] std::uint64_t session() const noexcept { return m_session; }
    /// Whether the connection is inside a transaction block (possibly a failed one).
    [[nodiscard]] bool inTransaction() const noexcept;
    /// Inside a transaction block in which a statement failed: only ROLLBACK is accepted.
    [[nodiscard]] bool failedTransaction() const noexcept;
    [[nodiscard]] bool broken() const noexcept;
    [[nodiscard]] int backendPid() const noexcept;

private:
    void ensureConnected();
    /// Throws PgError for a failed result (and frees it); returns it otherwise.
    pg_result *check(pg_result *result, std::string_view what);
    const std::string &prepared(const std::string &sql, int parameterCount);

    std::string m_conninfo;
    pg_conn *m_conn = nullptr;
    std::uint64_t m_session = 0;
    std::unordered_map<std::string, std::string> m_statements;
};

/// BEGIN ... COMMIT; rolls back in its destructor unless commit() was called.
class PgTransaction {
public:
    explicit PgTransaction(PgConnection &db);
    ~PgTransaction();
    PgTransaction(const PgTransaction &) = delete;
    PgTransaction &operator=(const PgTransaction &) = delete;

    void commit();

private:
    PgConnection &m_db;
    std::uint64_t m_session;
    bool m_done = false;
};

} // namespace hearth::server
