#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace hearth {

class Database;

/// A prepared statement; finalized when it goes out of scope.
class Statement {
public:
    Statement(Database &db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) = delete;

    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bindNull(int index);
    /// Binds text without copying it: the caller keeps it alive until the statement has run.
    Statement &bindStatic(int index, std::string_view value);
    /// Binds bytes as a BLOB, without copying them (as bindStatic).
    Statement &bindBlob(int index, std::string_view bytes);

    /// Runs one step; true while there is a row to read.
    bool step();
    /// Runs a statement that returns no rows.
    void run();
    /// Resets for another run and clears the bindings.
    void reset();

    [[nodiscard]] int columnCount() const;
    [[nodiscard]] std::string_view columnName(int index) const;
    [[nodiscard]] bool isNull(int index) const;
    [[nodiscard]] int columnType(int index) const;
    [[nodiscard]] std::string text(int index) const;
    [[nodiscard]] std::int64_t integer(int index) const;
    [[nodiscard]] double real(int index) const;

private:
    Database *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

/// `name` as an SQL identifier in double quotes (names come from the entity registry, never
/// from input).
[[nodiscard]] std::string quoteIdentifier(std::string_view name);

/// A statement lent from a connection's cache for one use. When the lease ends the statement
/// is reset (its read or write finished, its bindings cleared), so that no query is left open by
/// accident: an open read would pin the write-ahead log and let it grow without bound.
class StatementLease {
public:
    /// Lends a cached statement; `lent` marks it as in use until the lease ends.
    StatementLease(Statement &statement, bool *lent) : m_statement(&statement), m_lent(lent) {}
    /// A statement of the lease's own, for a text whose cached statement is already lent.
    explicit StatementLease(std::unique_ptr<Statement> own)
        : m_own(std::move(own)), m_statement(m_own.get())
    {
    }
    ~StatementLease()
    {
        if (m_statement)
            m_statement->reset();
        if (m_lent)
            *m_lent = false;
    }
    StatementLease(StatementLease &&other) noexcept
        : m_own(std::move(other.m_own)), m_statement(std::exchange(other.m_statement, nullptr)),
          m_lent(std::exchange(other.m_lent, nullptr))
    {
    }
    StatementLease(const StatementLease &) = delete;
    StatementLease &operator=(const StatementLease &) = delete;
    StatementLease &operator=(StatementLease &&) = delete;

    Statement *operator->() const noexcept { return m_statement; }
    Statement &operator*() const noexcept { return *m_statement; }

private:
    std::unique_ptr<Statement> m_own;
    Statement *m_statement;
    bool *m_lent = nullptr;
};

/// An open SQLite connection; closed when it goes out of scope.
class Database {
public:
    enum class Mode { ReadWrite, ReadWriteCreate, ReadOnly };

    Database(const std::filesystem::path &path, Mode mode);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    /// A statement prepared once and kept for the life of the connection, lent ready to bind.
    /// Asking for the same text while it is lent (a nested use) gets a statement of its own, so
    /// the outer use is never reset under its feet.
    [[nodiscard]] StatementLease cached(std::string_view sql);
    /// The first column of the first row, or nullopt.
    std::optional<std::int64_t> queryInt(std::string_view sql);

    [[nodiscard]] std::int64_t lastInsertRowId() const;
    [[nodiscard]] int changes() const;
    [[nodiscard]] sqlite3 *handle() const noexcept { return m_db; }
    [[nodiscard]] const std::filesystem::path &path() const noexcept { return m_path; }

    /// Throws StorageError with SQLite's message, prefixed by what we were doing.
    [[noreturn]] void fail(std::string_view doing) const;

private:
    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept
        {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct Cached {
        std::unique_ptr<Statement> statement;
        bool lent = false;
    };
    std::unordered_map<std::string, Cached, TextHash, std::equal_to<>> m_cache;
};

/// BEGIN IMMEDIATE on construction; rolls back in the destructor unless committed.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    void commit();

private:
    Database &m_db;
    bool m_done = false;
};

} // namespace hearth
