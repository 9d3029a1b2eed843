#pragma once

// Writing an export (a backup, a calendar, a couple's summary) where the person chose, shared by
// Session and PracticeSession.

#include <QByteArray>
#include <QString>

/// Accepts a plain path or a file URL, as FileDialog hands out.
[[nodiscard]] QString localPath(const QString &target);

/// Writes `bytes` to `target` (a path or a file URL), making its folder first: "" when written,
/// else what went wrong, for a person to read.
[[nodiscard]] QString writeFile(const QString &target, const QByteArray &bytes);
