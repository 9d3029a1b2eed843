#pragma once

#include "change.h"
#include "envelope.h"
#include "errors.h"
#include "http.h"
#include "keyring.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {
class Store;
} // namespace hearth

namespace hearth::sync {

/// The server answered with an error: its HTTP status, its code ("invite_used") and its message.
class SyncError : public Error {
public:
    SyncError(int status, std::string code, const std::string &message, int retryAfter = 0)
        : Error(message), m_status(status), m_code(std::move(code)), m_retryAfter(retryAfter)
    {
    }
    [[nodiscard]] int status() const noexcept { return m_status; }
    [[nodiscard]] const std::string &code() const noexcept { return m_code; }
    /// Seconds the server asked to wait before trying again (with a 429), 0 when it did not say.
    [[nodiscard]] int retryAfter() const noexcept { return m_retryAfter; }

private:
    int m_status;
    std::string m_code;
    int m_retryAfter;
};

/// Where this device stands with its server.
struct SyncStatus {
    bool paired = false;
    std::string server;
    std::string space;
    std::string device;     ///< this device's id in the space ("" until paired)
    std::string deviceName; ///< the name it was paired with
    std::string member;
    std::string role;
    std::int64_t cursor = 0;   ///< the last server cursor merged
    std::int64_t pending = 0;  ///< local changes not yet acknowledged by the server
    std::int64_t lastSyncMs = 0;
    std::int64_t leftMs = 0; ///< when this person left the space (then paired is false)
    std::int64_t unopened = 0; ///< envelopes received that no key here opens yet, set aside
};

struct SyncReport {
    std::size_t pushed = 0; ///< local changes the server acknowledged
    std::size_t pulled = 0; ///< remote changes received
    std::size_t merged = 0; ///< of those, the ones that changed this device's state
};

struct DeviceInfo {
    std::string id;
    std::string member;
    std::string role;
    std::string name;
    std::int64_t created = 0;
    std::int64_t lastSeen = 0;
    bool removed = false;
    std::string publicKey; ///< base64url
};

/// One device's side of sync: pairing, the outbox pushed as sealed envelopes, and the pull that
/// merges what others wrote through the store's one change path (docs/protocol.md).
///
/// Everything it must remember (token, keys, cursor, the batch in flight) is in the store's local
/// settings and written in the same transaction as the step it belongs to, so a crash at any
/// point resumes without loss or duplicates. Not thread-safe: one client per store and thread.
class SyncClient {
public:
    SyncClient(Store &store, Transport &transport);

    [[nodiscard]] bool paired();
    [[nodiscard]] SyncStatus status();

    /// Registers this profile's space on the server, with this device as its first, and pushes
    /// everything written so far. `server` is only remembered, for display and for later runs.
    void createSpace(std::string_view server, std::string_view deviceName);
    /// An invite for the partner ("partner") or another device of mine ("device"), valid for 24
    /// hours and once; returns the code to give them.
    std::string invite(std::string_view role);
    /// Joins the space an invite code leads to, pulls what is there, and moves this profile into
    /// it (RitualBook::adoptSpace). If that is cut short (no network, the app closed), the next
    /// sync finishes it before anything is pushed.
    void join(std::string_view server, std::string_view code, std::string_view deviceName);
    /// A partner invites the couple's therapist (issue 6): a new member id, the `therapist` role,
    /// and a bundle with every epoch of the `care` key and nothing else. Notes the invite in the
    /// care space (Care::noteInvite) and pushes it. Refused while a therapist is linked and not
    /// unlinked, and on a therapist's own device. Returns the code to give the therapist.
    std::string inviteTherapist();
    /// Joins a couple's space as their therapist, into this store, which must be empty (a fresh
    /// folder of the practice, core/practice.h): no profile to move in. Refuses a code that is not
    /// a therapist invite (ValidationError "code") and a bundle with any key but `care`. Sets the
    /// meta "member_id" to the therapist's member id, then syncs.
    void joinAsTherapist(std::string_view server, std::string_view code, std::string_view deviceName);
    /// A partner ends the link with the therapist: marks it ended in the care space
    /// (Care::endLink), pushes that, removes the therapist's member on the server (their token is
    /// refused from then on) and rotates the `care` key, so nothing written after reaches them.
    /// Works after an earlier attempt was cut short (each step is idempotent).
    void unlinkTherapist();
    /// Forgets the pairing (token, keys, cursor) and keeps the profile's data, so that a device
    /// that was removed, or whose server was reset, can join again.
    void forget();

    /// Finishes a join, takes in new keys, shares keys others lack, rotates for devices removed
    /// since the last time, pushes the whole outbox, then pulls until nothing is left; pushes
    /// again when the pull brought something (the reveal keys it made due).
    SyncReport sync();
    /// Pushes the outbox in batches; returns how many changes the server acknowledged.
    std::size_t push();
    /// Pulls every page after the cursor; with `waitSeconds`, the first request waits that long
    /// on the server for something new (a long poll).
    SyncReport pull(int waitSeconds = 0);

    [[nodiscard]] std::vector<DeviceInfo> devices();
    /// Removes a device from the space (the server refuses its token at once) and rotates the
    /// keys of the scopes it could read to a new epoch for the devices that remain.
    void removeDevice(std::string_view deviceId);
    /// Leaves the space: this person's devices are removed, this profile keeps what it holds as
    /// a read-only copy, and the partner's devices rotate the keys when they next sync.
    void leave();

    /// Takes in the keys other devices sealed to this one (after a rotation), accepting a key
    /// only from a device that may hold it; envelopes set aside for want of a key are opened
    /// again when one arrives. Returns how many keys it took.
    std::size_t fetchKeys();

private:
    /// A batch of the outbox, sealed: defined in the .cpp.
    struct Batch;

    nlohmann::json call(const char *method, const std::string &target, const nlohmann::json *body);
    /// One request with a ready body; throws SyncError for an error status, else the answer.
    HttpResponse exchange(const char *method, const std::string &target, std::string body);
    [[nodiscard]] std::string spacePath();
    [[nodiscard]] KeyRing keys();
    /// A setting that holds a JSON list (devices handled, keys shared, boxes and envelopes
    /// waiting), or an empty list when it is unset.
    [[nodiscard]] nlohmann::json listSetting(const char *key);
    [[nodiscard]] std::string deviceId();
    /// This device is out of the space (it left, or, as a therapist, was unlinked): no token, and
    /// the profile a read-only copy of what it holds.
    void markLeft();
    void pair(std::string_view server, const nlohmann::json &answer, const KeyRing &ring,
              std::string_view deviceId, std::string_view deviceName, const nlohmann::json &adopt);
    /// The second half of a join: pull what the space holds, then move the profile in.
    void finishJoin();
    /// Posts an invite for `bundle` (its role and member), sealed under a new code that the
    /// server keeps for a day: the code to hand over.
    InviteCode postInvite(const InviteBundle &bundle);
    /// What redeeming an invite gave this device: defined in the .cpp.
    struct Redeemed;
    /// Enrols this device, with a new key pair and id, under an invite code: the server's answer
    /// and the bundle the code opens, checked to be for the space and member the server names.
    Redeemed redeemInvite(std::string_view codeText, std::string_view deviceName);
    /// The next batch to push: the one still in flight after a crash, or a new one sealed from
    /// the change log. Empty when the outbox is empty.
    std::optional<Batch> nextBatch(const KeyRing &ring);
    /// The batch kept in "sync.pending" by an earlier run, sealed again as it was, or nullopt
    /// when none is kept (or it cannot be sealed as it was any more).
    std::optional<Batch> pendingBatch(const KeyRing &ring, const std::string &text);
    /// Re-keys the batch's changes with the server's times and moves the outbox past it;
    /// returns how many changes it held.
    std::size_t acknowledge(const Batch &batch, const std::string &answerBody);
    /// The changes an envelope holds, with the server's receive time; throws when no key of the
    /// ring opens it or what it holds is malformed. Touches nothing of the client's: a pull
    /// opens envelopes on a second thread.
    static std::vector<Change> changesOf(const Envelope &envelope, Millis receivedMs, const KeyRing &ring);
    static std::vector<Change> changesOf(const nlohmann::json &wireEnvelope, const KeyRing &ring);
    /// Opens and merges the envelopes set aside for want of a key that the ring now has.
    std::size_t retryUnopened(const KeyRing &ring);
    /// New keys of the given scopes' next epoch, kept here and sealed to every remaining device
    /// that may read them; the boxes wait in the settings until the server has them.
    void rotate(const std::vector<std::string> &scopes, const std::vector<DeviceInfo> &devices);
    /// Seals every key of a rotated epoch to each device that may read its scope and has not
    /// had it from this device yet (a device that joined after the rotation, say).
    void shareKeys(const KeyRing &ring, const std::vector<DeviceInfo> &devices);
    void sendRotation();
    /// Rotates for removed devices no rotation has covered yet (a partner who left, say), and
    /// shares keys with devices that lack them.
    void maintainKeys();

    Store &m_store;
    Transport &m_transport;
    std::size_t m_changesPerPush;
};

} // namespace hearth::sync
