#include "database.h"

#include "errors.h"

#include <sqlite3.h>

namespace hearth {

std::string quoteIdentifier(std::string_view name)
{
    // Appended piece by piece: `"\"" + std::string(name)` trips GCC 12's -Wrestrict at -O2.
    std::string out;
    out.reserve(name.size() + 2);
    out += '"';
    out += name;
    out += '"';
    return out;
}

Statement::Statement(Database &db, std::string_view sql) : m_db(&db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr)
        != SQLITE_OK)
        db.fail("preparing a query");
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement &Statement::bind(int index, std::string_view value)
{
    if (sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT)
        != SQLITE_OK)
        m_db->fail("binding a value");
    return *this;
}

Statement &Statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
        m_db->fail("binding a value");
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK)
        m_db->fail("binding a value");
    return *this;
}

Statement &Statement::bindBlob(int index, std::string_view bytes)
{
    if (sqlite3_bind_blob(m_stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC)
        != SQLITE_OK)
        m_db->fail("binding a value");
    return *this;
}

Statement &Statement::bindStatic(int index, std::string_view value)
{
    if (sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC)
        != SQLITE_OK)
        m_db->fail("binding a value");
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK)
        m_db->fail("binding a value");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_db->fail("running a query");
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

std::string_view Statement::columnName(int index) const
{
    return sqlite3_column_name(m_stmt, index);
}

bool Statement::isNull(int index) const
{
    return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

int Statement::columnType(int index) const
{
    return sqlite3_column_type(m_stmt, index);
}

std::string Statement::text(int index) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, index));
    if (!p)
        return {};
    return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index)));
}

std::int64_t Statement::integer(int index) const
{
    return sqlite3_column_int64(m_stmt, index);
}

double Statement::real(int index) const
{
    return sqlite3_column_double(m_stmt, index);
}

Database::Database(const std::filesystem::path &path, Mode mode) : m_path(path)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StorageError("Could not open " + path.string() + ": " + message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
}

Database::~Database()
{
    m_cache.clear();
    sqlite3_close(m_db);
}

void Database::exec(std::string_view sql)
{
    const std::string s(sql);
    if (sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        fail("changing the database");
}

StatementLease Database::cached(std::string_view sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end())
        it = m_cache.emplace(std::string(sql), Cached{std::make_unique<Statement>(*this, sql)}).first;
    if (it->second.lent)
        return StatementLease(std::make_unique<Statement>(*this, sql));
    it->second.lent = true;
    return StatementLease(*it->second.statement, &it->second.lent);
}

std::optional<std::int64_t> Database::queryInt(std::string_view sql)
{
    Statement st(*this, sql);
    if (!st.step() || st.isNull(0))
        return std::nullopt;
    return st.integer(0);
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

void Database::fail(std::string_view doing) const
{
    throw StorageError(std::string("Database error while ") + std::string(doing) + " ("
                       + m_path.filename().string() + "): " + sqlite3_errmsg(m_db));
}

Transaction::Transaction(Database &db) : m_db(db)
{
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!m_done)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace hearth
