#include "jsonvariant.h"

#include <QJSValue>
#include <QVariantList>
#include <QVariantMap>

#include <cmath>

using nlohmann::json;

QVariant jsonToVariant(const json &value)
{
    switch (value.type()) {
    case json::value_t::string: return qstr(value.get_ref<const std::string &>());
    case json::value_t::boolean: return value.get<bool>();
    case json::value_t::number_integer: return qint64(value.get<std::int64_t>());
    case json::value_t::number_unsigned: return qint64(value.get<std::uint64_t>());
    case json::value_t::number_float: return value.get<double>();
    case json::value_t::array: {
        QVariantList list;
        list.reserve(qsizetype(value.size()));
        for (const json &item : value)
            list.append(jsonToVariant(item));
        return list;
    }
    case json::value_t::object: {
        QVariantMap map;
        for (auto it = value.begin(); it != value.end(); ++it)
            map.insert(qstr(it.key()), jsonToVariant(it.value()));
        return map;
    }
    default: return {};
    }
}

json variantToJson(const QVariant &input)
{
    QVariant value = input;
    if (value.metaType() == QMetaType::fromType<QJSValue>())
        value = value.value<QJSValue>().toVariant();
    switch (value.metaType().id()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr: return nullptr;
    case QMetaType::QString: return str(value.toString());
    case QMetaType::Bool: return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::Long: return value.toLongLong();
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::ULong: return value.toULongLong();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (!std::isfinite(d))
            return nullptr;
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            return static_cast<std::int64_t>(d);
        return d;
    }
    case QMetaType::QStringList: {
        json out = json::array();
        for (const QString &s : value.toStringList())
            out.push_back(str(s));
        return out;
    }
    case QMetaType::QVariantList: {
        json out = json::array();
        for (const QVariant &item : value.toList())
            out.push_back(variantToJson(item));
        return out;
    }
    case QMetaType::QVariantMap: {
        json out = json::object();
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            out[str(it.key())] = variantToJson(it.value());
        return out;
    }
    default:
        // Anything else QML may hand over (a QUrl, a date) as its text.
        return value.canConvert<QString>() ? json(str(value.toString())) : json();
    }
}
