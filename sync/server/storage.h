#pragma once

#include "envelope.h"
#include "wire.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hearth::server {

class RateLimits;

/// Thrown by a store that other processes write too, when the device a write is for was removed
/// (through another process) after the request authenticated it: nothing is written, and the
/// service answers 401 device_removed, as it would have a moment later.
class DeviceRemovedMeanwhile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One device of a space, with the member (person) it belongs to. Device ids are unique across
/// spaces, so that a token, a log line or a key box names one device without its space.
struct DeviceRecord {
    std::string id;
    std::string spaceId;
    std::string memberId;
    std::string role; ///< "partner", "therapist" or "device" (another device of a partner)
    std::string name;
    std::string tokenHash;
    std::string publicKey; ///< 32 raw bytes
    std::int64_t createdMs = 0;
    std::int64_t lastSeenMs = 0;
    bool removed = false;
    /// Its member's private envelopes are visible to it only after this cursor: above 0 for a
    /// member who came back after every device of theirs was removed (see Enrolment).
    std::int64_t privateFrom = 0;
};

struct MemberRecord {
    std::string id;
    std::string role; ///< "partner" or "therapist"
};

/// An invite as stored: found by the hash of the code the invitee types, used once.
struct InviteRecord {
    std::string lookupHash;
    std::string spaceId;
    std::string role;
    std::string memberId;
    std::string bundle; ///< sealed by the inviting device, opaque to the server
    std::int64_t expiresMs = 0;
    bool used = false;
};

/// What a join found; `invite` is filled when the invite exists.
struct JoinOutcome {
    /// MemberExists: a partner or therapist invite whose member joined meanwhile (through another
    /// invite for the same new member id); the invite stays unused.
    enum class Status { Joined, NotFound, Used, Expired, DeviceExists, MemberExists };
    Status status = Status::NotFound;
    InviteRecord invite;
};

/// The server's record of one stored envelope: the cursor it was given, when, and the envelope
/// (the wire form's PulledEnvelope, so that a page is written out as it is read).
using StoredEnvelope = sync::PulledEnvelope;

/// What became of one pushed envelope; `stored` is false when the id was already in the space.
using PushResult = sync::PushOutcome;

/// Which envelopes a device may read: its scopes, and private ones only of its own member, and
/// only those after `privateFrom`.
struct Visibility {
    std::vector<std::string> scopes;
    std::string memberId;
    std::int64_t privateFrom = 0;
};

/// Whether an invite for a person (not a device of the inviter) may name a member id.
enum class Enrolment {
    New,       ///< never in the space
    Returning, ///< in the space with this role, every device removed: may be invited back, and
               ///< then sees none of the private envelopes from before (docs/decisions.md §17)
    Present,   ///< in the space with a device, or with another role: never
};

/// A page of envelopes: `next` is the cursor to ask after next time.
using EnvelopePage = sync::PullAnswer;

struct KeyBox {
    std::int64_t cursor = 0;
    std::string senderDeviceId;
    std::string box; ///< raw bytes, sealed for the recipient
};

struct KeyBoxPage {
    std::vector<KeyBox> boxes;
    std::int64_t next = 0;
    bool more = false;
};

/// Where hearth-server keeps spaces, devices, invites, envelopes and key boxes. An interface, so
/// that a PostgreSQL backend can serve many couples from several processes; SqliteStorage is the
/// single-process one. Every method throws StorageError when the store cannot be read or written.
class ServerStorage {
public:
    enum class CreateStatus { Created, SpaceExists, DeviceExists };

    virtual ~ServerStorage() = default;

    /// True when other hearth-server processes may write to the same store (PostgreSQL): then
    /// nothing read from it may be kept in one process's memory past the request (the token
    /// cache, for one: a device removed through another process must be refused at once).
    [[nodiscard]] virtual bool sharedWithOtherProcesses() const { return false; }
    /// Where the rate limits' buckets live: this process's memory (RateLimiter) by default; in
    /// the database for a store shared by several processes, so that a client cannot multiply
    /// its rate by spreading its requests over them. Called once, by SyncService.
    [[nodiscard]] virtual std::unique_ptr<RateLimits> rateLimits(double ratePerSecond,
                                                                 double burst);

    /// Creates a space whose first member and device is `first` (a partner).
    virtual CreateStatus createSpace(const DeviceRecord &first) = 0;
    [[nodiscard]] virtual bool spaceExists(const std::string &spaceId) = 0;
    [[nodiscard]] virtual std::int64_t spaceCount() = 0;

    [[nodiscard]] virtual std::optional<DeviceRecord> deviceByTokenHash(const std::string &hash) = 0;
    [[nodiscard]] virtual std::optional<DeviceRecord> device(const std::string &spaceId,
                                                             const std::string &deviceId) = 0;
    [[nodiscard]] virtual std::vector<DeviceRecord> devices(const std::string &spaceId) = 0;
    /// Members with at least one device that is not removed.
    [[nodiscard]] virtual std::vector<MemberRecord> members(const std::string &spaceId) = 0;
    /// What an invite naming this member id as `role` would do.
    [[nodiscard]] virtual Enrolment enrolment(const std::string &spaceId,
                                              const std::string &memberId,
                                              const std::string &role) = 0;
    virtual void touchDevice(const std::string &spaceId, const std::string &deviceId,
                             std::int64_t nowMs) = 0;
    /// Marks the devices removed; returns those that were not removed before.
    virtual std::vector<std::string> removeDevices(const std::string &spaceId,
                                                   const std::vector<std::string> &deviceIds) = 0;

    /// False when an invite with this lookup hash exists already.
    virtual bool addInvite(const InviteRecord &invite) = 0;
    /// In one transaction: checks the invite, creates `device` (its id, name, public key, token
    /// hash; space, member and role come from the invite) and marks the invite used. A partner or
    /// therapist invite creates its member, and fails with MemberExists when the member is there
    /// already; a device invite joins an existing member.
    virtual JoinOutcome redeemInvite(const std::string &lookupHash, DeviceRecord device,
                                     std::int64_t nowMs) = 0;

    /// Appends in one transaction, in order; an id already in the space is not stored again.
    virtual std::vector<PushResult> appendEnvelopes(const std::string &spaceId,
                                                    const std::string &authorMemberId,
                                                    const std::vector<sync::Envelope> &envelopes,
                                                    std::int64_t nowMs) = 0;
    [[nodiscard]] virtual std::int64_t latestCursor(const std::string &spaceId) = 0;
    /// At most `limit` envelopes, and no more ciphertext than `maxBytes` in all unless the first
    /// envelope alone is larger (a page always holds at least one when one is there).
    [[nodiscard]] virtual EnvelopePage envelopesAfter(const std::string &spaceId,
                                                      std::int64_t after, int limit,
                                                      const Visibility &visibility,
                                                      std::size_t maxBytes) = 0;

    struct OutgoingBox {
        std::string recipientDeviceId;
        std::string box;
    };
    virtual void storeKeyBoxes(const std::string &spaceId, const std::string &senderDeviceId,
                               const std::vector<OutgoingBox> &boxes, std::int64_t nowMs) = 0;
    [[nodiscard]] virtual KeyBoxPage keyBoxesAfter(const std::string &spaceId,
                                                   const std::string &recipientDeviceId,
                                                   std::int64_t after, int limit) = 0;

protected:
    /// The checks redeemInvite makes before it writes, the same for every backend: the invite
    /// (`outcome.invite`, as read) is neither used nor expired, the device id is new, and a
    /// partner or therapist invite names a member who may be enrolled (a device invite adds a
    /// device to an existing partner). Sets `outcome.status` to why the join stops, or leaves it
    /// NotFound when it may go on; returns the member's enrolment (Present for a device invite).
    Enrolment judgeJoin(JoinOutcome &outcome, std::int64_t nowMs, bool deviceIdTaken);
};

} // namespace hearth::server
