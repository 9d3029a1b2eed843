// The envelope's wire form as the server reads a push and a device reads a pull: any JSON either
// decodes to an Envelope whose wire form is the input's fields again, or is refused with a
// ProtocolError. A decoded envelope opens with a fixed key only if it was sealed with it (the
// seeds); garbage fails with a ProtocolError. The input is also sealed and opened as plaintext,
// and read by sync/wire as a push body, a push answer and a pull answer: each either reads or
// throws what it documents, and what it reads is written back and read again unchanged.
#include "envelope.h"
#include "errors.h"
#include "fuzzsupport.h"
#include "wire.h"

#include <nlohmann/json.hpp>

#include <array>
#include <bit>

using namespace hearth;
using nlohmann::json;

namespace {

/// The key every seed envelope is sealed with (tests/fuzz/make_corpus.cpp uses the same bytes).
std::array<unsigned char, sync::ContentKey::kSize> fixedKeyBytes()
{
    std::array<unsigned char, sync::ContentKey::kSize> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<unsigned char>(i + 1);
    return bytes;
}

/// seal() then open() gives the plaintext back, in a power-of-two bucket from 256 bytes.
void sealAndOpen(std::string_view plaintext)
{
    const sync::ContentKey key("couple", 3, fixedKeyBytes());
    const sync::EnvelopeHeader header{"0123456789abcdef0123456789abcdef", "5ace5ace5ace5ace",
                                      "couple", "a1a1a1a1a1a1a1a1", 7, 3};
    const sync::Envelope sealed = sync::seal(header, plaintext, key);
    const std::size_t padded = sealed.ciphertext.size() - 16;
    if (padded < sync::Envelope::kMinBucket || !std::has_single_bit(padded) || padded <= plaintext.size())
        fuzz::finding("seal: the ciphertext is not in a power-of-two bucket above the plaintext");
    if (sync::open(sealed, key) != plaintext)
        fuzz::finding("seal then open does not give the plaintext back");
}

/// The wire readers: the documented refusals are caught; anything else escapes as a finding.
void readAsWire(std::string_view text)
{
    try {
        const auto envelopes = sync::readPushBody(text, 1000);
        if (sync::readPushBody(sync::pushBody(envelopes), 1000) != envelopes)
            fuzz::finding("readPushBody(pushBody(e)) != e");
        for (const sync::Envelope &e : envelopes) {
            std::string one;
            sync::appendEnvelopeJson(one, e);
            if (json::parse(one).get<sync::Envelope>() != e)
                fuzz::finding("from_json does not read what appendEnvelopeJson wrote", one);
        }
    } catch (const sync::MalformedJson &) {
    } catch (const sync::TooManyEnvelopes &) {
    } catch (const ValidationError &) {
    }
    try {
        const sync::PullAnswer answer = sync::readPullAnswer(text);
        const sync::PullAnswer again = sync::readPullAnswer(sync::pullAnswerBody(answer));
        if (again.next != answer.next || again.more != answer.more
            || again.envelopes.size() != answer.envelopes.size())
            fuzz::finding("readPullAnswer(pullAnswerBody(a)) != a");
    } catch (const ProtocolError &) {
    } catch (const ValidationError &) {
    }
    try {
        const sync::PushAnswer answer = sync::readPushAnswer(text);
        if (sync::pushAnswerBody(sync::readPushAnswer(sync::pushAnswerBody(answer)))
            != sync::pushAnswerBody(answer))
            fuzz::finding("readPushAnswer(pushAnswerBody(a)) != a");
    } catch (const ProtocolError &) {
    } catch (const ValidationError &) {
    }
}

constexpr std::array<const char *, 8> kWireFields = {"id",  "space", "scope", "device",
                                                     "seq", "epoch", "nonce", "ciphertext"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::textOf(data, size);
    sealAndOpen(text);
    readAsWire(text);

    const json input = json::parse(text, nullptr, false);
    if (input.is_discarded())
        return 0;
    sync::Envelope envelope;
    try {
        envelope = input.get<sync::Envelope>();
    } catch (const ProtocolError &) {
        return 0; // the documented refusal; any other exception escapes and is a finding
    }

    // The wire form holds exactly the fields that were read, byte for byte: base64url and numbers
    // have one form each, so what the server stores is what it was sent.
    const json wire = envelope;
    if (wire.size() != kWireFields.size())
        fuzz::finding("to_json: not the eight wire fields", wire.dump());
    for (const char *field : kWireFields) {
        if (wire.at(field) != input.at(field))
            fuzz::finding("to_json does not give the field back", std::string(field) + ": "
                              + input.at(field).dump() + " became " + wire.at(field).dump());
    }
    sync::Envelope again;
    try {
        again = wire.get<sync::Envelope>();
    } catch (const ProtocolError &e) {
        fuzz::finding("from_json refuses what to_json wrote", e.what());
    }
    if (!(again == envelope))
        fuzz::finding("from_json(to_json(e)) != e", wire.dump());

    // Under a key of its own scope and epoch (the only ones open() tries), a forged or damaged
    // envelope fails cleanly.
    const sync::ContentKey key(envelope.header.scope, envelope.header.epoch, fixedKeyBytes());
    try {
        (void)sync::open(envelope, key);
    } catch (const ProtocolError &) {
    }
    return 0;
}
