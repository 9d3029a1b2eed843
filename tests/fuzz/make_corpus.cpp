// Writes the seed corpus: tests/fuzz/corpus/<target>/<name>, one file per seed. Real envelopes,
// bundles and key boxes sealed with the fixed keys the targets use, the request bodies of
// docs/protocol.md, and edge cases (each a refusal the decoders must give cleanly). Sealed seeds
// have random nonces, so running it again changes those files but not what they cover.
//
//   make_corpus tests/fuzz/corpus
#include "change.h"
#include "envelope.h"
#include "keyring.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace hearth;
using nlohmann::json;

namespace {

std::filesystem::path g_root;

void write(const std::string &target, const std::string &name, const std::string &bytes)
{
    const auto dir = g_root / target;
    std::filesystem::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
}

/// Seeds of fuzz_client_decode and fuzz_request start with a selector byte.
std::string with(unsigned char selector, const std::string &rest)
{
    return std::string(1, static_cast<char>(selector)) + rest;
}

std::array<unsigned char, 32> fixedKeyBytes()
{
    std::array<unsigned char, 32> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<unsigned char>(i + 1);
    return bytes;
}

/// The key pairs of fuzz_client_decode: the device key boxes are for (0x42), their sender (0x17).
sync::DeviceKeyPair seededPair(unsigned char fill)
{
    sync::DeviceKeyPair p;
    std::array<unsigned char, crypto_box_SEEDBYTES> seed{};
    seed.fill(fill);
    crypto_box_seed_keypair(p.publicKey.data(), p.secretKey.data(), seed.data());
    return p;
}

const std::string kSpace = "5ace5ace5ace5ace";
const std::string kPublicKey(43, 'A');

void envelopes()
{
    const std::string t = "fuzz_envelope";
    int n = 0;
    for (const char *scope : {"private", "couple", "care"}) {
        const sync::ContentKey key(scope, 3, fixedKeyBytes());
        const std::string plain = json::array({{{"stamp", "001760000000000.000000.a1a1a1a1a1a1a1a1"},
                                                {"entity", "ritual"}, {"id", "r1"}, {"scope", scope},
                                                {"fields", {{"_cl", 1}, {"title", "Tea"}}}}}).dump();
        write(t, "sealed-" + std::string(scope), json(sync::seal({sync::newEnvelopeId(), kSpace, scope,
                                                                  "a1a1a1a1a1a1a1a1", 7, 3}, plain, key)).dump());
        ++n;
    }
    const json doc = {{"id", "5f0c3a9e8b7d41d2a6e4c1b0f9e8d7c6"}, {"space", "8a41c2d3e4f50617"},
                      {"scope", "couple"}, {"device", "c0ffee0123456789"}, {"seq", 7}, {"epoch", 1},
                      {"nonce", "q83vEjRWeJCrze8SNFZ4kKvN7xI0Vnis"}, {"ciphertext", "c2VhbGVkLWJ5dGVz"}};
    write(t, "protocol-md", doc.dump());
    auto edit = [&](const std::string &name, const char *field, const json &value) {
        json j = doc;
        if (value.is_discarded())
            j.erase(field);
        else
            j[field] = value;
        write(t, name, j.dump());
    };
    edit("no-nonce", "nonce", json(json::value_t::discarded));
    edit("short-nonce", "nonce", "q83vEjRWeJCrze8SNFZ4kKvN7xI0Vni");
    edit("padded-base64", "ciphertext", "c2VhbGVkLWJ5dGVz==");
    edit("plain-base64", "ciphertext", "c2VhbGVk+/J5dGVz");
    edit("non-ascii-ciphertext", "ciphertext", "c2VhbGVkLWJ5\u0291Vz"); // was read as "c2VhbGVkLWJ5__Vz"
    edit("empty-ciphertext", "ciphertext", "");
    edit("short-ciphertext", "ciphertext", "AAAA");
    edit("negative-seq", "seq", -1);
    edit("float-seq", "seq", 1.5);
    edit("huge-epoch", "epoch", 4294967296ULL);
    edit("max-seq", "seq", 18446744073709551615ULL);
    edit("unknown-scope", "scope", "Couple");
    edit("seq-as-text", "seq", "7");
    write(t, "array", "[1,2,3]");
    write(t, "not-json", "hello, envelope");
    write(t, "empty-object", "{}");
}

void requests()
{
    const std::string t = "fuzz_request";
    // Low four bits: the route; bits 4-5: 0 partner, 1 therapist, 2 made-up token, 3 none;
    // bits 6-7: 0 as is, 1 another space, 2 text/plain, 3 JSON with parameters.
    write(t, "healthz", with(0x00, ""));
    write(t, "metrics", with(0x01, ""));
    const json device = {{"id", "e1e1e1e1e1e1e1e1"}, {"member", "e0e0e0e0e0e0e0e0"},
                         {"public_key", kPublicKey}, {"name", "Maya's laptop"}};
    write(t, "create-space", with(0x02, json{{"space", "9a9a9a9a9a9a9a9a"}, {"device", device}}.dump()));
    write(t, "create-space-exists", with(0x02, json{{"space", kSpace}, {"device", device}}.dump()));
    write(t, "create-space-bad-key", with(0x02, R"({"space":"9a9a9a9a9a9a9a9a","device":{"id":"e1e1e1e1e1e1e1e1","member":"e0e0e0e0e0e0e0e0","public_key":"AAAA"}})"));
    json nonAsciiKey = device;
    nonAsciiKey["public_key"] = "AAAAAAAAAAAAAAAAAAAA\u0291AAAAAAAAAAAAAAAAAAAAA"; // was read as "__"
    write(t, "create-space-non-ascii-key", with(0x02, json{{"space", "9a9a9a9a9a9a9a9a"}, {"device", nonAsciiKey}}.dump()));
    const json joiner = {{"id", "b1b1b1b1b1b1b1b1"}, {"public_key", kPublicKey}, {"name", "Sam's phone"}};
    write(t, "join", with(0x03, json{{"invite", std::string(64, '2')}, {"device", joiner}}.dump()));
    write(t, "join-used", with(0x03, json{{"invite", std::string(64, '1')}, {"device", joiner}}.dump()));
    write(t, "join-unknown", with(0x03, json{{"invite", std::string(64, '9')}, {"device", joiner}}.dump()));
    const json invite = {{"invite", std::string(64, '3')}, {"role", "partner"}, {"member", "b0b0b0b0b0b0b0b0"},
                         {"bundle", "c2VhbGVkLWtleXM"}, {"expires_in", 600}};
    write(t, "invite", with(0x04, invite.dump()));
    write(t, "invite-by-therapist", with(0x14, invite.dump()));
    json deviceInvite = invite;
    deviceInvite["role"] = "device";
    write(t, "invite-device-other-member", with(0x04, deviceInvite.dump()));
    write(t, "pull", with(0x05, "after=0&limit=2"));
    write(t, "pull-therapist", with(0x15, "after=0"));
    write(t, "pull-wait", with(0x05, "after=99&wait=5"));
    write(t, "pull-bad-query", with(0x05, "after=-1&limit=99999&after=x"));
    write(t, "pull-other-space", with(0x45, "after=0"));
    const sync::ContentKey key("couple", 1, fixedKeyBytes());
    const json pushed = sync::seal({"11111111111111111111111111111111", kSpace, "couple", "a1a1a1a1a1a1a1a1", 4, 1},
                                   "[]", key);
    write(t, "push", with(0x06, json{{"envelopes", {pushed}}}.dump()));
    write(t, "push-text-plain", with(0x86, json{{"envelopes", {pushed}}}.dump()));
    write(t, "push-charset", with(0xc6, json{{"envelopes", {pushed}}}.dump()));
    write(t, "push-no-token", with(0x36, json{{"envelopes", {pushed}}}.dump()));
    write(t, "push-therapist-couple", with(0x16, json{{"envelopes", {pushed}}}.dump()));
    const sync::ContentKey care("care", 1, fixedKeyBytes());
    const json therapistCare = sync::seal({"22222222222222222222222222222222", kSpace, "care", "c1c1c1c1c1c1c1c1", 1, 1},
                                          "[]", care);
    write(t, "push-therapist-care", with(0x16, json{{"envelopes", {therapistCare}}}.dump()));
    write(t, "push-too-many", with(0x06, json{{"envelopes", {pushed, pushed, pushed, pushed, pushed}}}.dump()));
    write(t, "push-deep", with(0x06, "{\"envelopes\":" + std::string(20, '[') + std::string(20, ']') + "}"));
    write(t, "push-not-object", with(0x06, "[]"));
    write(t, "devices", with(0x07, ""));
    write(t, "devices-made-up-token", with(0x27, ""));
    write(t, "remove-device", with(0x08, "c1c1c1c1c1c1c1c1"));
    write(t, "remove-device-by-therapist", with(0x18, "a1a1a1a1a1a1a1a1"));
    write(t, "remove-member", with(0x09, "c0c0c0c0c0c0c0c0"));
    write(t, "therapist-leaves", with(0x19, "c0c0c0c0c0c0c0c0"));
    write(t, "keys", with(0x1a, "after=0"));
    write(t, "store-keys", with(0x0b, R"({"boxes":[{"device":"c1c1c1c1c1c1c1c1","box":"Ym94LWZvci1zYW0"}]})"));
    write(t, "store-keys-unknown", with(0x0b, R"({"boxes":[{"device":"f1f1f1f1f1f1f1f1","box":"Ym94"}]})"));
    write(t, "raw-duplicate-query", with(0x0c, "GET /v1/spaces/5ace5ace5ace5ace/envelopes?after=0&&after=1&=&wait\n"));
    write(t, "raw-put", with(0x0c, "PUT /healthz\n"));
    write(t, "raw-no-method", with(0x0c, " /v1/join\n{}"));
}

void clientDecoders()
{
    const std::string t = "fuzz_client_decode";
    // The first byte picks: 0 code, 1 sealed bundle, 2 bundle plaintext, 3 key box,
    // 4 key box plaintext, 5 key ring JSON, 6 changes.
    const auto code = sync::InviteCode::parse("7KQ2-M9XD-4HJT-8WBN-R3FV-6CPS-0YZE-5GA1");
    write(t, "code", with(0, code.text()));
    write(t, "code-typed", with(0, " 7kq2 m9xd 4hjt 8wbn r3fv 6cps oyze 5gai "));
    write(t, "code-short", with(0, "7KQ2-M9XD-4HJT-8WBN-R3FV-6CPS-0YZE-5GA"));
    write(t, "code-u", with(0, "UUUU-M9XD-4HJT-8WBN-R3FV-6CPS-0YZE-5GA1"));

    const sync::ContentKey couple("couple", 1, fixedKeyBytes());
    const sync::ContentKey care("care", 2, fixedKeyBytes());
    const sync::InviteBundle bundle{kSpace, "b0b0b0b0b0b0b0b0", "partner", "a0a0a0a0a0a0a0a0", {couple, care}};
    const std::string sealed = sync::sealBundle(bundle, code);
    write(t, "bundle", with(1, sealed));
    write(t, "bundle-truncated", with(1, sealed.substr(0, 40)));
    write(t, "bundle-not-base64", with(1, "c2VhbGVkLWtleXM=="));
    const json key = {{"scope", "care"}, {"epoch", 2}, {"key", std::string(43, 'A')}};
    const json plain = {{"space", kSpace}, {"member", "b0b0b0b0b0b0b0b0"}, {"role", "partner"},
                        {"inviter", "a0a0a0a0a0a0a0a0"}, {"keys", {key}}};
    write(t, "bundle-plain", with(2, plain.dump()));
    json keysObject = plain;
    keysObject["keys"] = {{"a", 1}};
    write(t, "bundle-plain-keys-object", with(2, keysObject.dump()));
    write(t, "bundle-plain-epoch-negative", with(2, R"({"space":"s","member":"m","role":"partner","inviter":"i","keys":[{"scope":"care","epoch":-1,"key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]})"));
    write(t, "bundle-plain-epoch-float", with(2, R"({"space":"s","member":"m","role":"partner","inviter":"i","keys":[{"scope":"care","epoch":1e300,"key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]})"));
    write(t, "bundle-plain-short-key", with(2, R"({"space":"s","member":"m","role":"partner","inviter":"i","keys":[{"scope":"care","epoch":1,"key":"AAAA"}]})"));

    const auto device = seededPair(0x42);
    write(t, "keybox", with(3, sync::sealKeyFor(care, device.publicKey, seededPair(0x17))));
    write(t, "keybox-short", with(3, "Ym94LWZvci1zYW0"));
    write(t, "keybox-plain", with(4, key.dump()));
    write(t, "keybox-plain-scope", with(4, R"({"scope":"therapy","epoch":1,"key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})"));
    write(t, "keybox-plain-epoch-float", with(4, R"({"scope":"care","epoch":4294967296.5,"key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})"));
    write(t, "keybox-plain-not-json", with(4, "not json"));

    sync::KeyRing ring;
    ring.device = device;
    ring.add(couple);
    ring.add(care);
    write(t, "keyring", with(5, ring.toJson().dump()));
    json ringKeysObject = ring.toJson();
    ringKeysObject["keys"] = {{"x", 1}};
    write(t, "keyring-keys-object", with(5, ringKeysObject.dump()));
    write(t, "keyring-not-object", with(5, "[\"public\"]"));

    Change c;
    c.stamp = Stamp{1'760'000'000'000, 3, "a1a1a1a1a1a1a1a1"};
    c.entity = "ritual";
    c.id = "r1";
    c.scope = "couple";
    c.fields = {{"_cl", 1}, {"title", "Sunday tea"}, {"_scope", "couple"}};
    c.receivedMs = 1'760'000'000'500;
    write(t, "changes", with(6, json::array({c}).dump()));
    write(t, "changes-empty", with(6, "[]"));
    write(t, "changes-not-array", with(6, "{}"));
    write(t, "changes-bad-stamp", with(6, R"([{"stamp":"1760000000000.3.a1","entity":"ritual","id":"r1","scope":"couple","fields":{}}])"));
    write(t, "changes-negative-cl", with(6, R"([{"stamp":"001760000000000.000003.a1","entity":"ritual","id":"r1","scope":"couple","fields":{"_cl":-1}}])"));
    write(t, "changes-received-float", with(6, R"([{"stamp":"001760000000000.000003.a1","entity":"ritual","id":"r1","scope":"couple","fields":{},"receivedMs":1e300}])"));
    write(t, "changes-received-max", with(6, R"([{"stamp":"999999999999999.000003.a1","entity":"ritual","id":"r1","scope":"couple","fields":{},"receivedMs":9223372036854775807}])"));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2 || sodium_init() < 0) {
        std::fprintf(stderr, "usage: make_corpus CORPUS_DIR\n");
        return 2;
    }
    g_root = argv[1];
    envelopes();
    requests();
    clientDecoders();
    return 0;
}
