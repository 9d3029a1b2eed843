#pragma once

#include "storage.h"

#include "database.h"

#include <filesystem>
#include <unordered_map>

namespace hearth::server {

/// ServerStorage on one SQLite database in WAL mode (synchronous = FULL), for a single server
/// process: it holds a lock on the data directory, so a second server on the same directory stops
/// at start, and it keeps each space's newest cursor in memory, as the database's only writer.
/// Not thread-safe: the HTTP layer calls it from one thread at a time.
class SqliteStorage final : public ServerStorage {
public:
    static constexpr int kSchemaVersion = 2;
    static constexpr const char *kFileName = "hearth-server.sqlite3";

    /// Opens or creates the database in `dataDir` (created if missing) and brings its schema up
    /// to date. Throws StorageError.
    explicit SqliteStorage(const std::filesystem::path &dataDir);
    /// The same, bringing the schema only up to `version`: for tests of the upgrades, which need
    /// a database as an older server left it.
    SqliteStorage(const std::filesystem::path &dataDir, int version);

    [[nodiscard]] int schemaVersion();

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
    void backUpBeforeMigrating(int from);
    /// The number envelopes name `spaceId` by (schema version 2); remembered once read.
    [[nodiscard]] std::int64_t spaceNumber(const std::string &spaceId);
    [[nodiscard]] bool deviceIdTaken(const std::string &deviceId);
    void insertMember(const std::string &spaceId, const std::string &memberId,
                      const std::string &role, std::int64_t nowMs);
    void insertDevice(const DeviceRecord &device);

    /// An exclusive lock (flock) on the data directory's lock file, held while this is open.
    class DirectoryLock {
    public:
        explicit DirectoryLock(const std::filesystem::path &dataDir);
        ~DirectoryLock();
        DirectoryLock(const DirectoryLock &) = delete;
        DirectoryLock &operator=(const DirectoryLock &) = delete;

    private:
        int m_fd = -1;
    };

    DirectoryLock m_lock;
    Database m_db;
    std::unordered_map<std::string, std::int64_t> m_spaceNumbers;
    /// The newest cursor of each space, read once and then kept by appendEnvelopes.
    std::unordered_map<std::string, std::int64_t> m_latestCursors;
};

} // namespace hearth::server
