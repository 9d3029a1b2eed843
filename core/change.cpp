#include "change.h"

#include "entity.h"
#include "errors.h"

namespace hearth {

std::string Change::mergeKey() const
{
    if (receivedMs > 0 && stamp.ms > receivedMs + kMaxClockDrift) {
        Stamp bounded{receivedMs + kMaxClockDrift, stamp.counter, stamp.device};
        return bounded.toString() + "|" + stamp.toString();
    }
    return stamp.toString();
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

void from_json(const nlohmann::json &j, Change &c)
{
    if (!j.is_object())
        throw ProtocolError("a change must be a JSON object");
    auto text = [&](const char *key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->get_ref<const std::string &>().empty())
            throw ProtocolError(std::string("a change needs a non-empty \"") + key + "\"");
        return it->get<std::string>();
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
    c.fields = *f;
    if (auto cl = c.fields.find(kCausalLength); cl != c.fields.end()
        && (!cl->is_number_integer() || cl->get<std::int64_t>() < 0))
        throw ProtocolError("\"_cl\" must be a non-negative integer");
    c.receivedMs = j.value("receivedMs", Millis{0});
}

} // namespace hearth
