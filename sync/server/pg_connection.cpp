#include "pg_connection.h"

#include <libpq-fe.h>

#include <bit>
#include <cstdio>
#include <cstring>
#include <vector>

namespace hearth::server {

namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat); fixed since forever.
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kName = 19;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kText = 25;
constexpr Oid kFloat8 = 701;
constexpr Oid kVarchar = 1043;

std::uint64_t bigEndian(const char *bytes, std::size_t size)
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i)
        value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}

std::string errorText(const PGconn *conn)
{
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

std::string field(const PGresult *result, int code)
{
    const char *value = PQresultErrorField(result, code);
    return value ? value : "";
}

void ignoreNotice(void *, const char *) {}

} // namespace

PgParam::PgParam(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    m_text = buffer;
}

PgResult::~PgResult()
{
    PQclear(m_result);
}

PgResult &PgResult::operator=(PgResult &&other) noexcept
{
    if (this != &other) {
        PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}

int PgResult::rows() const noexcept
{
    return m_result ? PQntuples(m_result) : 0;
}

unsigned PgResult::type(int column) const
{
    if (!m_result || column < 0 || column >= PQnfields(m_result))
        throw StorageError("A query result has no column " + std::to_string(column));
    return PQftype(m_result, column);
}

bool PgResult::isNull(int row, int column) const
{
    if (!m_result || row < 0 || row >= PQntuples(m_result) || column < 0
        || column >= PQnfields(m_result))
        throw StorageError("A query result has no row " + std::to_string(row) + ", column "
                           + std::to_string(column));
    return PQgetisnull(m_result, row, column) != 0;
}

const char *PgResult::value(int row, int column, std::size_t expectSize) const
{
    if (isNull(row, column))
        return nullptr;
    if (PQfformat(m_result, column) != 1)
        throw StorageError("A query result came in text format where binary was asked for");
    if (expectSize != 0 && static_cast<std::size_t>(PQgetlength(m_result, row, column)) != expectSize)
        throw StorageError("A query result has a value of an unexpected size in column "
                           + std::to_string(column));
    return PQgetvalue(m_result, row, column);
}

std::size_t PgResult::length(int row, int column) const
{
    return isNull(row, column) ? 0 : static_cast<std::size_t>(PQgetlength(m_result, row, column));
}

std::string PgResult::text(int row, int column) const
{
    const Oid oid = type(column);
    if (oid != kText && oid != kVarchar && oid != kName && oid != kBytea)
        throw StorageError("Column " + std::to_string(column) + " is not text or bytes (type "
                           + std::to_string(oid) + ")");
    const char *bytes = value(row, column, 0);
    return bytes ? std::string(bytes, length(row, column)) : std::string();
}

std::int64_t PgResult::integer(int row, int column) const
{
    std::size_t size = 0;
    switch (type(column)) {
    case kInt8: size = 8; break;
    case kInt4: size = 4; break;
    case kInt2: size = 2; break;
    default:
        throw StorageError("Column " + std::to_string(column) + " is not an integer (type "
                           + std::to_string(type(column)) + ")");
    }
    const char *bytes = value(row, column, size);
    if (!bytes)
        return 0;
    const std::uint64_t raw = bigEndian(bytes, size);
    // Sign-extend the narrower types.
    const unsigned shift = static_cast<unsigned>(64 - 8 * size);
    return static_cast<std::int64_t>(raw << shift) >> shift;
}

bool PgResult::boolean(int row, int column) const
{
    if (type(column) != kBool)
        throw StorageError("Column " + std::to_string(column) + " is not a boolean");
    const char *bytes = value(row, column, 1);
    return bytes && *bytes != 0;
}

double PgResult::real(int row, int column) const
{
    if (type(column) != kFloat8)
        return static_cast<double>(integer(row, column));
    const char *bytes = value(row, column, 8);
    return bytes ? std::bit_cast<double>(bigEndian(bytes, 8)) : 0.0;
}

PgConnection::PgConnection(std::string conninfo) : m_conninfo(std::move(conninfo))
{
    const PgConnectParams params(m_conninfo);
    m_conn = PQconnectdbParams(params.keys(), params.values(), /*expand_dbname=*/1);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        const std::string message = errorText(m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw StorageError("Could not connect to PostgreSQL: " + message);
    }
    PQsetNoticeProcessor(m_conn, ignoreNotice, nullptr);
}

PgConnection::~PgConnection()
{
    PQfinish(m_conn);
}

bool PgConnection::broken() const noexcept
{
    return PQstatus(m_conn) != CONNECTION_OK;
}

bool PgConnection::inTransaction() const noexcept
{
    const PGTransactionStatusType status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool PgConnection::failedTransaction() const noexcept
{
    return PQtransactionStatus(m_conn) == PQTRANS_INERROR;
}

int PgConnection::backendPid() const noexcept
{
    return PQbackendPID(m_conn);
}

void PgConnection::ensureConnected()
{
    if (PQstatus(m_conn) == CONNECTION_OK)
        return;
    PQreset(m_conn);
    // A new session either way: nothing prepared on the old one exists any more.
    m_statements.clear();
    ++m_session;
    if (PQstatus(m_conn) != CONNECTION_OK)
        throw StorageError("Could not connect to PostgreSQL again: " + errorText(m_conn));
    PQsetNoticeProcessor(m_conn, ignoreNotice, nullptr);
}

pg_result *PgConnection::check(pg_result *result, std::string_view what)
{
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    std::string sqlState;
    std::string constraint;
    std::string message;
    if (result) {
        sqlState = field(result, PG_DIAG_SQLSTATE);
        constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
        message = field(result, PG_DIAG_MESSAGE_PRIMARY);
        PQclear(result);
    }
    if (message.empty())
        message = errorText(m_conn);
    if (PQstatus(m_conn) == CONNECTION_BAD)
        throw PgError("Lost the connection to PostgreSQL (" + message + ")", sqlState, constraint);
    throw PgError("PostgreSQL refused " + std::string(what) + ": " + message
                      + (sqlState.empty() ? "" : " (SQLSTATE " + sqlState + ")"),
                  sqlState, constraint);
}

const std::string &PgConnection::prepared(const std::string &sql, int parameterCount)
{
    if (const auto it = m_statements.find(sql); it != m_statements.end())
        return it->second;
    std::string name = "hearth_" + std::to_string(m_statements.size() + 1);
    PQclear(check(PQprepare(m_conn, name.c_str(), sql.c_str(), parameterCount, nullptr),
                  "to prepare a statement"));
    return m_statements.emplace(sql, std::move(name)).first->second;
}

PgResult PgConnection::exec(const std::string &sql, std::initializer_list<PgParam> params)
{
    ensureConnected();
    const int count = static_cast<int>(params.size());
    std::vector<const char *> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    values.reserve(params.size());
    lengths.reserve(params.size());
    formats.reserve(params.size());
    for (const PgParam &p : params) {
        if (!p.isBinary() && !p.isNull() && std::strlen(p.data()) != p.size())
            throw ValidationError("text", "Text with a NUL character cannot be stored");
        values.push_back(p.isNull() ? nullptr : p.data());
        lengths.push_back(static_cast<int>(p.size()));
        formats.push_back(p.isBinary() ? 1 : 0);
    }
    // The types are inferred from the statement; a bytea parameter in an ambiguous spot needs a
    // cast ($1::bytea) in the SQL.
    const std::string &name = prepared(sql, count);
    return PgResult(check(PQexecPrepared(m_conn, name.c_str(), count, values.data(),
                                         lengths.data(), formats.data(), /*resultFormat=*/1),
                          "a query"));
}

void PgConnection::execScript(const std::string &sql)
{
    ensureConnected();
    PQclear(check(PQexec(m_conn, sql.c_str()), "a statement"));
}

PgTransaction::PgTransaction(PgConnection &db) : m_db(db)
{
    // A transaction left open by an earlier failure would swallow this one: end it first.
    if (m_db.inTransaction() && !m_db.broken())
        m_db.execScript("ROLLBACK");
    m_db.execScript("BEGIN");
    m_session = m_db.session();
}

PgTransaction::~PgTransaction()
{
    if (m_done || m_db.broken() || m_db.session() != m_session || !m_db.inTransaction())
        return;
    try {
        m_db.execScript("ROLLBACK");
    } catch (const StorageError &) {
        // The connection went away meanwhile; the server rolled back for us.
    }
}

void PgTransaction::commit()
{
    if (m_db.session() != m_session)
        throw StorageError("The connection to PostgreSQL was lost during a transaction");
    // COMMIT of a failed transaction "succeeds" as a ROLLBACK: never let that pass for a commit.
    if (!m_db.inTransaction() || m_db.failedTransaction())
        throw StorageError("A transaction that failed cannot be committed");
    m_done = true;
    m_db.execScript("COMMIT");
}

} // namespace hearth::server
