#include "change.h"

#include "entity.h"
#include "errors.h"

#include <algorithm>
#include <type_traits>

namespace hearth {

std::string Change::mergeKey() const
{
    // Compared as a difference: receivedMs + kMaxClockDrift overflows for a server's made-up time.
    if (receivedMs > 0 && stamp.ms > receivedMs && stamp.ms - receivedMs > kMaxClockDrift) {
        Stamp bounded{receivedMs + kMaxClockDrift, stamp.counter, stamp.device};
        return bounded.toString() + "|" + stamp.toString();
    }
    return stamp.toString();
}

const std::string *clockOf(const FieldClocks &clocks, std::string_view field)
{
    for (const auto &[f, key] : clocks)
        if (f == field)
            return &key;
    return nullptr;
}

void setClock(FieldClocks &clocks, std::string_view field, const std::string &key)
{
    for (auto &[f, k] : clocks) {
        if (f == field) {
            k = key;
            return;
        }
    }
    clocks.emplace_back(field, key);
}

namespace {

/// True when `s` needs no escaping inside a JSON string.
bool plainJson(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\';
    });
}

} // namespace

std::string encodeClocks(const FieldClocks &clocks)
{
    std::vector<const std::pair<std::string, std::string> *> order;
    order.reserve(clocks.size());
    bool plain = true;
    for (const auto &c : clocks) {
        order.push_back(&c);
        plain = plain && plainJson(c.first) && plainJson(c.second);
    }
    std::sort(order.begin(), order.end(), [](const auto *a, const auto *b) {
        return a->second != b->second ? a->second < b->second : a->first < b->first;
    });
    if (!plain) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto *c : order)
            out[c->second].push_back(c->first);
        return out.dump();
    }
    // The common case, written directly: the same text nlohmann::json::dump() gives.
    std::string out = "{";
    const std::string *key = nullptr;
    for (const auto *c : order) {
        if (!key || *key != c->second) {
            if (key)
                out += "],";
            out += '"';
            out += c->second;
            out += "\":[";
            key = &c->second;
        } else {
            out += ',';
        }
        out += '"';
        out += c->first;
        out += '"';
    }
    out += key ? "]}" : "}";
    return out;
}

FieldClocks decodeClocks(const std::string &text)
{
    const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_object())
        throw ProtocolError("a row's clocks cannot be read");
    FieldClocks out;
    for (const auto &[key, fields] : parsed.items()) {
        if (!fields.is_array())
            throw ProtocolError("a row's clocks cannot be read");
        for (const auto &f : fields) {
            if (!f.is_string())
                throw ProtocolError("a row's clocks cannot be read");
            out.emplace_back(f.get<std::string>(), key);
        }
    }
    return out;
}

void to_json(nlohmann::json &j, const Change &c)
{
    j = nlohmann::json{{"stamp", c.stamp.toString()},
                       {"entity", c.entity},
                       {"id", c.id},
                       {"scope", c.scope},
                       {"fields", c.fields}};
    if (c.receivedMs > 0)
        j["receivedMs"] = c.receivedMs;
}

namespace {

/// from_json's reading and checks. With a mutable `j` the fields are moved out of it rather than
/// copied: a pulled envelope's changes are parsed once and the document dropped.
template<typename Json>
void readChange(Json &j, Change &c)
{
    if (!j.is_object())
        throw ProtocolError("a change must be a JSON object");
    auto text = [&](const char *key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->template get_ref<const std::string &>().empty())
            throw ProtocolError(std::string("a change needs a non-empty \"") + key + "\"");
        return it->template get<std::string>();
    };
    c.stamp = Stamp::parse(text("stamp"));
    c.entity = text("entity");
    c.id = text("id");
    c.scope = text("scope");
    if (!isScope(c.scope))
        throw ProtocolError("unknown scope \"" + c.scope + "\"");
    auto f = j.find("fields");
    if (f == j.end() || !f->is_object())
        throw ProtocolError("a change needs an object \"fields\"");
    if constexpr (std::is_const_v<Json>)
        c.fields = *f;
    else
        c.fields = std::move(*f);
    if (auto cl = c.fields.find(kCausalLength); cl != c.fields.end()
        && (!cl->is_number_integer() || cl->template get<std::int64_t>() < 0))
        throw ProtocolError("\"_cl\" must be a non-negative integer");
    if (auto scope = c.fields.find(kScopeField); scope != c.fields.end()
        && (!scope->is_string() || !isScope(scope->template get_ref<const std::string &>())))
        throw ProtocolError("\"_scope\" must be private, couple or care");
    // Checked before get(): a float out of range of Millis would be undefined behaviour.
    auto received = j.find("receivedMs");
    if (received != j.end() && (!received->is_number_integer() || received->template get<Millis>() < 0))
        throw ProtocolError("\"receivedMs\" must be a non-negative whole number");
    c.receivedMs = received == j.end() ? 0 : received->template get<Millis>();
}

} // namespace

void from_json(const nlohmann::json &j, Change &c)
{
    readChange(j, c);
}

Change changeFromJson(nlohmann::json &&j)
{
    Change c;
    readChange(j, c);
    return c;
}

std::vector<Change> changesFromJson(std::string_view text)
{
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array())
        throw ProtocolError("changes must be a JSON array");
    std::vector<Change> out(parsed.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        readChange(parsed[i], out[i]);
    return out;
}

} // namespace hearth
