#pragma once

#include <stdexcept>
#include <string>

namespace hearth::server {

/// An answer other than success, thrown inside a request's handling and turned into
/// `{"error":{"code":..,"message":..}}` at the service boundary.
class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string &message, int retryAfter = 0)
        : std::runtime_error(message), m_status(status), m_code(std::move(code)),
          m_retryAfter(retryAfter)
    {
    }
    [[nodiscard]] int status() const noexcept { return m_status; }
    [[nodiscard]] const std::string &code() const noexcept { return m_code; }
    /// Seconds, for a 429's Retry-After; 0 for none.
    [[nodiscard]] int retryAfter() const noexcept { return m_retryAfter; }

private:
    int m_status;
    std::string m_code;
    int m_retryAfter;
};

} // namespace hearth::server
