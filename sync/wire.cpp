#include "wire.h"

#include "encoding.h"
#include "entity.h"
#include "errors.h"

#include <simdjson.h>

#include <charconv>

namespace hearth::sync {

namespace dom = simdjson::dom;

namespace {

/// A parser per thread keeps its buffers between documents; one grown past this by a large
/// document is let go afterwards rather than held for the life of the thread.
constexpr std::size_t kKeptParserCapacity = 8 * 1024 * 1024;

/// Parses `body` and hands its root to `read`, which must take what it needs before returning:
/// the parser's buffers are reused by the next document.
template<typename Read>
auto withDocument(std::string_view body, std::string_view what, Read &&read)
{
    thread_local dom::parser parser;
    struct Release {
        ~Release()
        {
            if (parser.capacity() > kKeptParserCapacity)
                parser = dom::parser();
        }
    } release;
    dom::element root;
    if (const auto error = parser.parse(body.data(), body.size()).get(root))
        throw MalformedJson(std::string(what) + " is not valid JSON: "
                            + simdjson::error_message(error));
    if (!root.is_object())
        throw MalformedJson(std::string(what) + " is not a JSON object");
    return read(dom::object(root));
}

void appendNumber(std::string &out, std::int64_t value)
{
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    out.append(buffer, end);
}

void appendUnsigned(std::string &out, std::uint64_t value)
{
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    out.append(buffer, end);
}

void appendKey(std::string &out, std::string_view key)
{
    out += '"';
    out += key;
    out += "\":";
}

/// Reads the fields of one envelope object; what from_json() reads, with its messages.
class EnvelopeReader {
public:
    explicit EnvelopeReader(dom::element value)
    {
        if (!value.is_object())
            throw ProtocolError("an envelope must be a JSON object");
        m_object = dom::object(value);
    }

    Envelope read() const
    {
        Envelope e;
        e.header.id = text("id");
        e.header.spaceId = text("space");
        e.header.scope = text("scope");
        if (!isScope(e.header.scope))
            throw ProtocolError("unknown scope \"" + e.header.scope + "\"");
        e.header.deviceId = text("device");
        e.header.seq = number("seq", UINT64_MAX);
        e.header.epoch = static_cast<std::uint32_t>(number("epoch", UINT32_MAX));
        std::vector<unsigned char> bytes;
        if (!decodeBase64(text("nonce"), bytes))
            throw ProtocolError("\"nonce\" is not unpadded base64url");
        if (bytes.size() != Envelope::kNonceSize)
            throw ProtocolError("an envelope's nonce has 24 bytes");
        std::copy(bytes.begin(), bytes.end(), e.nonce.begin());
        if (!decodeBase64(text("ciphertext"), e.ciphertext))
            throw ProtocolError("\"ciphertext\" is not unpadded base64url");
        return e;
    }

    std::int64_t integer(const char *key) const
    {
        std::int64_t value = 0;
        if (m_object.at_key(key).get_int64().get(value))
            throw ProtocolError(std::string("an envelope needs a whole number \"") + key + "\"");
        return value;
    }

private:
    std::string_view text(const char *key) const
    {
        std::string_view value;
        if (m_object.at_key(key).get_string().get(value) || value.empty())
            throw ProtocolError(std::string("an envelope needs a non-empty \"") + key + "\"");
        return value;
    }

    std::uint64_t number(const char *key, std::uint64_t max) const
    {
        std::uint64_t value = 0;
        if (m_object.at_key(key).get_uint64().get(value) || value > max)
            throw ProtocolError(std::string("an envelope needs a whole number \"") + key + "\"");
        return value;
    }

    dom::object m_object;
};

dom::array arrayOf(dom::object object, const char *key, std::string_view what)
{
    dom::element value;
    if (object.at_key(key).get(value))
        throw ValidationError(key, std::string(what) + " has no \"" + key + "\"");
    if (!value.is_array())
        throw ValidationError(key, "\"" + std::string(key) + "\" must be an array");
    return dom::array(value);
}

std::int64_t integerOf(dom::object object, const char *key, std::string_view what)
{
    std::int64_t value = 0;
    if (object.at_key(key).get_int64().get(value))
        throw ProtocolError(std::string(what) + " needs a whole number \"" + key + "\"");
    return value;
}

} // namespace

void appendJsonString(std::string &out, std::string_view text, bool asciiOnly)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        } else if (asciiOnly && byte >= 0x80) {
            out += "\\ufffd";
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendEnvelopeJson(std::string &out, const Envelope &e, std::int64_t cursor,
                        std::int64_t receivedMs)
{
    out += '{';
    appendKey(out, "id");
    appendJsonString(out, e.header.id);
    out += ',';
    appendKey(out, "space");
    appendJsonString(out, e.header.spaceId);
    out += ',';
    appendKey(out, "scope");
    appendJsonString(out, e.header.scope);
    out += ',';
    appendKey(out, "device");
    appendJsonString(out, e.header.deviceId);
    out += ',';
    appendKey(out, "seq");
    appendUnsigned(out, e.header.seq);
    out += ',';
    appendKey(out, "epoch");
    appendUnsigned(out, e.header.epoch);
    out += ',';
    appendKey(out, "nonce");
    out += '"';
    appendBase64(out, e.nonce.data(), e.nonce.size());
    out += "\",";
    appendKey(out, "ciphertext");
    out += '"';
    appendBase64(out, e.ciphertext.data(), e.ciphertext.size());
    out += '"';
    if (cursor > 0) {
        out += ',';
        appendKey(out, "cursor");
        appendNumber(out, cursor);
        out += ',';
        appendKey(out, "received");
        appendNumber(out, receivedMs);
    }
    out += '}';
}

Envelope readEnvelope(std::string_view objectText)
{
    thread_local dom::parser parser;
    dom::element root;
    if (const auto error = parser.parse(objectText.data(), objectText.size()).get(root))
        throw ProtocolError(std::string("an envelope is not valid JSON: ")
                            + simdjson::error_message(error));
    return EnvelopeReader(root).read();
}

std::string pushBody(const std::vector<Envelope> &envelopes)
{
    std::string out = "{\"envelopes\":[";
    std::size_t size = 0;
    for (const Envelope &e : envelopes)
        size += e.ciphertext.size();
    out.reserve(size * 4 / 3 + envelopes.size() * 220 + 16);
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        if (i > 0)
            out += ',';
        appendEnvelopeJson(out, envelopes[i]);
    }
    out += "]}";
    return out;
}

std::vector<Envelope> readPushBody(std::string_view body, std::size_t maxCount)
{
    return withDocument(body, "The body", [&](dom::object root) {
        const dom::array items = arrayOf(root, "envelopes", "The body");
        if (items.size() > maxCount)
            throw TooManyEnvelopes{items.size()};
        std::vector<Envelope> envelopes;
        envelopes.reserve(items.size());
        std::size_t i = 0;
        for (const dom::element item : items) {
            try {
                envelopes.push_back(EnvelopeReader(item).read());
            } catch (const ProtocolError &error) {
                const std::string where = "envelopes[" + std::to_string(i) + "]";
                throw ValidationError(where, where + ": " + error.what());
            }
            ++i;
        }
        return envelopes;
    });
}

std::string pushAnswerBody(const PushAnswer &answer)
{
    std::string out = "{\"results\":[";
    out.reserve(answer.results.size() * 96 + 32);
    for (std::size_t i = 0; i < answer.results.size(); ++i) {
        const PushOutcome &r = answer.results[i];
        if (i > 0)
            out += ',';
        out += '{';
        appendKey(out, "id");
        appendJsonString(out, r.id);
        out += ',';
        appendKey(out, "cursor");
        appendNumber(out, r.cursor);
        out += ',';
        appendKey(out, "received");
        appendNumber(out, r.receivedMs);
        out += ',';
        appendKey(out, "stored");
        out += r.stored ? "true" : "false";
        out += '}';
    }
    out += "],";
    appendKey(out, "cursor");
    appendNumber(out, answer.cursor);
    out += '}';
    return out;
}

PushAnswer readPushAnswer(std::string_view body)
{
    return withDocument(body, "The push answer", [](dom::object root) {
        PushAnswer answer;
        answer.cursor = integerOf(root, "cursor", "The push answer");
        const dom::array results = arrayOf(root, "results", "The push answer");
        answer.results.reserve(results.size());
        for (const dom::element item : results) {
            if (!item.is_object())
                throw ProtocolError("a push result must be a JSON object");
            const dom::object result(item);
            PushOutcome r;
            std::string_view id;
            if (result.at_key("id").get_string().get(id))
                throw ProtocolError("a push result needs its envelope's \"id\"");
            r.id = id;
            r.cursor = integerOf(result, "cursor", "a push result");
            r.receivedMs = integerOf(result, "received", "a push result");
            if (result.at_key("stored").get_bool().get(r.stored))
                throw ProtocolError("a push result needs \"stored\", true or false");
            answer.results.push_back(std::move(r));
        }
        return answer;
    });
}

std::string pullAnswerBody(const PullAnswer &answer)
{
    std::string out = "{\"envelopes\":[";
    std::size_t size = 0;
    for (const PulledEnvelope &p : answer.envelopes)
        size += p.envelope.ciphertext.size();
    out.reserve(size * 4 / 3 + answer.envelopes.size() * 260 + 48);
    for (std::size_t i = 0; i < answer.envelopes.size(); ++i) {
        if (i > 0)
            out += ',';
        const PulledEnvelope &p = answer.envelopes[i];
        appendEnvelopeJson(out, p.envelope, p.cursor, p.receivedMs);
    }
    out += "],";
    appendKey(out, "next");
    appendNumber(out, answer.next);
    out += ',';
    appendKey(out, "more");
    out += answer.more ? "true" : "false";
    out += '}';
    return out;
}

PullAnswer readPullAnswer(std::string_view body)
{
    return withDocument(body, "The pull answer", [](dom::object root) {
        PullAnswer answer;
        answer.next = integerOf(root, "next", "The pull answer");
        bool more = false;
        if (root.at_key("more").get_bool().get(more) == simdjson::INCORRECT_TYPE)
            throw ProtocolError("The pull answer's \"more\" must be true or false");
        answer.more = more;
        const dom::array items = arrayOf(root, "envelopes", "The pull answer");
        answer.envelopes.reserve(items.size());
        for (const dom::element item : items) {
            if (!item.is_object())
                throw ProtocolError("The pull answer's envelopes must be JSON objects");
            const EnvelopeReader reader(item);
            PulledEnvelope pulled{reader.integer("cursor"), reader.integer("received"), {}, {}, {}};
            try {
                pulled.envelope = reader.read();
            } catch (const ProtocolError &error) {
                pulled.error = error.what();
                pulled.raw = simdjson::minify(item);
            }
            answer.envelopes.push_back(std::move(pulled));
        }
        return answer;
    });
}

} // namespace hearth::sync
