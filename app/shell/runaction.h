#pragma once

#include <QString>

#include <functional>

/// Runs `action` for a button or a form: "" when it went through, else what it threw, for a
/// person to read. A core error says its own message; anything else (a library's) is still a
/// message, never a crash of the app.
[[nodiscard]] QString runAction(const std::function<void()> &action);
