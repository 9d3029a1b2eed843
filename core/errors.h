#pragma once

#include <stdexcept>
#include <string>

namespace hearth {

/// Base of every error core throws; `what()` is a message a person can read.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Input that breaks a rule; names the field so the UI can show the message beside it.
class ValidationError : public Error {
public:
    ValidationError(std::string field, const std::string &message)
        : Error(message), m_field(std::move(field)) {}
    [[nodiscard]] const std::string &field() const noexcept { return m_field; }

private:
    std::string m_field;
};

/// The database could not be opened, read or written.
class StorageError : public Error {
public:
    using Error::Error;
};

/// A change, envelope or file that does not follow the documented format.
class ProtocolError : public Error {
public:
    using Error::Error;
};

/// A content file (content/*.json) that does not match its schema; names the file and the field.
class ContentError : public Error {
public:
    ContentError(std::string file, std::string field, const std::string &message)
        : Error(file + ": " + field + ": " + message), m_file(std::move(file)),
          m_field(std::move(field)) {}
    [[nodiscard]] const std::string &file() const noexcept { return m_file; }
    [[nodiscard]] const std::string &field() const noexcept { return m_field; }

private:
    std::string m_file;
    std::string m_field;
};

} // namespace hearth
