#pragma once

// Conversions between the core's types and Qt's, shared by the app's classes: text both ways, and
// JSON values (answers, drafts) to and from the QVariant that QML hands over and reads.

#include <QString>
#include <QVariant>

#include <nlohmann/json.hpp>

#include <string>

inline QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

inline std::string str(const QString &s)
{
    return s.toStdString();
}

/// A JSON value as QML reads it: objects as QVariantMap, arrays as QVariantList, whole numbers
/// as qint64; null as an invalid QVariant.
[[nodiscard]] QVariant jsonToVariant(const nlohmann::json &value);

/// What QML handed over (a QJSValue, map, list, string, number, bool or nothing) as JSON. A
/// number QML gives as a double but that is whole becomes an integer (a scale's 3, not 3.0);
/// NaN and infinities become null.
[[nodiscard]] nlohmann::json variantToJson(const QVariant &value);
