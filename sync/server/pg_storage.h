#pragma once

#include "storage.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hearth::server {

class PgConnection;

/// ServerStorage on PostgreSQL (libpq), for several hearth-server processes on one database
/// (docs/deploy.md, docs/decisions.md §23). Everything a process would otherwise keep in memory
/// is in the database: cursors, invites, devices, rate-limit buckets.
///
/// Cursors are per space and handed out under a lock on the space's row (`spaces.next_cursor`,
/// taken with SELECT ... FOR UPDATE in the push transaction and written back before commit), so
/// two pushes to one space commit in the order of their cursors: a pull never sees cursor n + 1
/// before n has committed, and never skips an envelope that commits later with a lower cursor
/// (docs/protocol.md, "Cursors with several writers"). Pushes to different spaces do not wait
/// for each other. Key boxes get their cursors the same way (`spaces.next_box`).
///
/// A push that stores envelopes sends NOTIFY on kPushChannel with the space id as payload inside
/// its transaction, so it is delivered on commit only; PgPushListener wakes the long polls of
/// every process with it.
///
/// One connection, used by one thread at a time (the HTTP layer serialises requests per
/// process). A lost connection (the database restarting) fails the request in flight with
/// StorageError, which the service answers 503 (the client retries); the next call connects
/// again. Nothing is acknowledged before its commit.
class PgStorage final : public ServerStorage {
public:
    static constexpr int kSchemaVersion = 1;
    /// The LISTEN/NOTIFY channel of pushes; the payload is the space id.
    static constexpr const char *kPushChannel = "hearth_push";

    /// Connects (a libpq connection string or URI: "postgresql://user@host:port/db?options=...")
    /// and brings the schema up to date; several processes starting at once migrate once (the
    /// migration holds an advisory lock). Throws StorageError: cannot connect, or a schema newer
    /// than this server knows.
    explicit PgStorage(std::string conninfo);
    /// The same, migrating only up to `version` (tests of the upgrades).
    PgStorage(std::string conninfo, int version);
    ~PgStorage() override;
    PgStorage(const PgStorage &) = delete;
    PgStorage &operator=(const PgStorage &) = delete;

    /// Whether `--db` names PostgreSQL: "postgresql://" or "postgres://" (else it is not ours).
    [[nodiscard]] static bool isConnectionUri(std::string_view db) noexcept;
    /// The URI with any password blanked, for logs.
    [[nodiscard]] static std::string redacted(std::string_view conninfo);

    [[nodiscard]] int schemaVersion();

    [[nodiscard]] bool sharedWithOtherProcesses() const override { return true; }
    [[nodiscard]] std::unique_ptr<RateLimits> rateLimits(double ratePerSecond,
                                                         double burst) override;

    CreateStatus createSpace(const DeviceRecord &first) override;
    [[nodiscard]] bool spaceExists(const std::string &spaceId) override;
    [[nodiscard]] std::int64_t spaceCount() override;

    [[nodiscard]] std::optional<DeviceRecord> deviceByTokenHash(const std::string &hash) override;
    [[nodiscard]] std::optional<DeviceRecord> device(const std::string &spaceId,
                                                     const std::string &deviceId) override;
    [[nodiscard]] std::vector<DeviceRecord> devices(const std::string &spaceId) override;
    [[nodiscard]] std::vector<MemberRecord> members(const std::string &spaceId) override;
    [[nodiscard]] Enrolment enrolment(const std::string &spaceId, const std::string &memberId,
                                      const std::string &role) override;
    void touchDevice(const std::string &spaceId, const std::string &deviceId,
                     std::int64_t nowMs) override;
    std::vector<std::string> removeDevices(const std::string &spaceId,
                                           const std::vector<std::string> &deviceIds) override;

    bool addInvite(const InviteRecord &invite) override;
    JoinOutcome redeemInvite(const std::string &lookupHash, DeviceRecord device,
                             std::int64_t nowMs) override;

    std::vector<PushResult> appendEnvelopes(const std::string &spaceId,
                                            const std::string &authorMemberId,
                                            const std::vector<sync::Envelope> &envelopes,
                                            std::int64_t nowMs) override;
    [[nodiscard]] std::int64_t latestCursor(const std::string &spaceId) override;
    [[nodiscard]] EnvelopePage envelopesAfter(const std::string &spaceId, std::int64_t after,
                                              int limit, const Visibility &visibility,
                                              std::size_t maxBytes) override;

    void storeKeyBoxes(const std::string &spaceId, const std::string &senderDeviceId,
                       const std::vector<OutgoingBox> &boxes, std::int64_t nowMs) override;
    [[nodiscard]] KeyBoxPage keyBoxesAfter(const std::string &spaceId,
                                           const std::string &recipientDeviceId,
                                           std::int64_t after, int limit) override;

private:
    void migrate(int to);
    /// Inside a write's transaction: takes a share lock on the writing device's row, so that a
    /// removal through another process either waits for this write or is seen by it (then
    /// throws DeviceRemovedMeanwhile). Without it a removed device could slip one write in
    /// between the request's token check and its commit.
    void lockWriter(const std::string &spaceId, const std::string &deviceId);

    std::unique_ptr<PgConnection> m_db;
};

} // namespace hearth::server
