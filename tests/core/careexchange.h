#pragma once

// Care tests: stores exchanging their change logs as sync would, including a therapist's replica,
// which receives only `care` changes (the server refuses it every other scope).
#include "care.h"
#include "fairreveal.h"
#include "needs.h"
#include "store.h"

#include <vector>

namespace hearth::test {

/// Every store's whole log to every other (merging is idempotent): private rows only between
/// stores of the same member, only `care` rows to a therapist's replica; after each merge, what
/// the sync client runs. Twice, so that what a settle step wrote goes out too.
inline void exchangeCare(const std::vector<Store *> &stores)
{
    for (int round = 0; round < 2; ++round)
        for (Store *from : stores)
            for (Store *to : stores) {
                if (from == to)
                    continue;
                const bool samePerson = from->meta("member_id") == to->meta("member_id");
                const bool therapist = to->meta("sync.role").value_or("") == "therapist";
                std::vector<Change> changes;
                for (auto &[seq, change] : from->changeLog(0, 100000))
                    if ((change.scope != "private" || samePerson) && (!therapist || change.scope == "care"))
                        changes.push_back(change);
                to->merge(changes);
                fair::revealDue(*to);
                settleSharedCopies(*to);
                settleCare(*to);
            }
}

} // namespace hearth::test
