#pragma once

// Two devices in one test, exchanging their change logs as sync would: private rows only between
// devices of the same person, and the reveal step and the shared copies' upkeep run after each
// merge (as the sync client does).
#include "fairreveal.h"
#include "needs.h"
#include "ritualbook.h"
#include "store.h"

#include <memory>
#include <vector>

namespace hearth::test {

/// One partner's device: a store, and how much of the other's change log it has merged.
struct Device {
    ManualClock clock{1'760'000'000'000};
    SeededRandom random;
    Store store;
    std::int64_t seen = 0; ///< the other device's change-log position merged so far

    explicit Device(std::uint64_t seed) : random(seed), store(":memory:", clock, random) {}
    /// A device whose database is the file `file`, for tests that look at its bytes.
    Device(std::uint64_t seed, const std::filesystem::path &file) : random(seed), store(file, clock, random) {}
};

/// Delivers what `from` wrote since `to` last heard from it, then runs `to`'s reveal step and
/// brings its shared items' copies in line, as the sync client does after a merge. Private rows
/// go only to the same person's devices, as the server and the keys see to.
inline void deliver(Device &from, Device &to, bool samePerson = false)
{
    std::vector<Change> changes;
    for (auto &[seq, change] : from.store.changeLog(to.seen, 100000)) {
        to.seen = seq;
        if (change.scope != "private" || samePerson)
            changes.push_back(change);
    }
    to.store.merge(changes);
    fair::revealDue(to.store);
    settleSharedCopies(to.store);
}

/// Maya makes the couple's profile on `maya`; `jonas` receives it and knows himself as the
/// partner, as joining does.
inline void pair(Device &maya, Device &jonas)
{
    RitualBook(maya.store).createProfile({"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"});
    deliver(maya, jonas);
    const Profile profile = RitualBook(maya.store).profile();
    jonas.store.setMeta("space_id", profile.space.id);
    jonas.store.setMeta("member_id", profile.partner.id);
}

} // namespace hearth::test
