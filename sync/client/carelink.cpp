#include "carelink.h"

#include "care.h"
#include "practice.h"
#include "store.h"
#include "syncclient.h"

#include <filesystem>
#include <memory>
#include <system_error>

namespace hearth::sync {

namespace {

/// Removes a link in progress that failed; never throws (it runs while an error propagates).
void removeFolder(const std::filesystem::path &folder) noexcept
{
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
}

} // namespace

std::string linkCouple(Practice &practice, Transport &transport, std::string_view server,
                       std::string_view code, std::string_view deviceName)
{
    if (!practice.exists())
        throw ValidationError("practice", "Set up the practice first (your name and confidentiality policy).");
    const std::filesystem::path folder = practice.newPendingFolder();
    std::string spaceId;
    try {
        {
            // The join writes into the pending folder's own store, closed again before the
            // practice moves the folder to its space id and opens it there.
            SystemRandom random;
            Store store(folder / "profile.db", practice.store().clock(), random);
            SyncClient(store, transport).joinAsTherapist(server, code, deviceName);
        }
        spaceId = practice.adoptPending(folder);
    } catch (...) {
        removeFolder(folder);
        throw;
    }
    // The therapist's name, policy and custom exercises, written by adoptPending, go out now, so
    // the couple sees the policy to accept. The link stands either way (the invite is spent): when
    // the network fails here, the next sync sends them.
    try {
        SyncClient(practice.couple(spaceId), transport).sync();
    } catch (const TransportError &) {
    }
    return spaceId;
}

bool syncCouple(Practice &practice, Transport &transport, const std::string &spaceId)
{
    Store &store = practice.couple(spaceId);
    SyncClient client(store, transport);
    if (!client.paired())
        return false; // ended earlier: read-only, nothing to ask the server
    try {
        client.sync();
    } catch (const SyncError &e) {
        // The couple unlinked: the client made this replica a read-only copy of what it holds.
        if (e.code() == "device_removed")
            return false;
        throw;
    }
    const auto link = Care(store, ContentLibrary()).link();
    return !(link && link->endedAt > 0);
}

} // namespace hearth::sync
