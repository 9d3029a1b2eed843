#pragma once

#include <filesystem>
#include <span>
#include <string_view>

namespace hearth {

class Database;

/// One step of the schema: applied in its own transaction, never edited once released.
struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

/// Every migration, oldest first; the last one's version is the current schema version.
[[nodiscard]] std::span<const Migration> migrations();
[[nodiscard]] int currentSchemaVersion();

/// Identifies a Hearth database in the SQLite header ("HRTH").
inline constexpr int kApplicationId = 0x48525448;

/// Brings `db` from its version to `target` (tests use targets below the current one to build
/// databases of earlier versions). Before touching an existing database it writes a consistent
/// copy next to it, `<file>.v<N>.bak`; that path is returned (empty when nothing was backed up).
/// Throws StorageError when the file is newer than this app or not a Hearth database.
std::filesystem::path migrate(Database &db, int target = currentSchemaVersion());

} // namespace hearth
