#pragma once

// The envelope traffic's wire form, written and read without a JSON document in between: the
// push body, the push answer and the pull answer carry thousands of envelopes, and building a
// nlohmann::json tree for each cost more than sealing, storing and sending them together
// (docs/decisions.md, "Envelope traffic without a JSON tree"). The JSON is the same as
// to_json/from_json give (docs/protocol.md); other routes keep nlohmann::json.
//
// Reading uses simdjson. Every reader throws ProtocolError naming what is missing or malformed;
// the text is never trusted (the server reads pushes from anyone with a token, the client reads
// answers from a server that may be hostile).

#include "envelope.h"
#include "errors.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::sync {

/// The text is not JSON, or its root is not an object (the server answers 400 malformed_json).
class MalformedJson : public ProtocolError {
public:
    using ProtocolError::ProtocolError;
};

/// Appends one envelope as a JSON object, the fields of to_json(), to `out`. With `cursor` > 0
/// it also carries "cursor" and "received" (as in a pull answer).
void appendEnvelopeJson(std::string &out, const Envelope &e, std::int64_t cursor = 0,
                        std::int64_t receivedMs = 0);

/// Appends `text` as a JSON string (quoted, escaped). With `asciiOnly`, every byte from 0x80 is
/// written as U+FFFD, so that text from the wire that may not be UTF-8 still makes valid JSON.
void appendJsonString(std::string &out, std::string_view text, bool asciiOnly = false);

/// Reads one envelope object (the text of to_json()'s form). Throws ProtocolError naming what is
/// missing or malformed; from_json() reads through this.
[[nodiscard]] Envelope readEnvelope(std::string_view objectText);

/// A push body: {"envelopes":[...]}.
[[nodiscard]] std::string pushBody(const std::vector<Envelope> &envelopes);

/// Thrown by readPushBody for more envelopes than allowed, before any is decoded.
struct TooManyEnvelopes {
    std::size_t count = 0;
};

/// Reads a push body. Throws MalformedJson, TooManyEnvelopes, or ValidationError: a missing
/// "envelopes" array, or an envelope that does not decode ("envelopes[i]: " and why).
[[nodiscard]] std::vector<Envelope> readPushBody(std::string_view body, std::size_t maxCount);

/// One line of a push answer: what the server did with one envelope.
struct PushOutcome {
    std::string id;
    std::int64_t cursor = 0;
    std::int64_t receivedMs = 0;
    bool stored = false; ///< false when the server already held it
};

/// A push answer: {"results":[{"id","cursor","received","stored"}...],"cursor":N}.
struct PushAnswer {
    std::vector<PushOutcome> results;
    std::int64_t cursor = 0; ///< the newest cursor in the space
};
[[nodiscard]] std::string pushAnswerBody(const PushAnswer &answer);
[[nodiscard]] PushAnswer readPushAnswer(std::string_view body);

/// One envelope of a pull answer, with where the server put it. One that does not decode keeps
/// its JSON text and why, so that a client can set it aside instead of stopping at it.
struct PulledEnvelope {
    std::int64_t cursor = 0;
    std::int64_t receivedMs = 0;
    Envelope envelope;
    std::string error; ///< empty when `envelope` decoded
    std::string raw;   ///< the envelope's JSON text when it did not
};

/// A pull answer: {"envelopes":[... with "cursor" and "received"],"next":N,"more":bool}.
struct PullAnswer {
    std::vector<PulledEnvelope> envelopes;
    std::int64_t next = 0;
    bool more = false;
};
[[nodiscard]] std::string pullAnswerBody(const PullAnswer &answer);
/// Throws MalformedJson or ProtocolError when the answer itself (not one envelope) is malformed,
/// including an envelope without a whole-number "cursor" and "received".
[[nodiscard]] PullAnswer readPullAnswer(std::string_view body);

} // namespace hearth::sync
